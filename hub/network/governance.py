"""The governance page: who held each role on a day, and each role's history (PRODUCT §3.2)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone

from hub.core import sqlmemo
from hub.core.dates import parse_iso_day
from hub.core.drawn import drawn_from
from hub.network import policies, stats
from hub.network.filters import RoleTermFilter
from hub.network.models import RoleTerm
from hub.network.rows import GovernanceRows
from hub.network.views import DECIDED_AT, FIELD_LABELS

# What the governance page never reads of the records it shows alongside each term (the term's own
# provenance is shown, not theirs): converting their JSON and timestamps cost more than the rest of the query.
_GOVERNANCE_UNREAD = [
    f"{related}__{field}"
    for related in (
        "country",
        "member",
        "member__country",
        "organisation",
        "person",
        "decision_effect",
        "decision_effect__decision",
        "decision_effect__decision__agenda_item",
        DECIDED_AT,
    )
    for field in ("sources", "alternatives", "source_note", "created_at", "updated_at")
]


def governance(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    raw = request.GET.get("date", "").strip()
    errors: list[str] = []
    day = today
    if raw:
        try:
            day = parse_iso_day(raw)
        except ValueError as exc:
            errors.append(f"{FIELD_LABELS['date']}: {exc}")
    if errors:
        context = {"errors": errors, "raw_date": raw, "today": today}
        return render(request, "network/governance.html", context, status=400)
    # Every term (none of the request's inputs in the query): its SQL compiled once (hub/core/sqlmemo.py). The
    # rows are read on every request; their HTML is written again only when they, the day or the reader's right
    # to edit differ (hub.core.drawn): making the terms and writing their rows was most of the page's time.
    read = sqlmemo.model_rows(
        "network.governance",
        lambda: RoleTermFilter().apply().select_related(DECIDED_AT).defer(*_GOVERNANCE_UNREAD),
    )
    can_edit = policies.can_keep_registry(request.user)
    held, history = drawn_from(
        "governance",
        (read.rows, day, today, can_edit, get_script_prefix(), get_urlconf()),
        lambda: _governance_rows(read.objects(), day, today, can_edit),
    )
    return render(
        request,
        "network/governance.html",
        {"day": day, "today": today, "raw_date": raw or day.isoformat(), "held": held, "history": history},
    )


def _governance_rows(terms: list[RoleTerm], day, today, can_edit: bool) -> tuple[list, list]:
    """(role, label, HTML of its items) of who held each role on ``day`` (every role), and (role, label, HTML of
    its table rows) of each role's history (roles with terms)."""
    for term in terms:
        term.is_current = term.is_held_on(day)
    writer = GovernanceRows(day_is_today=day == today, can_edit=can_edit)
    # Who held each role on the day: the terms of the history in force then (``is_held_on`` is the rule of
    # ``RoleTermFilter(as_of=day)``), in the same order, without reading them again.
    held = stats.group_by_role([term for term in terms if term.is_current], keep_empty=True)
    return (
        [(role, label, writer.held(role, group) if group else "") for role, label, group in held],
        [(role, label, writer.history(role, group)) for role, label, group in stats.group_by_role(terms)],
    )
