"""What an import file holds: its tables (CSV: one; XLSX: one per sheet), their columns, and the problems found.

Reading only checks the shape of a table (known, unique and required columns, at most MAX_ROWS rows);
hub.projects.importing.rows checks what each row says.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hub.core.inputs import text_problem

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # what text_problem refuses in multi-line text
MAX_ROWS = 100_000  # per table; files are imported in bulk (and, from the page, in the background)
PROJECT_COLUMNS = {
    "member",
    "title",
    "summary",
    "focus_areas",
    "status",
    "start",
    "end",
    "language",
    "links",
    "slug",
    "local_title",
    "description",
    "partners",
    "funding",
    "sources",
    "confidence",
    "source_note",
}
VALUE_COLUMNS = {
    "project",
    "indicator",
    "unit",
    "period",
    "value",
    "source",
    "note",
    "label",
    "direction",
    "confidence",
}
REQUIRED = {"projects": ["member", "title", "focus_areas"], "values": ["project", "indicator", "period", "value"]}
ALIASES = {
    "member_slug": "member",
    "focus_area": "focus_areas",
    "project_slug": "project",
    "indicator_name": "indicator",
    "sources": "sources",
    "link": "links",
    "partners_text": "partners",
}
# Model field -> the column a service's message belongs to.


class UnreadableFile(Exception):
    """The file cannot be read at all (not CSV or XLSX, no header, too many rows)."""


@dataclass(frozen=True)
class Problem:
    table: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.table}, line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


@dataclass
class Report:
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[outcome] += 1

    def summary(self) -> list[str]:
        lines = []
        for kind, c in self.counts.items():
            lines.append(f"{kind}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged")
        return lines


@dataclass
class Table:
    name: str  # what reports call it: the file name, or "file.xlsx, sheet 'values'"
    kind: str  # "projects" or "values"
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line, cells by column)


# --- reading files ---------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _normalise(header: str) -> str:
    name = "_".join(str(header or "").strip().lower().replace("-", " ").split())
    return ALIASES.get(name, name)


def _table(
    name: str, raw_rows: Iterable[list[Any]], problems: list[Problem], *, text_only: bool = False, checked: bool = False
) -> Table | None:
    """``text_only``: every cell is text (CSV). ``checked``: the whole file is known to hold no control
    character (its cells need no check one by one)."""
    iterator = iter(raw_rows)
    header_row = None
    for header_row in iterator:
        if any(_cell_text(c) for c in header_row):
            break
    else:
        header_row = None
    if header_row is None:
        problems.append(Problem(name, 1, "", _("The table is empty: the first line must name the columns.")))
        return None
    headers = [_normalise(_cell_text(h)) for h in header_row]
    kind = "values" if "indicator" in headers or "value" in headers else "projects"
    allowed = VALUE_COLUMNS if kind == "values" else PROJECT_COLUMNS
    seen = set()
    for header in headers:
        if not header:
            continue
        if header not in allowed:
            problems.append(
                Problem(
                    name,
                    1,
                    header,
                    _("Unknown column. Known columns: %(cols)s.") % {"cols": ", ".join(sorted(allowed))},
                )
            )
        if header in seen:
            problems.append(Problem(name, 1, header, _("This column appears twice.")))
        seen.add(header)
    for required in REQUIRED[kind]:
        if required not in headers:
            problems.append(Problem(name, 1, required, _("Required column is missing.")))
    rows = []
    width = len(headers)
    named = [(i, h) for i, h in enumerate(headers) if h]
    every = len(named) == width  # no column without a header: a row of text is zipped with the headers
    strip = str.strip
    for index, raw in enumerate(iterator, start=2):
        if every and len(raw) == width and text_only:
            cells = dict(zip(headers, map(strip, raw), strict=True))
        else:
            cells = {
                h: (raw[i].strip() if type(raw[i]) is str else _cell_text(raw[i])) if i < len(raw) else ""
                for i, h in named
            }
        if any(cells.values()):
            rows.append((index, cells))
            if checked:
                continue
            for header, text in cells.items():
                # The hub's one rule for text (hub.core.inputs): no NUL, which PostgreSQL cannot store, and no
                # other control character but tab and line breaks. Reported here, by line and column.
                if _CONTROL.search(text):
                    problems.append(Problem(name, index, header, text_problem(text)))
        if len(rows) > MAX_ROWS:
            raise UnreadableFile(
                _("%(name)s has more than %(max)s rows; split the file.") % {"name": name, "max": MAX_ROWS}
            )
    return Table(name, kind, headers, rows)


def read_tables(content: bytes, filename: str, problems: list[Problem]) -> list[Table]:
    """The tables of a CSV (one) or XLSX (one per sheet that has data) file."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx" or content[:2] == b"PK":
        return _read_xlsx(content, filename, problems)
    if suffix not in {".csv", ".txt", ""}:
        raise UnreadableFile(_("Upload a CSV (.csv) or Excel (.xlsx) file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(_("The CSV file is not UTF-8 text; save it as 'CSV UTF-8'.")) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    clean = _CONTROL.search(text) is None  # one search of the whole file, rather than one per cell
    table = _table(Path(filename).name, csv.reader(io.StringIO(text), dialect), problems, text_only=True, checked=clean)
    return [table] if table else []


def _read_xlsx(content: bytes, filename: str, problems: list[Problem]) -> list[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableFile(_("The file is not a readable Excel workbook (.xlsx).")) from exc
    tables = []
    try:
        for sheet in workbook.worksheets:
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            if not any(any(_cell_text(c) for c in r) for r in rows):
                continue
            table = _table(f"{Path(filename).name}, sheet '{sheet.title}'", rows, problems)
            if table:
                tables.append(table)
    finally:
        workbook.close()
    if not tables and not problems:
        problems.append(Problem(Path(filename).name, 1, "", _("The workbook has no data.")))
    return tables
