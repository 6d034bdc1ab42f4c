"""The drawing kit of the M&E report's PDF (hub.monitoring.report.pdf): fonts, colours and paragraph
styles, the canvas that keeps the file the same for the same data, and the bar charts and tables the
sections are made of. Drawn with reportlab.
"""

from __future__ import annotations

import time

from django.utils import formats
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import LongTable, Paragraph, Table, TableStyle

from hub.core.charts import format_number
from hub.core.pdf_fonts import base_fonts, paragraph, script_fonts

BRAND = colors.HexColor("#102a63")
INK = colors.HexColor("#1d2939")
SOFT = colors.HexColor("#475467")
LINE = colors.HexColor("#d0d5dd")
PAPER_SOFT = colors.HexColor("#f5f7fa")
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
TEXT_W = PAGE_W - 2 * MARGIN


def fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans if installed, else Helvetica (hub/core/pdf_fonts.py); words in
    Thai, Lao, Khmer or Myanmar script are set in their Noto font by _p."""
    regular, bold, _italic = base_fonts()
    script_fonts()
    return regular, bold


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, textColor=INK, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=SOFT),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.5),
        "cover_kicker": ParagraphStyle("kicker", parent=base, fontName=bold, fontSize=13, leading=18, textColor=BRAND),
        "cover_title": ParagraphStyle("cover", parent=base, fontName=bold, fontSize=30, leading=36, textColor=BRAND),
        "cover_sub": ParagraphStyle("cover_sub", parent=base, fontSize=14, leading=20, textColor=INK),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=bold, fontSize=17, leading=22, spaceBefore=4, spaceAfter=8, textColor=BRAND
        ),
        "h2": ParagraphStyle("h2", parent=base, fontName=bold, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", parent=base, fontName=bold, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2),
        "figure": ParagraphStyle("figure", parent=base, fontName=bold, fontSize=24, leading=28, textColor=BRAND),
        "figure_label": ParagraphStyle("figure_label", parent=base, fontSize=9, leading=12, textColor=SOFT),
        "banner": ParagraphStyle(
            "banner",
            parent=base,
            fontName=bold,
            fontSize=10,
            leading=14,
            textColor=colors.HexColor("#7a2e0e"),
            backColor=colors.HexColor("#fef6e7"),
            borderPadding=6,
        ),
    }


class _Stamp(TimeStamp):
    """reportlab's invariant time stamp, moved to the report's own date."""

    def __init__(self, epoch: float):
        super().__init__(invariant=1)
        self.t = epoch
        self.lt = time.gmtime(epoch)
        self.YMDhms = tuple(self.lt)[:6]


def _canvas_maker(epoch: float, title: str):
    class ReportCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _Stamp(epoch)
            self.setTitle(title)
            self.setAuthor("ASEAN Smart Cities Network — ASCN Hub")
            self.setSubject(title)
            self.setCreator("ASCN Hub")

    return ReportCanvas


def _p(text: str, style) -> Paragraph:
    return paragraph(text, style)


def _shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut after a whole word (a single word longer than that is cut)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def long_date(value) -> str:
    """A day as the report's language writes it ("1 October 2024", "1 Oktober 2024"): Django's formats and
    month names for the active language, never strftime (which writes the C locale's English names)."""
    return formats.date_format(value, "j F Y")


def long_time(value) -> str:
    """A moment (UTC) with its day in the report's language: "4 December 2025, 09:30 UTC"."""
    return formats.date_format(value, "j F Y") + formats.date_format(value, ", H:i") + " UTC"


# --- charts -------------------------------------------------------------------------------------------


LABEL_SIZE, LABEL_LEADING = 8, 9


def _label_lines(label: str, width: float) -> list[str]:
    """A chart label broken at spaces into lines that fit (a word is cut only when it alone is wider)."""
    from hub.monitoring.report.pdf_rows import wrap_lines  # pdf_rows builds on this module

    return wrap_lines(label, width, font=fonts()[0], size=LABEL_SIZE)


def _labels(d: Drawing, lines: list[str], right: float, middle: float) -> None:
    """Lines of a label, flush right at ``right`` and centred on ``middle``."""
    regular = fonts()[0]
    top = middle + (len(lines) - 1) * LABEL_LEADING / 2 - 3
    for k, line in enumerate(lines):
        y = top - k * LABEL_LEADING
        d.add(String(right, y, line, fontName=regular, fontSize=LABEL_SIZE, fillColor=INK, textAnchor="end"))


def _label_width(rows, width: float, share: float) -> float:
    regular = fonts()[0]
    widest = max((pdfmetrics.stringWidth(label, regular, LABEL_SIZE) for label, _ in rows), default=40)
    return min(widest + 8, width * share)


def _bars(rows: list[tuple[str, int]], *, width: float = TEXT_W, colour=BRAND, colours=None) -> Drawing:
    """Horizontal bars; a label too long for its column wraps onto more lines, never cut."""
    regular, _bold = fonts()
    bar_h, gap = 13, 5
    label_w = _label_width(rows, width, 0.42)
    labels = [_label_lines(label, label_w - 8) for label, _ in rows]
    heights = [max(bar_h, len(lines) * LABEL_LEADING + 2) for lines in labels]
    top_value = max((v for _, v in rows), default=0) or 1
    space = width - label_w - 30
    height = sum(h + gap for h in heights) + 4
    d = Drawing(width, height)
    y = height
    for i, ((_label, value), lines, row_h) in enumerate(zip(rows, labels, heights, strict=True)):
        y -= row_h + gap
        middle = y + row_h / 2
        _labels(d, lines, label_w - 6, middle)
        w = space * value / top_value
        if w > 0:
            fill = colors.HexColor(colours[i]) if colours else colour
            d.add(Rect(label_w, middle - bar_h / 2, w, bar_h, fillColor=fill, strokeColor=None))
        d.add(String(label_w + w + 4, middle - 3, format_number(value), fontName=regular, fontSize=8, fillColor=SOFT))
    d.add(Line(label_w, 0, label_w, height, strokeColor=SOFT, strokeWidth=0.5))
    return d


def _stacked(rows: list[tuple[str, list[int]]], series: list[tuple[str, str]], *, width: float = TEXT_W) -> Drawing:
    """Stacked horizontal bars with a legend; labels wrap as in _bars."""
    regular, bold = fonts()
    bar_h, gap, legend_h = 15, 6, 20
    label_w = _label_width(rows, width, 0.4)
    labels = [_label_lines(label, label_w - 8) for label, _ in rows]
    heights = [max(bar_h, len(lines) * LABEL_LEADING + 2) for lines in labels]
    totals = [sum(values) for _, values in rows]
    top_value = max(totals, default=0) or 1
    space = width - label_w - 30
    height = legend_h + sum(h + gap for h in heights) + 4
    d = Drawing(width, height)
    x = label_w
    for name, colour in series:
        d.add(Rect(x, height - 12, 9, 9, fillColor=colors.HexColor(colour), strokeColor=None))
        d.add(String(x + 12, height - 11, name, fontName=regular, fontSize=8, fillColor=INK))
        x += 12 + pdfmetrics.stringWidth(name, regular, 8) + 14
    y = height - legend_h
    for (_label, values), total, lines, row_h in zip(rows, totals, labels, heights, strict=True):
        y -= row_h + gap
        middle = y + row_h / 2
        base = middle - bar_h / 2
        _labels(d, lines, label_w - 6, middle)
        x = label_w
        for value, (_name, colour) in zip(values, series, strict=True):
            w = space * value / top_value
            if w > 0:
                d.add(Rect(x, base, max(w - 0.8, 0.4), bar_h, fillColor=colors.HexColor(colour), strokeColor=None))
                if w > pdfmetrics.stringWidth(str(value), bold, 7.5) + 4:
                    d.add(
                        String(
                            x + w / 2,
                            base + 4.5,
                            str(value),
                            fontName=bold,
                            fontSize=7.5,
                            fillColor=colors.white,
                            textAnchor="middle",
                        )
                    )
            x += w
        d.add(String(x + 4, base + 4.5, str(total), fontName=bold, fontSize=8, fillColor=INK))
    d.add(Line(label_w, 0, label_w, height - legend_h, strokeColor=SOFT, strokeWidth=0.5))
    return d


def _table(rows: list[list], widths: list[float], *, long: bool = False, numeric: tuple[int, ...] = ()) -> Table:
    """A table with a bold header on a tinted band; header titles wrap at spaces within their column."""
    regular, bold = fonts()
    cls = LongTable if long else Table
    head = ParagraphStyle("table_head", fontName=bold, fontSize=8, leading=9.6, textColor=INK)
    head_right = ParagraphStyle("table_head_right", parent=head, alignment=TA_RIGHT)
    rows = [
        [_p(c, head_right if i in numeric else head) if isinstance(c, str) else c for i, c in enumerate(rows[0])],
        *rows[1:],
    ]
    table = cls(rows, colWidths=widths, repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, 0), bold, 8),
        ("FONT", (0, 1), (-1, -1), regular, 7.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), PAPER_SOFT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, SOFT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for column in numeric:
        style.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
    table.setStyle(TableStyle(style))
    return table
