"""The annual M&E report as a PDF a minister can read: cover, key figures, charts, membership changes,
highlights and challenges, reported figures, and an appendix of every project.

Drawn with reportlab. Text uses DejaVu Sans where installed (Debian's fonts-dejavu-core), which covers
the Latin, Vietnamese and Greek letters of the names; reportlab's built-in Helvetica is the fallback.
The file is the same for the same data: reportlab's invariant mode, and the document's creation date
set to the report's date (the latest acceptance in the cycle) instead of the time of writing.
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from hub.monitoring.charts import STATUS_COLOURS, format_number
from hub.monitoring.report.data import ReportData
from hub.monitoring.report.tables import plain_decimal
from hub.projects.models import ProjectStatus

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
BRAND = colors.HexColor("#102a63")
INK = colors.HexColor("#1d2939")
SOFT = colors.HexColor("#475467")
LINE = colors.HexColor("#d0d5dd")
PAPER_SOFT = colors.HexColor("#f5f7fa")
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
TEXT_W = PAGE_W - 2 * MARGIN

# A minister reads the first pages; analysts have the XLSX. Long sections stop here and say so.
MAX_HIGHLIGHTS = 60
MAX_CHALLENGES = 60
MAX_VALUES = 120

_fonts: tuple[str, str] | None = None


def fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans if installed, else Helvetica."""
    global _fonts
    if _fonts is None:
        regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
        try:
            pdfmetrics.registerFont(TTFont("HubSans", str(regular)))
            pdfmetrics.registerFont(TTFont("HubSans-Bold", str(bold)))
            pdfmetrics.registerFontFamily("HubSans", normal="HubSans", bold="HubSans-Bold")
            _fonts = ("HubSans", "HubSans-Bold")
        except Exception:  # missing or unreadable font file: the built-in font still writes Latin text
            _fonts = ("Helvetica", "Helvetica-Bold")
    return _fonts


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
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- charts -------------------------------------------------------------------------------------------


def _bars(rows: list[tuple[str, int]], *, width: float = TEXT_W, colour=BRAND, colours=None) -> Drawing:
    regular, _bold = fonts()
    bar_h, gap = 13, 5
    label_w = min(max((pdfmetrics.stringWidth(label, regular, 8) for label, _ in rows), default=40) + 8, width * 0.42)
    top_value = max((v for _, v in rows), default=0) or 1
    space = width - label_w - 30
    height = len(rows) * (bar_h + gap) + 4
    d = Drawing(width, height)
    for i, (label, value) in enumerate(rows):
        y = height - (i + 1) * (bar_h + gap)
        d.add(String(label_w - 6, y + 3.5, label, fontName=regular, fontSize=8, fillColor=INK, textAnchor="end"))
        w = space * value / top_value
        if w > 0:
            fill = colors.HexColor(colours[i]) if colours else colour
            d.add(Rect(label_w, y, w, bar_h, fillColor=fill, strokeColor=None))
        d.add(String(label_w + w + 4, y + 3.5, format_number(value), fontName=regular, fontSize=8, fillColor=SOFT))
    d.add(Line(label_w, 0, label_w, height, strokeColor=SOFT, strokeWidth=0.5))
    return d


def _stacked(rows: list[tuple[str, list[int]]], series: list[tuple[str, str]], *, width: float = TEXT_W) -> Drawing:
    regular, bold = fonts()
    bar_h, gap, legend_h = 15, 6, 20
    label_w = min(max((pdfmetrics.stringWidth(label, regular, 8) for label, _ in rows), default=40) + 8, width * 0.4)
    totals = [sum(values) for _, values in rows]
    top_value = max(totals, default=0) or 1
    space = width - label_w - 30
    height = legend_h + len(rows) * (bar_h + gap) + 4
    d = Drawing(width, height)
    x = label_w
    for name, colour in series:
        d.add(Rect(x, height - 12, 9, 9, fillColor=colors.HexColor(colour), strokeColor=None))
        d.add(String(x + 12, height - 11, name, fontName=regular, fontSize=8, fillColor=INK))
        x += 12 + pdfmetrics.stringWidth(name, regular, 8) + 14
    for i, ((label, values), total) in enumerate(zip(rows, totals, strict=True)):
        y = height - legend_h - (i + 1) * (bar_h + gap)
        d.add(String(label_w - 6, y + 4.5, label, fontName=regular, fontSize=8, fillColor=INK, textAnchor="end"))
        x = label_w
        for value, (_name, colour) in zip(values, series, strict=True):
            w = space * value / top_value
            if w > 0:
                d.add(Rect(x, y, max(w - 0.8, 0.4), bar_h, fillColor=colors.HexColor(colour), strokeColor=None))
                if w > pdfmetrics.stringWidth(str(value), bold, 7.5) + 4:
                    d.add(
                        String(
                            x + w / 2,
                            y + 4.5,
                            str(value),
                            fontName=bold,
                            fontSize=7.5,
                            fillColor=colors.white,
                            textAnchor="middle",
                        )
                    )
            x += w
        d.add(String(x + 4, y + 4.5, str(total), fontName=bold, fontSize=8, fillColor=INK))
    d.add(Line(label_w, 0, label_w, height - legend_h, strokeColor=SOFT, strokeWidth=0.5))
    return d


