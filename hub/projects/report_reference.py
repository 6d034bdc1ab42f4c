"""The ``reports`` of a project record in data/projects.yaml and data/me_projects.yaml: the rows of the
published ASCN M&E reports that list it (ProjectReportEntry), one per report year.

Checked with the project record (same file, same line numbers, nothing written if any row is wrong) and
saved after it: rows are found by report year, appendix and row number, so reloading changes nothing; a
row removed from the record is removed from the hub; a row corrected in the hub is kept (reported "kept").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hub.core import changelog
from hub.core.models import ChangeAction, Confidence
from hub.core.reference import Record
from hub.network import services as network_services
from hub.projects.models import APPENDIX_STATUS, MatchMethod, Project, ProjectReportEntry

ENTRY_FIELDS = {"year", "appendix", "row", "title", "city", "focus_area", "match", "confidence", "note"}
SIBLING = "projects.yaml"  # me_projects.yaml must not repeat its keys or rows


def entry_key(year: int, appendix: str, row: int) -> str:
    return f"me-entry:{year}:{appendix or '-'}:{row}"


def _whole(e: Record, name: str, low: int, high: int) -> int | None:
    raw = e.raw.get(name)
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        e.error(f"'{name}' must be a whole number from {low} to {high}, not '{raw}'", field=name)
        return None
    return raw


def parse_reports(r: Record, path: str, problems: list[str], areas: dict, rows_seen: dict) -> list[dict[str, Any]]:
    """The record's report rows, checked; ``rows_seen`` maps each entry key to where it was first given."""
    raw = r.raw.get("reports", [])
    if raw is None:
        return []
    if not isinstance(raw, list):
        r.error("'reports' must be a list of report rows", field="reports")
        return []
    entries, years = [], set()
    for item in raw:
        if not isinstance(item, dict):
            r.error("each report row must be a mapping (year, row, title, focus_area, match)", field="reports")
            continue
        e = Record(path, item, problems, ENTRY_FIELDS)
        # A row inherits the record's sources; its own confidence is the match's.
        year, row = _whole(e, "year", 2000, 2100), _whole(e, "row", 1, 10_000)
        appendix = e.text("appendix", max_length=1)
        if appendix not in APPENDIX_STATUS:
            e.error(f"'appendix': '{appendix}' is not one of A, B (or none)", field="appendix")
        code = e.text("focus_area", required=True)
        if code and code not in areas:
            e.error(f"'focus_area': no focus area '{code}' (use {', '.join(areas)})", field="focus_area")
        if year in years:
            e.error(f"report year {year} is given twice for this project", field="year")
        years.add(year)
        key = entry_key(year, appendix, row) if year and row else None
        if key and key in rows_seen:
            e.error(f"{year} appendix {appendix or '-'} row {row} is already given ({rows_seen[key]})")
        elif key:
            rows_seen[key] = f"{path}:{e.line}"
        values = {
            "report_year": year,
            "appendix": appendix,
            "row": row,
            "title": e.text("title", required=True, max_length=200),
            "city": e.text("city", max_length=80),
            "focus_area": areas.get(code),
            "status": APPENDIX_STATUS.get(appendix, ""),
            "match": e.choice("match", MatchMethod),
            "confidence": e.choice("confidence", Confidence),
            "source_note": e.text("note"),
        }
        entries.append({"ref_key": key, "line": e.line, "values": values})
    return entries


def sibling_rows(path: Path, label: str) -> tuple[set[str], dict[str, str]]:
    """The keys and report rows that projects.yaml (next to me_projects.yaml) already gives."""
    from hub.projects.reference import read_records

    sibling = path.parent / SIBLING
    if path.name == SIBLING or not sibling.exists():
        return set(), {}
    name = f"{label.rsplit('/', 1)[0]}/{SIBLING}" if "/" in label else SIBLING
    keys, rows = set(), {}
    for record in read_records(sibling, name):
        keys.add(str(record.get("key") or ""))
        for item in record.get("reports") or []:
            if isinstance(item, dict) and isinstance(item.get("year"), int) and isinstance(item.get("row"), int):
                key = entry_key(item["year"], str(item.get("appendix") or ""), item["row"])
                rows[key] = f"{name}:{item.get('__line__', '?')}"
    return keys, rows


def save_reports(project: Project, entries: list[dict[str, Any]], sources: list[str], at_line) -> str:
    """Make the project's reference report rows exactly those given; the outcome for the project."""
    outcome = network_services.UNCHANGED
    keep = [item["ref_key"] for item in entries]
    stale = ProjectReportEntry.objects.filter(project=project, ref_key__isnull=False).exclude(ref_key__in=keep)
    for entry in stale:
        changelog.record(
            actor=network_services.LOADER,
            obj=entry,
            action=ChangeAction.DELETE,
            before=changelog.snapshot(entry),
            after={},
            via="command",
        )
        entry.delete()
        outcome = network_services.UPDATED
    for item in entries:
        values = {"project": project, "sources": sources, "alternatives": [], **item["values"]}
        with at_line(item["line"]):
            _, result = network_services.upsert_reference(ProjectReportEntry, ref_key=item["ref_key"], values=values)
        if result != network_services.UNCHANGED:
            outcome = network_services.UPDATED
    return outcome
