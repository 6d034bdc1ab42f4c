"""The progress updates list's items written from rows (hub.core.apilist): what UpdateOut dumps for one row,
without pydantic walking a model instance; the page's reported values in one query. Checked against UpdateOut's
own output in tests/api/test_fast_lists.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from hub.accounts.auth import caller
from hub.core.apilist import Rows, filter_key, pk_url, rows_for_ids
from hub.monitoring.models import UpdateState, UpdateValue
from hub.monitoring.models_tallies import CountryTally

UPDATE_COLUMNS = (
    *("id", "project__id", "project__slug", "project__title"),
    *("project__member__id", "project__member__slug", "project__member__name"),
    *("project__member__country__code", "project__member__country__name"),
    *("cycle__slug", "cycle__end_year", "cycle__start_month", "state", "status", "progress", "milestones"),
    *("narrative", "challenges", "support_needed", "language", "submitted_at", "endorsed_at", "accepted_at"),
    "version",
)


def _cycle_label(end_year: int, start_month: int) -> str:  # ReportingCycle.label
    return str(end_year) if start_month == 1 else f"{end_year - 1}–{end_year}"


def update_item(row: dict[str, Any], context: dict) -> dict[str, Any]:
    """hub.monitoring.schemas.UpdateOut of one row of UPDATE_COLUMNS (indicator values: see add_values)."""
    return {
        "id": row["id"],
        "url": pk_url(context, "monitoring:update", row["id"]),
        "project": {"id": row["project__id"], "slug": row["project__slug"], "title": row["project__title"]},
        "member": {
            "id": row["project__member__id"],
            "slug": row["project__member__slug"],
            "name": row["project__member__name"],
        },
        "country": {"code": row["project__member__country__code"], "name": row["project__member__country__name"]},
        "cycle": {"slug": row["cycle__slug"], "label": _cycle_label(row["cycle__end_year"], row["cycle__start_month"])},
        "state": row["state"],
        "status": row["status"],
        "progress": row["progress"],
        "milestones": row["milestones"],
        "narrative": row["narrative"],
        "challenges": row["challenges"],
        "support_needed": row["support_needed"],
        "language": row["language"],
        "indicator_values": [],
        "submitted_at": row["submitted_at"],  # datetimes as ninja's encoder writes them
        "endorsed_at": row["endorsed_at"],
        "accepted_at": row["accepted_at"],
        "version": row["version"],
    }


def _value_text(value: Decimal) -> str:  # ReportedValueOut.resolve_value
    value = value.normalize()
    return f"{value:f}" if value != value.to_integral() else str(int(value))


def _values(ids: list[int]):
    return (
        UpdateValue.objects.filter(update_id__in=ids)
        .order_by("indicator__name", "pk")
        .values_list("update_id", "indicator__id", "indicator__name", "indicator__unit", "value", "note")
    )


def add_values(items: list[dict], rows: list[dict], context: dict) -> None:
    """Each update's reported figures, by indicator name: one query for the page."""
    by_id = {item["id"]: item["indicator_values"] for item in items}
    for update_id, indicator_id, name, unit, value, note in rows_for_ids("update-values", _values, list(by_id)):
        by_id[update_id].append(
            {"indicator": {"id": indicator_id, "name": name, "unit": unit}, "value": _value_text(value), "note": note}
        )


def _key(request: HttpRequest, filters) -> tuple | None:
    # Remembered for anonymous callers only: who sees drafts and reviews depends on their roles (data).
    return None if caller(request).is_authenticated else filter_key("updates", filters)


def _total(request: HttpRequest, filters) -> Coalesce | None:
    """What the public sees (accepted updates), of every cycle or one, of every country or one: the per-country
    tallies' accepted updates (kept in each write's transaction, as the dashboards read them), read with the page.
    A signed-in caller's list, and the member, project or another state's, are counted."""
    if caller(request).is_authenticated or filters.member or filters.project:
        return None
    if filters.state and filters.state != UpdateState.ACCEPTED:
        return None
    rows = CountryTally.objects.filter(cycle__isnull=False, focus_area=None, status="").order_by()
    if filters.cycle:
        rows = rows.filter(cycle__slug=filters.cycle.replace("–", "-"))
    if filters.country:
        rows = rows.filter(country__code=filters.country.upper())
    summed = rows.annotate(one=Value(1)).values("one").annotate(n=Sum("accepted")).values("n")
    return Coalesce(Subquery(summed), 0)


# The page's ids first, from the order's index alone (an OFFSET skips index entries, not joined rows), and its
# count from the tallies where they hold it: neither grows with the network.
UPDATE_ROWS = Rows(UPDATE_COLUMNS, update_item, key=_key, finish=add_values, ids_first=True, total=_total)
