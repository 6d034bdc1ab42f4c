"""Reporting cycles: create them, open and close them, move their due date (the Secretariat, or a command)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.core import changelog
from hub.core.models import ChangeAction
from hub.core.services import Conflict, create_record, lock, update_record
from hub.monitoring import policies
from hub.monitoring.models import CycleState, ReportingCycle, cycle_bounds, cycle_slug
from hub.monitoring.services.common import _is_command, _require


def parse_cycle_name(text: str | int) -> int:
    """The year a cycle ends in, from "2025" or "2024-2025" (also with an en dash). ValueError if neither."""
    raw = str(text).strip().replace("–", "-").replace("/", "-")
    parts = raw.split("-")
    try:
        years = [int(p) for p in parts]
    except ValueError:
        raise ValueError(
            _("'%(text)s' is not a cycle: write a year (2025) or two (2024-2025).") % {"text": text}
        ) from None
    if len(years) == 1 or (len(years) == 2 and years[1] == years[0] + 1):
        year = years[-1]
        if 2000 <= year <= 2100:
            return year
    raise ValueError(
        _("'%(text)s' is not a cycle: write a year (2025) or two consecutive ones (2024-2025).") % {"text": text}
    )


def create_cycle(
    *, actor, end_year: int, start_month: int = 10, due_date: date | None = None, via: str = ""
) -> ReportingCycle:
    """A planned cycle ending in ``end_year``; ``start_month`` 10 gives October to September."""
    _require(
        _is_command(actor) or policies.can_manage_cycles(actor), _("Only the Secretariat creates reporting cycles.")
    )
    if not 1 <= int(start_month) <= 12:
        raise ValidationError({"start_month": _("The first month is a number from 1 to 12.")})
    if not 2000 <= int(end_year) <= 2100:
        raise ValidationError({"end_year": _("The year is between 2000 and 2100.")})
    start, end = cycle_bounds(int(end_year), int(start_month))
    slug = cycle_slug(int(end_year), int(start_month))
    if ReportingCycle.objects.filter(end_year=end_year).exists():
        raise ValidationError({"end_year": _("The cycle ending in %(year)s exists already.") % {"year": end_year}})
    return create_record(
        ReportingCycle,
        actor=actor,
        via=via,
        data={
            "slug": slug,
            "end_year": int(end_year),
            "start_month": int(start_month),
            "start_date": start,
            "end_date": end,
            "due_date": due_date or end,
        },
    )


def _cycle_transition(*, actor, cycle: ReportingCycle, to_state: str, expected_version, via: str, note: str):
    _require(
        _is_command(actor) or policies.can_manage_cycles(actor), _("Only the Secretariat opens and closes cycles.")
    )
    current = lock(cycle)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    if current.state == to_state:
        return current
    before = changelog.snapshot(current)
    current.state = to_state
    if to_state == CycleState.OPEN:
        current.opened_at = timezone.now()
        current.closed_at = None
    else:
        current.closed_at = timezone.now()
    current.version += 1
    current.save()
    changelog.record(
        actor=actor,
        obj=current,
        action=ChangeAction.TRANSITION,
        before=before,
        after=changelog.snapshot(current),
        via=via,
        note=note,
    )
    return current


@transaction.atomic
def open_cycle(*, actor, cycle: ReportingCycle, expected_version: int | None = None, via: str = "") -> ReportingCycle:
    """Open (or reopen) a cycle: its projects' officers can write and submit updates."""
    return _cycle_transition(
        actor=actor, cycle=cycle, to_state=CycleState.OPEN, expected_version=expected_version, via=via, note="open"
    )


@transaction.atomic
def close_cycle(*, actor, cycle: ReportingCycle, expected_version: int | None = None, via: str = "") -> ReportingCycle:
    """Close a cycle: its updates can no longer be written or moved; the Secretariat may reopen it."""
    return _cycle_transition(
        actor=actor, cycle=cycle, to_state=CycleState.CLOSED, expected_version=expected_version, via=via, note="close"
    )


@transaction.atomic
def set_cycle_due_date(
    *, actor, cycle: ReportingCycle, due_date: date, expected_version: int | None = None, via: str = ""
) -> ReportingCycle:
    _require(_is_command(actor) or policies.can_manage_cycles(actor), _("Only the Secretariat changes cycles."))
    return update_record(cycle, actor=actor, data={"due_date": due_date}, expected_version=expected_version, via=via)
