"""The report for analysts: one CSV table, or an XLSX workbook with every table and the key figures.

Byte for byte the same for the same data: rows come sorted from ReportData, and the workbook's dates
(its document properties and the zip entries' times) are the report's date, not the time of writing.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from hub.core.exports import csv_bytes
from hub.monitoring.report.data import ReportData
from hub.monitoring.report.sections import report_sections
from hub.monitoring.report.tables import all_tables
from hub.monitoring.report.xlsx_rows import rows_xml
from hub.projects.models import ProjectStatus


def render_csv(data: ReportData, table: str = "projects") -> bytes:
    _, columns, rows = all_tables()[table]
    return csv_bytes(columns, rows(data))


def _styled(ws, values: list, font: Font) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=value)
        cell.font = font
        cells.append(cell)
    return cells


def _summary(ws, data: ReportData) -> None:
    f = data.figures
    bold = Font(bold=True)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 22
    ws.append(_styled(ws, [f"ASCN Monitoring & Evaluation report {data.cycle.label}"], Font(bold=True, size=14)))
    ws.append(["Reporting period", f"{data.cycle.start_date.isoformat()} to {data.cycle.end_date.isoformat()}"])
    ws.append(["Data as of", data.as_of.strftime("%Y-%m-%d %H:%M UTC")])
    ws.append(["Cycle state", data.cycle.state + (" (figures are provisional)" if data.provisional else "")])
    ws.append(
        ["Source", "Accepted progress updates and the projects catalogue of ASCN Hub; drafts are never included."]
    )
    if data.demo_projects:
        ws.append(["Demo data", f"{data.demo_projects} of the projects are made-up demo data (column 'demo')."])
    ws.append([])
    ws.append(_styled(ws, ["Key figure", "Value"], bold))
    for label, value in (
        ("Projects", f.projects),
        ("Members with projects", f.members),
        ("Countries", f.countries),
        ("Projects expected to report", f.expected),
        ("Progress updates accepted", f.accepted),
        ("Average progress (%)", f.average_progress if f.average_progress is not None else ""),
    ):
        ws.append([label, value])
    ws.append([])
    ws.append(_styled(ws, ["Status", "Projects"], bold))
    for status, count in f.by_status.items():
        ws.append([str(ProjectStatus(status).label), count])
    ws.append([])
    ws.append(_styled(ws, ["Focus area", *[str(ProjectStatus(s).label) for s in f.by_status], "Total"], bold))
    for area, counts in f.by_focus:
        ws.append([area.name, *counts.values(), sum(counts.values())])
    ws.append([])
    ws.append(_styled(ws, ["Country", "Projects"], bold))
    for _code, name, count in f.by_country:
        ws.append([name, count])
    _executive(ws, data, bold)


def _executive(ws, data: ReportData, bold: Font) -> None:
    """The executive summary's figures, as numbers (report/summary.py, history.py, the sections')."""
    sm = data.summary
    previous = sm.previous.label if sm.previous else "previous cycle"
    ws.append([])
    ws.append(_styled(ws, ["Executive summary", data.cycle.label, previous, "Change"], bold))
    for label, c in (
        ("Projects", sm.projects),
        ("Members of the network (last day)", sm.network_members),
        ("Members with projects", sm.members),
        ("Countries with projects", sm.countries),
        ("Progress updates accepted", sm.accepted),
        ("Average progress (%)", sm.average_progress),
    ):
        ws.append([label, _cell(c.now), _cell(c.before), _cell(c.change)])
    ws.append(["Accepted updates naming a challenge", sm.with_challenges])
    ws.append(["Accepted updates asking for support", sm.with_support])
    ws.append(["Projects completed in the cycle", len(sm.completed)])
    with translation.override("en"):  # the sheet's labels are English, as the rest of the workbook
        for section in report_sections():
            if section.figures is not None and section.key in data.sections:
                for label, value in section.figures(data.sections[section.key]):
                    ws.append([str(label), value])
    ws.append([])
    ws.append(
        _styled(ws, ["Focus area", "Projects", "Previous", "Completed", "Average progress (%)", "Previous"], bold)
    )
    for row in sm.focus:
        ws.append(
            [
                row.name,
                row.projects.now,
                _cell(row.projects.before),
                row.completed,
                _cell(row.average_progress.now),
                _cell(row.average_progress.before),
            ]
        )
    ws.append([])
    ws.append(_styled(ws, ["Published M&E report", "Projects, as published", "In the hub's rows"], bold))
    for r in sm.history.published:
        ws.append([r.title, r.projects, r.hub_count])
    ws.append([])
    ws.append(
        _styled(ws, ["Cycle", "Projects", "Members with projects", "Countries", "Updates accepted", "Demo"], bold)
    )
    for c in sm.history.cycles:
        ws.append([c.label, c.projects, c.members, c.countries, c.accepted, c.demo])


def _cell(value):
    return "" if value is None else value


_WRAPPED = ("narrative", "challenges", "support_needed", "milestones")


def _table(wb: Workbook, title: str, columns: list[str], rows) -> tuple[WriteOnlyWorksheet, bytes]:
    """One sheet: openpyxl writes its frame and header; the rows come as XML text from xlsx_rows
    (openpyxl's own cells cost ~25 µs each). Returns the sheet and its rows."""
    ws = wb.create_sheet(title)
    wrapped = {i for i, name in enumerate(columns) if name in _WRAPPED}

    def wrap_style() -> int:
        cell = WriteOnlyCell(ws)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell.style_id

    widths = [len(c) for c in columns]
    body, count = rows_xml(rows, first_row=2, widths=widths, wrapped=wrapped, wrap_style=wrap_style)
    for i, width in enumerate(widths, start=1):
        wide = columns[i - 1] in _WRAPPED
        ws.column_dimensions[get_column_letter(i)].width = 60 if wide else width + 2
    ws.freeze_panes = "A2"
    if count:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    return ws, body


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def render_xlsx(data: ReportData) -> bytes:
    wb = Workbook(write_only=True)
    _summary(wb.create_sheet("Summary"), data)
    tables = [_table(wb, title, columns, rows(data)) for title, columns, rows in all_tables().values()]
    stamp = data.as_of.replace(tzinfo=None)
    wb.properties.creator = "ASCN Hub"
    wb.properties.title = f"ASCN M&E report {data.cycle.label}"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    raw = io.BytesIO()
    wb.save(raw)
    bodies = {ws.path.lstrip("/"): body for ws, body in tables}  # a sheet's path is known once saved
    return _fix_zip(raw.getvalue(), stamp, bodies)


def _fix_zip(content: bytes, stamp, bodies: dict[str, bytes]) -> bytes:
    """openpyxl stamps the time of saving into the zip entries and docProps/core.xml: use the report's.
    The tables' rows (bodies, by sheet path) go into their sheets here."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    # Compression level 1: half the default's time for a file about a quarter larger (issue 10, target 4).
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _MODIFIED.sub(rb"\g<1>" + iso + rb"\g<2>", payload)
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry._compresslevel = 1  # an entry made by hand has none: zlib's default (6) would apply
            entry.external_attr = 0o600 << 16
            with target.open(entry, "w") as written:  # the same bytes as writestr, without joining the parts
                if info.filename in bodies:
                    head, end, tail = payload.partition(b"</sheetData>")
                    written.write(head)
                    written.write(bodies[info.filename])
                    payload = end + tail
                written.write(payload)
    return out.getvalue()
