"""A long table of plain text rows for the M&E report's appendix (one row per project), drawn directly.

reportlab's Table measures and draws every cell through its general machinery (styles per cell,
spans, Paragraph layout) and re-measures the rest of the table at each page break: for 20,000
projects that was most of the PDF's time. Here every cell is text set in advance (a column may
wrap onto several lines, see wrap_lines), so a row's height is known before drawing, a page break
is a lookup in the running total of heights, and a page's text is one text object. It looks like
pdf_draw._table: bold header on a tinted band repeated on every page, a hairline under each row.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from hub.core.pdf_fonts import draw_line, font_for, has_script
from hub.monitoring.report.pdf_draw import INK, LINE, PAPER_SOFT, SOFT, fonts

SIZE, LEADING = 7.5, 9.5  # the cells' type, as pdf_draw's "cell" style
HEAD_SIZE, HEAD_LEADING = 8, 9.6
PAD_X, PAD_Y = 3, 2.5


def wrap_lines(text: str, width: float, *, font: str | None = None, size: float = SIZE) -> list[str]:
    """Text broken into lines no wider than width, as a Paragraph breaks it: at spaces, after a
    line break in the text, and inside a word only when the word alone is wider than a line (its
    first piece then fills the line it starts on)."""
    font = font or fonts()[0]
    space = _width(" ", font, size)
    lines: list[str] = []
    for part in text.split("\n"):
        line, used = "", 0.0
        for word in part.split():
            w = _width(word, font, size)
            gap = space if line else 0.0
            if used + gap + w <= width:
                line, used = f"{line} {word}" if line else word, used + gap + w
                continue
            if w <= width:  # the word fits a line of its own
                lines.append(line)
                line, used = word, w
                continue
            while used + gap + w > width:  # a word wider than a line: fill this line with a piece of it
                cut = _fitting(word, width - used - gap, font, size)
                if cut == 0 and not line:
                    cut = 1  # not even one letter fits: one per line, never an endless loop
                if cut:
                    line = f"{line} {word[:cut]}" if line else word[:cut]
                    word = word[cut:]
                lines.append(line)
                line, used, gap = "", 0.0, 0.0
                w = stringWidth(word, font, size)
            line, used = word, w
        lines.append(line)
    return lines


def _fitting(word: str, room: float, font: str, size: float) -> int:
    """How many of the word's first letters fit in room."""
    cut = 0
    while cut < len(word) and stringWidth(word[: cut + 1], font, size) <= room:
        cut += 1
    return cut


