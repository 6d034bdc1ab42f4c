"""The projects list's items written from rows (hub.core.apilist): what ProjectOut dumps for one row, without
pydantic walking a model instance; the focus areas of the page in one query. Checked against ProjectOut's own
output in tests/api/test_fast_lists.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hub.accounts.auth import caller
from hub.core.apilist import Rows, filter_key, rows_for_ids, slug_url
from hub.core.dates import format_partial
from hub.network.api_rows import PROVENANCE_COLUMNS, provenance_of
from hub.projects import contributions
from hub.projects.models import Project

PROJECT_COLUMNS = (
    *("id", "slug", "title", "local_title"),
    *("member_id", "member__slug", "member__name", "member__country__code", "member__country__name"),
    *("public_status", "public_progress", "public_cycle", "status"),
    *("start_date", "start_precision", "end_date", "end_precision", "language", "summary", "is_demo", "version"),
    *PROVENANCE_COLUMNS,
)


def project_item(row: dict[str, Any], context: dict) -> dict[str, Any]:
    """hub.projects.schemas.ProjectOut of one row of PROJECT_COLUMNS (focus areas: see add_focus_areas)."""
    cycle = row["public_cycle"]
    return {
        "id": row["id"],
        "slug": row["slug"],
        "title": row["title"],
        "local_title": row["local_title"],
        "member": {
            "id": row["member_id"],
            "slug": row["member__slug"],
            "name": row["member__name"],
            "country": {"code": row["member__country__code"], "name": row["member__country__name"]},
        },
        "focus_areas": [],
        "status": row["public_status"],
        "progress": row["public_progress"],
        "status_source": "update" if cycle else "catalogue",
        "status_cycle": cycle or None,
        "catalogue_status": row["status"],
        "start": format_partial(row["start_date"], row["start_precision"]) or None,
        "start_precision": row["start_precision"] or None,
        "end": format_partial(row["end_date"], row["end_precision"]) or None,
        "end_precision": row["end_precision"] or None,
        "language": row["language"],
        "summary": row["summary"],
        "is_demo": row["is_demo"],
        "version": row["version"],
        "url": slug_url(context, "projects:project", row["slug"]),
        "provenance": provenance_of(row),
    }


def _links(ids: list[int]):
    through = Project.focus_areas.through
    return (
        through.objects.filter(project_id__in=ids)
        .order_by("focusarea__position")
        .values_list("project_id", "focusarea__code", "focusarea__name")
    )


def add_focus_areas(items: list[dict], rows: list[dict], context: dict) -> None:
    """Each item's focus areas, in the framework's order: one query for the page."""
    by_id = {item["id"]: item["focus_areas"] for item in items}
    for project_id, code, name in rows_for_ids("project-focus-areas", _links, list(by_id)):
        by_id[project_id].append({"code": code, "name": name})


def _key(request: HttpRequest, filters) -> tuple | None:
    # Remembered for anonymous callers only: what a signed-in caller may see could one day depend on their
    # roles (data), and the SQL with it.
    return None if caller(request).is_authenticated else filter_key("projects", filters)


_TALLIED = ("country", "status")  # the filters the tallies are kept by


def _total(request: HttpRequest, filters):
    """Every project, or a country's or public status's, from the tallies that /projects/ reads too
    (contributions.list_total_expression: monitoring's, kept in each write's transaction), read with the page;
    other filters are counted."""
    source = contributions.list_total_expression()
    if source is None or any(getattr(filters, f) for f in type(filters).model_fields if f not in _TALLIED):
        return None
    return source(country=filters.country, status=filters.status.value if filters.status else None)


PROJECT_ROWS = Rows(PROJECT_COLUMNS, project_item, key=_key, finish=add_focus_areas, ids_first=True, total=_total)
