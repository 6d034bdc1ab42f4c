"""The one CSV writer of the hub: every export (pages, API, commands, the M&E report) writes through it.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or a carriage
return) as a formula: a title ``=HYPERLINK("http://evil", "click")`` written raw would become a live link,
or worse, on the reader's machine. Such text gets a leading apostrophe (OWASP's advice on CSV injection);
numbers keep their sign (``-3.5`` stays a number).

    from hub.core.exports import csv_response, csv_bytes, csv_safe

    return csv_response(columns, rows, filename="ascn-members.csv")   # streamed, for pages and the API
    data = csv_bytes(columns, rows)                                   # whole, for files and reports

The open-data downloads (hub.opendata) add ``xlsx_file`` (the same neutralising, cell by cell), ``json_lines``
(a streamed JSON array) and ``guarded`` (a stream that fails after its first byte ends with a line saying so).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import StreamingHttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_safe(value: Any) -> Any:
    """``value`` as a spreadsheet may open it safely: text a spreadsheet would run gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streamed response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The header, then one CSV line per row, every cell made safe (see csv_safe)."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow([csv_safe(value) for value in row])


def csv_blocks(columns: Sequence[str], blocks: Iterable[Sequence[Sequence[Any]]]) -> Iterator[str]:
    """The header, then the lines of each block of rows as one text: for rows whose cells are already safe
    (csv_safe, e.g. hub.opendata.rows), so that a large export costs no Python call per cell or per line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for block in blocks:
        writer.writerows(block)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    if out.tell():
        yield out.getvalue()


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    for line in csv_lines(columns, rows):
        out.write(line)
    return out.getvalue().encode("utf-8")


def csv_response(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, filename: str) -> StreamingHttpResponse:
    """A streamed download: rows are read (and written) one at a time, so a large export needs little memory.

    Check the request (filters, rights) before calling: once streaming starts the status is sent."""
    # A failure after the first line cannot change the status any more: the file then ends saying so.
    response = StreamingHttpResponse(
        guarded(csv_lines(columns, rows), csv_error_line()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- XLSX and JSON, for the open-data downloads (hub.opendata) ------------------------------------------

BROKEN_OFF = "ERROR: the download broke off here because of a server error; this file is incomplete."


def guarded(lines: Iterable[str], last_line: str) -> Iterator[str]:
    """``lines``, then ``last_line`` if reading them fails: a stream that breaks off after its status (200)
    was sent ends with a line that says so (and, in JSON, leaves the document invalid) instead of looking
    complete. The error is logged as any server error is."""
    import logging

    try:
        yield from lines
    except Exception:
        logging.getLogger("django.request").exception("Download broke off")
        yield last_line


def csv_error_line() -> str:
    return csv_lines([BROKEN_OFF], []).__next__()


def xlsx_file(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "data"):
    """An XLSX workbook of one sheet (header, then the rows), written to a temporary file and returned open at
    its start. openpyxl's write-only mode keeps one row in memory; the file is whole before a response starts,
    so an error while writing it is an ordinary error page, never a truncated download. Text cells are made
    safe as in CSV (csv_safe): openpyxl would store ``=...`` as a live formula."""
    import tempfile

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(columns))
    for row in rows:
        sheet.append([csv_safe(value) for value in row])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def json_lines(items: Iterable[str]) -> Iterator[str]:
    """A JSON array streamed from items already encoded as JSON text, one item a line."""
    yield "["
    first = True
    for item in items:
        yield ("\n" if first else ",\n") + item
        first = False
    yield "\n]\n"


def json_error_line() -> str:
    # After an unfinished array this is not valid JSON: a parser refuses the file instead of reading a part.
    import json

    return "\n" + json.dumps({"error": BROKEN_OFF}) + "\n"