class RowTable(Flowable):
    """header: column titles; rows: one list of cells per row, a cell being a str or a list of lines;
    widths: the columns' widths; numeric: the columns set flush right."""

    def __init__(self, header: list[str], rows: list[list], widths: list[float], *, numeric=(), _part=None):
        super().__init__()
        self.hAlign = "CENTER"  # where reportlab places a Table as wide as the text, so both line up
        self.header, self.widths, self.numeric = header, widths, frozenset(numeric)
        if _part is None:
            rows = [[[c] if isinstance(c, str) else list(c) for c in row] for row in rows]
            heights = [max(len(c) for c in row) * LEADING + 2 * PAD_Y for row in rows]
            _part = (rows, [0.0, *accumulate(heights)], 0, len(rows))
        self.rows, self.bottoms, self.start, self.end = _part
        self.head_h = HEAD_LEADING + 2 * PAD_Y

    def _height(self, start: int, end: int) -> float:
        return self.head_h + self.bottoms[end] - self.bottoms[start]

    def wrap(self, availWidth, availHeight):
        self.width, self.height = sum(self.widths), self._height(self.start, self.end)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        # the last row whose bottom is within reach of this page
        fits = bisect_right(self.bottoms, self.bottoms[self.start] + availHeight - self.head_h) - 1
        fits = min(fits, self.end)
        if fits <= self.start:
            return []  # not even one row: the whole table moves to the next page
        if fits >= self.end:
            return [self]
        return [self._slice(self.start, fits), self._slice(fits, self.end)]

    def _slice(self, start: int, end: int) -> RowTable:
        return RowTable(self.header, [], self.widths, numeric=self.numeric, _part=(self.rows, self.bottoms, start, end))

    def draw(self):
        canvas, (regular, bold) = self.canv, fonts()
        width, top = sum(self.widths), self._height(self.start, self.end)
        lefts = [0.0, *accumulate(self.widths)]
        canvas.saveState()
        canvas.setFillColor(PAPER_SOFT)
        canvas.rect(0, top - self.head_h, width, self.head_h, stroke=0, fill=1)
        text = canvas.beginText()
        text.setFillColor(INK)
        text.setFont(bold, HEAD_SIZE, HEAD_LEADING)
        self._cells(text, [[label] for label in self.header], top - PAD_Y - HEAD_SIZE, lefts, bold, HEAD_SIZE)
        text.setFont(regular, SIZE, LEADING)
        rules = []
        y = top - self.head_h
        for i in range(self.start, self.end):
            self._cells(text, self.rows[i], y - PAD_Y - SIZE, lefts, regular, SIZE)
            y -= self.bottoms[i + 1] - self.bottoms[i]
            rules.append((0, y, width, y))
        canvas.drawText(text)
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.3)
        canvas.lines(rules)
        canvas.setStrokeColor(SOFT)
        canvas.setLineWidth(0.8)
        canvas.line(0, top - self.head_h, width, top - self.head_h)
        canvas.restoreState()

    def _cells(self, text, cells: list[list[str]], baseline: float, lefts: list[float], font: str, size: float):
        """One cell: its origin, then a line and a move down per line (textLine: no width to measure).

        A line's PDF code is remembered for the document (``memo``, on its canvas): member names, focus
        areas, statuses and figures repeat on tens of thousands of rows, and encoding a line (reportlab's
        textLine: each letter looked up in the font's subsets, a font switch where the subset changes) was
        most of the appendix's time. The code depends on the font, its size and leading and the subset in use
        before the line, all in the key; the subsets' letters are the document's, so a line's code is the
        same each time. What textLine does besides writing the code is done here too: the cursor moves down
        a line, and the subset in use is the one the line left. A line in a script font is never remembered
        (draw_line sets it word by word)."""
        memo = _memo(self.canv)
        font_key = (text._fontname, text._fontsize, text._leading)
        remembered = text._canvas.bottomup  # (top-down text moves the other way: never the case here)
        leading = text._leading
        for column, lines in enumerate(cells):
            if len(lines) == 1 and not lines[0]:
                continue
            if column in self.numeric:
                x = lefts[column + 1] - PAD_X - _width(lines[0], font, size)
            else:
                x = lefts[column] + PAD_X
            if remembered:  # setTextOrigin, its operator remembered per point (columns and rows repeat on pages)
                origin = memo.get((x, baseline))
                if origin is None:
                    origin = memo[(x, baseline)] = f"1 0 0 1 {fp_str(x, baseline)} Tm"
                text._code.append(origin)
                text._x0 = text._x = x
                text._y0 = text._y = baseline
            else:
                text.setTextOrigin(x, baseline)
            for line in lines:
                key = (font_key, text._curSubset, line)
                found = memo.get(key) if remembered else None
                if found is not None:
                    text._x = text._x0
                    text._y = text._y0 = text._y - leading
                    text._code.append(found[0])
                    text._curSubset = found[1]
                elif has_script(line):  # a local name in Thai, Lao, Khmer or Myanmar: its words in their font
                    draw_line(text, line, font, size)
                else:
                    text.textLine(line)
                    memo[key] = (text._code[-1], text._curSubset)


def _memo(canvas) -> dict:
    """The PDF code of the lines drawn so far in this canvas's document (RowTable._cells)."""
    memo = getattr(canvas, "_hub_text_lines", None)
    if memo is None:
        memo = canvas._hub_text_lines = {}
    return memo


@lru_cache(maxsize=4096)
def _width(text: str, font: str, size: float) -> float:
    if has_script(text):  # measured as drawn: each word in a script font is set in it (draw_line)
        return sum(stringWidth(piece, font_for(piece) or font, size) for piece in re.split(r"(\s+)", text) if piece)
    return stringWidth(text, font, size)
