"""The annual M&E report of a cycle, generated from accepted data: PDF for reading, XLSX and CSV for analysis.

    render(cycle, "pdf") -> Rendered(content, content_type, filename)

Used by the report page, the API (/api/v1/reports/{cycle}.pdf|.xlsx|.csv) and ``manage.py mereport``.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.monitoring.models import ReportingCycle
from hub.monitoring.report.data import ReportData, build
from hub.monitoring.report.pause import gc_paused
from hub.monitoring.report.tables import all_tables

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def __getattr__(name: str):
    # CSV_TABLES: the report's tables and those of the sections the apps register in ready(), so it is read
    # when asked for, not when this package is first imported (possibly before every app is ready).
    if name == "CSV_TABLES":
        return tuple(all_tables())
    raise AttributeError(name)


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    filename: str


@gc_paused
def render(cycle: ReportingCycle, fmt: str, *, table: str = "projects", data: ReportData | None = None) -> Rendered:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format '{fmt}': choose one of {', '.join(FORMATS)}")
    if fmt == "csv" and table not in all_tables():
        raise ValueError(f"Unknown table '{table}': choose one of {', '.join(all_tables())}")
    data = data or build(cycle)
    name = f"ascn-me-report-{cycle.slug}"
    if fmt == "pdf":
        from hub.monitoring.report.pdf import render_pdf

        return Rendered(render_pdf(data), FORMATS[fmt], f"{name}.pdf")
    from hub.monitoring.report.sheets import render_csv, render_xlsx

    if fmt == "xlsx":
        return Rendered(render_xlsx(data), FORMATS[fmt], f"{name}.xlsx")
    suffix = "" if table == "projects" else f"-{table.replace('_', '-')}"
    return Rendered(render_csv(data, table), FORMATS[fmt], f"{name}{suffix}.csv")


__all__ = ["CSV_TABLES", "FORMATS", "Rendered", "ReportData", "build", "render"]