def _table(rows: list[list], widths: list[float], *, long: bool = False, numeric: tuple[int, ...] = ()) -> Table:
    regular, bold = fonts()
    cls = LongTable if long else Table
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


# --- sections -----------------------------------------------------------------------------------------


def _status_label(status: str) -> str:
    label = str(ProjectStatus(status).label) if status in ProjectStatus.values else status
    return label[:1].upper() + label[1:]


MEMBERSHIP_CHANGE = {
    "member": gettext_lazy("Joined the network"),
    "candidate": gettext_lazy("Became a candidate"),
    "withdrawn": gettext_lazy("Withdrew"),
}


def _cover(data: ReportData, s) -> list:
    c = data.cycle
    story = [
        Spacer(1, 40 * mm),
        _p(_("ASEAN Smart Cities Network"), s["cover_kicker"]),
        Spacer(1, 6 * mm),
        _p(_("Monitoring & Evaluation Report %(cycle)s") % {"cycle": c.label}, s["cover_title"]),
        Spacer(1, 8 * mm),
        _p(
            _("Reporting period: %(start)s to %(end)s")
            % {"start": c.start_date.strftime("%-d %B %Y"), "end": c.end_date.strftime("%-d %B %Y")},
            s["cover_sub"],
        ),
        Spacer(1, 4 * mm),
        _p(_("Data as of %(when)s") % {"when": data.as_of.strftime("%-d %B %Y, %H:%M UTC")}, s["cover_sub"]),
        Spacer(1, 14 * mm),
        _p(
            _(
                "Generated by ASCN Hub from the projects catalogue and the progress updates that members "
                "submitted, their National Representatives endorsed and the ASEAN Secretariat accepted. "
                "Drafts and updates still under review are not included."
            ),
            s["body"],
        ),
    ]
    if data.provisional:
        story += [
            Spacer(1, 6 * mm),
            _p(
                _("Provisional: the %(cycle)s cycle is still %(state)s, so its figures may change.")
                % {"cycle": c.label, "state": c.get_state_display()},
                s["banner"],
            ),
        ]
    if data.demo_projects:
        story += [
            Spacer(1, 6 * mm),
            _p(
                _("Contains demo data: %(n)s of the projects are made up for demonstration, not real.")
                % {"n": data.demo_projects},
                s["banner"],
            ),
        ]
    return [*story, PageBreak()]


def _key_figures(data: ReportData, s) -> list:
    f = data.figures
    share = f"{f.accepted_share} %" if f.accepted_share is not None else "—"
    cells = [
        (format_number(f.projects), ngettext("project", "projects", f.projects)),
        (format_number(f.members), ngettext("member with projects", "members with projects", f.members)),
        (format_number(f.countries), ngettext("country", "countries", f.countries)),
        (format_number(f.accepted), ngettext("progress update accepted", "progress updates accepted", f.accepted)),
        (share, _("of the projects expected to report did")),
        (f"{f.average_progress:g} %" if f.average_progress is not None else "—", _("average progress reported")),
    ]
    grid = [[[_p(v, s["figure"]), _p(label, s["figure_label"])] for v, label in cells[i : i + 3]] for i in (0, 3)]
    table = Table(grid, colWidths=[TEXT_W / 3] * 3)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.5, LINE),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, LINE),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    summary = _(
        "Projects: %(projects)s · Members with projects: %(members)s · Countries: %(countries)s · "
        "Updates accepted: %(accepted)s of %(expected)s expected"
    ) % {
        "projects": f.projects,
        "members": f.members,
        "countries": f.countries,
        "accepted": f.accepted,
        "expected": f.expected,
    }
    return [
        _p(_("Key figures"), s["h1"]),
        _p(summary, s["h3"]),
        _p(
            _(
                "A project counts in the cycle when its member was a member of the network at the cycle's end "
                "and the project had started by then. Its status is the one its accepted update for the cycle "
                "reports, else its latest accepted update, else the catalogue's."
            ),
            s["small"],
        ),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 6 * mm),
        _p(_("Projects by status"), s["h2"]),
        _bars(
            [(_status_label(k), v) for k, v in f.by_status.items()],
            colours=[STATUS_COLOURS[k] for k in f.by_status],
        ),
    ]


