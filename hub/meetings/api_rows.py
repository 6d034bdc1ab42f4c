"""The meetings list's items written from rows (hub.core.apilist): what MeetingOut dumps for one row, without
pydantic walking a model instance. The page is one query with its relations' few columns. Checked against
MeetingOut's own output in tests/api/test_fast_lists.py."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import HttpRequest

from hub.accounts.auth import caller
from hub.core.apilist import Rows, absolute_url, filter_key, pk_url
from hub.core.labels import active_language
from hub.meetings.models.meetings import Meeting, place_text
from hub.network.api_rows import PROVENANCE_COLUMNS, provenance_of
from hub.network.filters import today

# The meeting's relations and the columns the item reads of each. Read by one scalar subquery per column, not
# joins: PostgreSQL plans a query with eight left joins in some 13 ms (its join order search) for 1 ms of work,
# while each subquery is a primary-key lookup planned on its own in a fraction of that (issue 10).
_COUNTRY = ("code", "name", "name_id")  # CountryRef, and the Indonesian name for the place in words
_RELATED = {
    "series": ("slug", "name"),
    "country": _COUNTRY,
    "venue_country": _COUNTRY,
    "host_country": _COUNTRY,
    "chair_country": _COUNTRY,
    "host_organisation": ("id", "name"),
    "chair_organisation": ("id", "name"),
    "chair_person": ("id", "name"),
}

MEETING_COLUMNS = (
    *("id", "title", "kind", "scope", "number"),
    *("start_date", "end_date", "start_time", "end_time", "timezone", "format", "venue", "city"),
    *(f"rel_{relation}_{field}" for relation, fields in _RELATED.items() for field in fields),
    *("visibility", "version", "is_demo"),
    *PROVENANCE_COLUMNS,
)


def _with_related_columns(queryset: QuerySet, remembered: bool) -> QuerySet:
    """The relations' columns: by primary-key subqueries when the SQL is compiled once and remembered (cheap to
    plan on every run); by joins when it is compiled for this request only (a signed-in caller's), where
    compiling twenty subqueries would cost more in Python than the planner saves."""
    annotations = {}
    for relation, fields in _RELATED.items():
        model = Meeting._meta.get_field(relation).related_model
        for field in fields:
            if remembered:
                lookup = model._base_manager.filter(pk=OuterRef(f"{relation}_id")).order_by().values(field)
                annotations[f"rel_{relation}_{field}"] = Subquery(lookup)
            else:
                annotations[f"rel_{relation}_{field}"] = F(f"{relation}__{field}")
    return queryset.annotate(**annotations)


def _country(row: dict[str, Any], name: str) -> dict[str, str] | None:
    code = row[f"rel_{name}_code"]
    return None if code is None else {"code": code, "name": row[f"rel_{name}_name"]}


def _ref(row: dict[str, Any], name: str) -> dict[str, Any] | None:
    pk = row[f"rel_{name}_id"]
    return None if pk is None else {"id": pk, "name": row[f"rel_{name}_name"]}


def meeting_item(row: dict[str, Any], context: dict) -> dict[str, Any]:
    """hub.meetings.schemas.MeetingOut of one row of MEETING_COLUMNS."""
    venue_country = _country(row, "venue_country")
    label = ""
    if venue_country is not None:  # Country.label (hub.core.labels.localized): the active language's name if any
        language = context.get("language")
        if language is None:  # one request, one language: read once per response
            language = context["language"] = active_language()
        label = venue_country["name"]
        if language != settings.LANGUAGE_CODE:
            label = row.get(f"rel_venue_country_name_{language}") or label
    pk = row["id"]
    series = row["rel_series_slug"]
    return {
        "id": pk,
        "title": row["title"],
        "kind": row["kind"],
        "scope": row["scope"],
        "national_of": _country(row, "country"),
        "series": None if series is None else {"slug": series, "name": row["rel_series_name"]},
        "number": row["number"],
        "start_date": row["start_date"].isoformat(),  # as ninja's encoder writes dates
        "end_date": row["end_date"].isoformat(),
        "start_time": row["start_time"] or None,
        "end_time": row["end_time"] or None,
        "timezone": row["timezone"] or None,
        "place": {
            "format": row["format"],
            "venue": row["venue"],
            "city": row["city"],
            "country": venue_country,
            "text": place_text(row["format"], row["venue"], row["city"], label),
        },
        "host": {"country": _country(row, "host_country"), "organisation": _ref(row, "host_organisation")},
        "chair": {
            "country": _country(row, "chair_country"),
            "organisation": _ref(row, "chair_organisation"),
            "person": _ref(row, "chair_person"),
        },
        "visibility": row["visibility"],
        "version": row["version"],
        "is_demo": row["is_demo"],
        "url": pk_url(context, "meetings:detail", pk),
        "ics_url": absolute_url(context, "/api/v1/meetings/{}.ics", pk),
        "provenance": provenance_of(row),
    }


def _key(request: HttpRequest, filters) -> tuple | None:
    # Anonymous callers see the public meetings (a fixed condition); a signed-in caller's restricted meetings
    # come from their roles and delegations (data), so their SQL is not remembered. "today": `when`.
    return None if caller(request).is_authenticated else filter_key("meetings", filters, today())


MEETING_ROWS = Rows(MEETING_COLUMNS, meeting_item, key=_key, prepare=_with_related_columns)
