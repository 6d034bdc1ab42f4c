"""Load the monitoring part of the reference dataset: ``data/me_reports.yaml``, the published M&E figures.

The same guarantees as the other loaders (hub.network.reference, hub.projects.reference), whose helpers
it reuses: the file is read whole and every record checked before anything is written; a bad record is
reported with its file and line and nothing of the file is loaded; records are found by their key, so
reloading updates in place and duplicates nothing; a record corrected in the hub is kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hub.core.reference import FileReport, Record, ReferenceError, flatten
from hub.monitoring import reference_breakdowns as breakdowns
from hub.monitoring.models import PublishedFigure
from hub.network import services as network_services
from hub.projects.models import ProjectStatus
from hub.projects.reference import read_records

FILE = "me_reports.yaml"
FIELDS = {
    "key",
    "report_year",
    "title",
    "cycle_label",
    "period_start",
    "period_end",
    "as_of",
    "projects",
    "by_status",
    "notes",
    *breakdowns.FIELDS,
}


def _whole(r: Record, name: str, *, low: int, high: int, required: bool = True) -> int | None:
    raw = r.raw.get(name)
    if raw is None or raw == "":
        if required:
            r.error(f"'{name}' is required", field=name)
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        r.error(f"'{name}': '{raw}' is not a whole number", field=name)
        return None
    if not low <= raw <= high:
        r.error(f"'{name}': {raw} is outside {low}..{high}", field=name)
        return None
    return raw


def _by_status(r: Record) -> dict[str, int]:
    raw = r.raw.get("by_status")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        r.error("'by_status' must map a status to a number of projects", field="by_status")
        return {}
    counts = {}
    for status, count in raw.items():
        if status in ("__line__", "__lines__"):
            continue
        line = raw.get("__lines__", {}).get(status)
        if status not in ProjectStatus.values:
            r.error(f"'by_status': '{status}' is not one of {', '.join(ProjectStatus.values)}", line)
        elif isinstance(count, bool) or not isinstance(count, int) or count < 0:
            r.error(f"'by_status': {status} must be a whole number of projects, not '{count}'", line)
        else:
            counts[status] = count
    return counts


def _parse(path: str, records: list[dict], problems: list[str]) -> list[dict[str, Any]]:
    parsed = []
    for raw in records:
        r = Record(path, raw, problems, FIELDS)
        key = r.text("key", required=True, max_length=100)
        as_of = r.partial_date("as_of")
        if as_of is None and not r.raw.get("as_of"):
            r.error("'as_of' is required: the day (or month, or year) the report counts to", field="as_of")
        start, end = r.partial_date("period_start"), r.partial_date("period_end")
        if bool(r.raw.get("period_start")) != bool(r.raw.get("period_end")):
            r.error("give both 'period_start' and 'period_end', or neither", field="period_end")
        elif start and end and end.last_day < start.first_day:
            r.error(f"'period_end' ({end}) comes before 'period_start' ({start})", field="period_end")
        projects = _whole(r, "projects", low=0, high=100_000)
        by_status = _by_status(r)
        if projects is not None and sum(by_status.values()) > projects:
            r.error(f"'by_status' adds up to {sum(by_status.values())}, more than the {projects} projects")
        values = {
            "report_year": _whole(r, "report_year", low=2000, high=2100),
            "title": r.text("title", required=True, max_length=200),
            "cycle_label": r.text("cycle_label", max_length=20),
            "period_start": start.first_day if start else None,
            "period_start_precision": start.precision if start else "",
            "period_end": end.first_day if end else None,
            "period_end_precision": end.precision if end else "",
            "as_of": as_of.first_day if as_of else None,
            "as_of_precision": as_of.precision if as_of else "day",
            "projects": projects,
            "by_status": by_status,
            "notes": r.text("notes"),
            **breakdowns.parse(r, projects),
            **r.provenance(),
        }
        parsed.append({"ref_key": f"me-figure:{key}", "line": r.line, "values": values})
    return parsed


def load_file(path: Path, label: str | None = None) -> FileReport:
    """Check and load the file atomically; raise ReferenceError listing every problem found."""
    label = label or path.name
    problems: list[str] = []
    parsed = _parse(label, read_records(path, label), problems)
    if problems:
        raise ReferenceError(problems)
    report = FileReport(label)
    with transaction.atomic():
        for item in parsed:
            try:
                with transaction.atomic():
                    _, outcome = network_services.upsert_reference(
                        PublishedFigure, ref_key=item["ref_key"], values=item["values"]
                    )
            except ValidationError as exc:
                problems.append(f"{label}:{item['line']}: {flatten(exc)}")
                continue
            report.counts[outcome] += 1
        if problems:
            raise ReferenceError(problems)
    return report


def load_reference(directory: Path) -> list[FileReport]:
    path = directory / FILE
    if not path.exists():
        raise ReferenceError([f"{FILE}: file not found in {directory.name}/"])
    return [load_file(path, f"{directory.name}/{FILE}")]