def _charts(data: ReportData, s) -> list:
    f = data.figures
    statuses = list(f.by_status)
    series = [(_status_label(k), STATUS_COLOURS[k]) for k in statuses]
    focus_rows = [(area.name, [counts[k] for k in statuses]) for area, counts in f.by_focus]
    focus_table = [[_("Focus area"), *[name for name, _c in series], _("Total")]] + [
        [label, *[str(v) for v in values], str(sum(values))] for label, values in focus_rows
    ]
    return [
        CondPageBreak(90 * mm),
        _p(_("Projects by focus area and status"), s["h2"]),
        _p(_("A project may serve several focus areas, so these counts add up to more than the projects."), s["small"]),
        Spacer(1, 2 * mm),
        _stacked(focus_rows, series),
        Spacer(1, 3 * mm),
        _table(
            focus_table,
            [TEXT_W * 0.32] + [TEXT_W * 0.68 / (len(series) + 1)] * (len(series) + 1),
            numeric=tuple(range(1, len(series) + 2)),
        ),
        CondPageBreak(80 * mm),
        _p(_("Projects by country"), s["h2"]),
        _bars([(name, n) for _code, name, n in f.by_country]) if f.by_country else _p(_("No projects."), s["body"]),
    ]


def _membership(data: ReportData, s) -> list:
    story = [CondPageBreak(60 * mm), _p(_("Membership changes in the cycle"), s["h1"])]
    if not data.membership_events:
        return [*story, _p(_("No member joined, became a candidate or withdrew in this cycle."), s["body"])]
    rows = [[_("Date"), _("Member"), _("Country"), _("Change"), _("Decided by")]]
    for e in data.membership_events:
        rows.append(
            [
                e.effective_display,
                _p(e.member.name, s["cell"]),
                e.member.country.name,
                str(MEMBERSHIP_CHANGE.get(e.status, e.status)),
                _p(e.decided_by or "—", s["cell"]),
            ]
        )
    story += [
        _p(
            _("Dates are as precise as the sources give them (a year or a month where the day is not known)."),
            s["small"],
        ),
        Spacer(1, 2 * mm),
        _table(rows, [TEXT_W * w for w in (0.11, 0.22, 0.15, 0.2, 0.32)], long=True),
    ]
    return story


def _update_heading(u) -> str:
    return f"{u.project.member.name} — {u.project.title}"


def _highlights(data: ReportData, s) -> list:
    story = [PageBreak(), _p(_("Highlights"), s["h1"])]
    if not data.updates:
        return [*story, _p(_("No progress update has been accepted for this cycle yet."), s["body"])]
    country = None
    for u in data.updates[:MAX_HIGHLIGHTS]:
        if u.project.member.country.name != country:
            country = u.project.member.country.name
            story.append(_p(country, s["h2"]))
        block = [
            _p(_update_heading(u), s["h3"]),
            _p(
                _("Status: %(status)s · progress %(progress)s %%")
                % {"status": _status_label(u.status), "progress": u.progress},
                s["small"],
            ),
        ]
        for milestone in u.milestones[:6]:
            block.append(_p("• " + _shorten(milestone, 200), s["body"]))
        if u.narrative:
            block.append(_p(_shorten(u.narrative, 900), s["body"]))
        story.append(KeepTogether([*block, Spacer(1, 3 * mm)]))
    if len(data.updates) > MAX_HIGHLIGHTS:
        story.append(
            _p(
                _("%(n)s more accepted updates are in the XLSX and CSV files of this report.")
                % {"n": len(data.updates) - MAX_HIGHLIGHTS},
                s["small"],
            )
        )
    return story


def _challenges(data: ReportData, s) -> list:
    with_text = [u for u in data.updates if u.challenges.strip() or u.support_needed.strip()]
    story = [CondPageBreak(60 * mm), _p(_("Challenges and support needed"), s["h1"])]
    if not with_text:
        return [*story, _p(_("No accepted update of this cycle names a challenge."), s["body"])]
    for u in with_text[:MAX_CHALLENGES]:
        block = [_p(f"{_update_heading(u)} ({u.project.member.country.name})", s["h3"])]
        if u.challenges.strip():
            block.append(_p(_shorten(u.challenges, 700), s["body"]))
        if u.support_needed.strip():
            block.append(_p(_("Support needed: %(text)s") % {"text": _shorten(u.support_needed, 500)}, s["body"]))
        story.append(KeepTogether([*block, Spacer(1, 3 * mm)]))
    if len(with_text) > MAX_CHALLENGES:
        story.append(
            _p(_("%(n)s more are in the XLSX and CSV files.") % {"n": len(with_text) - MAX_CHALLENGES}, s["small"])
        )
    return story


