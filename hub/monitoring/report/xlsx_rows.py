"""The rows of a big worksheet as XML text, written the way openpyxl writes them, at a fraction of the cost.

openpyxl builds and serialises an element tree for every cell (about 25 µs each), which made the
workbook of a network with 20,000 projects take over ten seconds. The report's tables hold only text
and numbers, so their rows are written here as plain strings: openpyxl still writes the workbook
around them (styles, columns, frozen header, filter), and sheets.py puts these rows inside its
``<sheetData>``. The cells say exactly what openpyxl would say (same types, escaping, whitespace
rule, 32,767-character limit, error codes, refusal of control characters): the tests compare the
two writers' sheets byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

MAX_TEXT = 32767  # Excel's limit for a cell's text; openpyxl cuts longer text there
_ERRORS = frozenset(ERROR_CODES)


def _escape(text: str) -> str:
    """ElementTree's escaping of element text (what openpyxl's writer uses)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _text(value: str) -> str:
    """A text cell after its reference and style: type and content."""
    value = value[:MAX_TEXT]
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
    if value == "":
        return ' t="inlineStr" />'
    if value in _ERRORS:
        return f' t="e"><v>{_escape(value)}</v></c>'
    stripped = value.strip()
    space = ' xml:space="preserve"' if stripped and stripped != value else ""
    return f' t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'


def _number_cell(ref: str, value: int | float | Decimal) -> str:
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite: openpyxl writes nothing
        return f'<c r="{ref}" t="n"><v /></c>'
    return f'<c r="{ref}" t="n"><v>{"%.16g" % value}</v></c>'  # noqa: UP031 (openpyxl's own format)


def rows_xml(
    rows: Iterable[list],
    *,
    first_row: int,
    widths: list[int],
    wrapped: set[int],
    wrap_style: Callable[[], int],
) -> tuple[bytes, int]:
    """The ``<row>`` elements (UTF-8) for rows numbered from first_row, and how many; widths grow to each
    column's longest text (at most 60); a text in a wrapped column gets the style wrap_style() registers."""
    heads = [f'<c r="{get_column_letter(i + 1)}' for i in range(len(widths))]  # a cell's start, by column
    style_of_wrapped = ""
    known: dict[str, str] = {}
    parts: list[bytes] = []  # a row's bytes each: one str per cell, or one str of all, would take more memory
    number = first_row - 1
    for number, row in enumerate(rows, start=first_row):
        at = f'{number}"'
        cells = [f'<row r="{number}">']
        append = cells.append
        for i, value in enumerate(row):
            if type(value) is str:  # most cells: no str() to measure it, no isinstance chain
                width = len(value)
                if width > widths[i] < 60:
                    widths[i] = min(width, 60)
                style = ""
                if i in wrapped:
                    style_of_wrapped = style_of_wrapped or f' s="{wrap_style()}"'
                    style = style_of_wrapped
                text = known.get(value)
                if text is None:
                    text = _text(value)
                    if len(value) <= 64:  # short texts repeat (cycle, country, status, yes/no)
                        known[value] = text
                append(f"{heads[i]}{at}{style}{text}")
                continue
            width = len(str(value))
            if width > widths[i] < 60:
                widths[i] = min(width, 60)
            if value is None:
                continue
            ref = f"{heads[i][6:]}{number}"
            if isinstance(value, str):
                text = known.get(value)
                if text is None:
                    text = _text(value)
                style = style_of_wrapped if i in wrapped else ""
                if i in wrapped and not style:
                    style = style_of_wrapped = f' s="{wrap_style()}"'
                append(f'<c r="{ref}"{style}{text}')
            elif isinstance(value, int | float | Decimal):
                append(_number_cell(ref, value))
            else:
                raise TypeError(f"A report table holds text and numbers only, not {type(value).__name__}")
        append("</row>")
        parts.append("".join(cells).encode())
    return b"".join(parts), number - first_row + 1