def _figures_reported(data: ReportData, s) -> list:
    story = [CondPageBreak(60 * mm), _p(_("Indicator figures for the cycle"), s["h1"])]
    if not data.values:
        return [*story, _p(_("No indicator figure falls in this cycle."), s["body"])]
    rows = [[_("Member"), _("Project"), _("Indicator"), _("Period"), _("Value"), _("Target")]]
    for v in data.values[:MAX_VALUES]:
        i = v.indicator
        rows.append(
            [
                _p(i.project.member.name, s["cell"]),
                _p(i.project.title, s["cell"]),
                _p(f"{i.name} ({i.unit})", s["cell"]),
                v.period_label + (" *" if v.undated else ""),
                format_number(v.value),
                format_number(i.target) if i.target is not None else "—",
            ]
        )
    story += [
        _p(
            _("Figures from accepted progress updates and from the sourced reference data. * undated in its source."),
            s["small"],
        ),
        Spacer(1, 2 * mm),
        _table(rows, [TEXT_W * w for w in (0.17, 0.22, 0.27, 0.12, 0.11, 0.11)], long=True, numeric=(4, 5)),
    ]
    if len(data.values) > MAX_VALUES:
        story.append(
            _p(
                _("%(n)s more figures are in the XLSX and CSV files.") % {"n": len(data.values) - MAX_VALUES},
                s["small"],
            )
        )
    return story


# Rows per appendix table: reportlab re-measures the rest of a table at every page break, so one table of
# thousands of rows costs time in the square of its length; blocks keep it linear.
APPENDIX_BLOCK = 200


def _fit(text: str, width: float, size: float = 7.5) -> str:
    """Shorten text to about what fits in a column (average glyph width ~0.55 em); tables stay one line per cell."""
    return _shorten(text, max(int((width - 6) / (size * 0.55)), 4))


def _appendix(data: ReportData, s) -> list:
    story = [PageBreak(), _p(_("Appendix: all projects of the cycle"), s["h1"])]
    if not data.projects:
        return [*story, _p(_("No project counts in this cycle."), s["body"])]
    story.append(_p(_("“Reported” says whether an update of the project was accepted for this cycle."), s["small"]))
    widths = [TEXT_W * w for w in (0.18, 0.31, 0.22, 0.12, 0.08, 0.09)]
    header = [_("Member"), _("Project"), _("Focus areas"), _("Status"), _("Progress"), _("Reported")]
    by_country: dict[str, list] = {}
    for line in data.projects:
        by_country.setdefault(line.row.country_name, []).append(line)
    for country, lines in by_country.items():
        story.append(_p(country, s["h2"]))
        for start in range(0, len(lines), APPENDIX_BLOCK):
            rows = [header]
            for line in lines[start : start + APPENDIX_BLOCK]:
                p = line.row
                rows.append(
                    [
                        _fit(p.member_name, widths[0]),
                        _p(p.title + (" (demo)" if p.is_demo else ""), s["cell"]),
                        _fit(", ".join(line.focus_areas), widths[2]),
                        _status_label(line.status),
                        f"{line.progress} %" if line.progress is not None else "—",
                        _("yes") if line.reported else _("no"),
                    ]
                )
            story.append(_table(rows, widths, long=True, numeric=(4,)))
    return story


def render_pdf(data: ReportData) -> bytes:
    s = _styles()
    regular, _bold = fonts()
    title = _("ASCN Monitoring & Evaluation Report %(cycle)s") % {"cycle": data.cycle.label}
    footer = title + (" · " + _("provisional") if data.provisional else "")

    def later_pages(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(SOFT)
        canvas.drawString(MARGIN, 10 * mm, footer)
        canvas.drawRightString(PAGE_W - MARGIN, 10 * mm, _("Page %(n)s") % {"n": doc.page})
        canvas.setStrokeColor(LINE)
        canvas.line(MARGIN, 13 * mm, PAGE_W - MARGIN, 13 * mm)
        canvas.restoreState()

    def first_page(canvas, doc):
        canvas.saveState()
        canvas.setFillColor(BRAND)
        canvas.rect(0, PAGE_H - 22 * mm, PAGE_W, 22 * mm, stroke=0, fill=1)
        canvas.rect(0, 0, PAGE_W, 8 * mm, stroke=0, fill=1)
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="ASCN Hub",
        invariant=1,
    )
    story = [
        *_cover(data, s),
        *_key_figures(data, s),
        *_charts(data, s),
        *_membership(data, s),
        *_highlights(data, s),
        *_challenges(data, s),
        *_figures_reported(data, s),
        *_appendix(data, s),
    ]
    doc.build(
        story,
        onFirstPage=first_page,
        onLaterPages=later_pages,
        canvasmaker=_canvas_maker(data.as_of.timestamp(), title),
    )
    return out.getvalue()


__all__ = ["fonts", "plain_decimal", "render_pdf"]
