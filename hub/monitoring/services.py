"""Every write of monitoring & evaluation: cycles, progress updates and their review chain.

Pages, the API and the commands all call these functions. Each checks the actor's rights
(hub.monitoring.policies), validates, writes in one transaction, and appends to the change log in that
same transaction. The review chain is a small state machine:

    draft --submit--> submitted --endorse--> endorsed --accept--> accepted
      ^                   |                      |
      +------return-------+----------return------+      (a comment is required)

``actor`` is a user, or a text naming the command that writes (commands run on the server, as the
operator; they skip the rights check but are logged under their name).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.core import changelog
from hub.core.models import ChangeAction
from hub.core.services import Conflict, create_record, update_record
from hub.monitoring import notify, policies
from hub.monitoring.models import (
    CycleState,
    ProgressUpdate,
    ReportingCycle,
    ReviewAction,
    ReviewStep,
    UpdateState,
    UpdateValue,
    cycle_bounds,
    cycle_slug,
)
from hub.projects.models import Indicator, IndicatorValue, Project

__all__ = ["Conflict", "WrongState"]

# Fields of an update its authors write; the rest belongs to the review chain.
UPDATE_FIELDS = frozenset({"status", "progress", "milestones", "narrative", "challenges", "support_needed", "language"})
MAX_MILESTONES = 30


class WrongState(Exception):
    """The update (or cycle) is not in a state that allows this step; nothing was changed."""


def _is_command(actor) -> bool:
    return isinstance(actor, str)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _user(actor):
    return None if _is_command(actor) else actor


# --- reporting cycles ---------------------------------------------------------------------------------


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
    current = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
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


# --- progress updates: drafts -------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueInput:
    indicator_id: int
    value: Decimal
    note: str = ""


def _clean_data(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - UPDATE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    cleaned = dict(data)
    if "milestones" in cleaned:
        milestones = cleaned["milestones"]
        if isinstance(milestones, str):
            milestones = milestones.splitlines()
        if not isinstance(milestones, list | tuple):
            raise ValidationError({"milestones": _("Milestones are a list of short texts.")})
        milestones = [str(m).strip() for m in milestones if str(m).strip()]
        if len(milestones) > MAX_MILESTONES:
            raise ValidationError({"milestones": _("At most %(n)s milestones per update.") % {"n": MAX_MILESTONES}})
        cleaned["milestones"] = milestones
    for name in ("narrative", "challenges", "support_needed"):
        if name in cleaned and cleaned[name] is None:
            cleaned[name] = ""
    return cleaned


def _clean_values(project: Project, values) -> list[ValueInput]:
    """Check reported figures: each for an indicator of this project, once, and a number."""
    indicators = {i.pk: i for i in Indicator.objects.filter(project=project)}
    seen: set[int] = set()
    cleaned, errors = [], []
    for position, item in enumerate(values, start=1):
        raw_id = item.get("indicator") if isinstance(item, dict) else getattr(item, "indicator_id", None)
        indicator_id = raw_id.pk if isinstance(raw_id, Indicator) else raw_id
        try:
            indicator_id = int(indicator_id)
        except (TypeError, ValueError):
            errors.append(_("Figure %(n)s: choose an indicator.") % {"n": position})
            continue
        if indicator_id not in indicators:
            errors.append(
                _("Figure %(n)s: indicator %(id)s is not one of this project's.") % {"n": position, "id": indicator_id}
            )
            continue
        if indicator_id in seen:
            errors.append(
                _("Figure %(n)s: %(name)s is given twice.") % {"n": position, "name": indicators[indicator_id].name}
            )
            continue
        seen.add(indicator_id)
        raw_value = item.get("value") if isinstance(item, dict) else item.value
        try:
            number = Decimal(str(raw_value).strip().replace(",", "")) if raw_value not in (None, "") else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) >= Decimal("1e14"):
            errors.append(
                _("%(name)s: '%(value)s' is not a number.")
                % {"name": indicators[indicator_id].name, "value": raw_value}
            )
            continue
        note = (item.get("note") if isinstance(item, dict) else item.note) or ""
        if len(note) > 300:
            errors.append(_("%(name)s: the note is at most 300 characters.") % {"name": indicators[indicator_id].name})
            continue
        cleaned.append(ValueInput(indicator_id, number.quantize(Decimal("0.0001")), note.strip()))
    if errors:
        raise ValidationError({"indicator_values": errors})
    return cleaned


def _values_snapshot(update: ProgressUpdate) -> dict[str, str]:
    return {
        v.indicator.name: f"{changelog._plain(v.value)}" + (f" ({v.note})" if v.note else "")
        for v in update.values.select_related("indicator")
    }


def _write_values(update: ProgressUpdate, values: list[ValueInput]) -> None:
    keep = {v.indicator_id for v in values}
    update.values.exclude(indicator_id__in=keep).delete()
    existing = {v.indicator_id: v for v in update.values.all()}
    for item in values:
        row = existing.get(item.indicator_id)
        if row is None:
            UpdateValue.objects.create(update=update, indicator_id=item.indicator_id, value=item.value, note=item.note)
        elif row.value != item.value or row.note != item.note:
            row.value, row.note = item.value, item.note
            row.save(update_fields=["value", "note"])


def _check_open(cycle: ReportingCycle) -> None:
    if cycle.state != CycleState.OPEN:
        raise WrongState(
            _("The %(cycle)s cycle is %(state)s: updates can be written only while it is open.")
            % {"cycle": cycle.label, "state": cycle.get_state_display()}
        )


def _snapshot(update: ProgressUpdate) -> dict[str, Any]:
    state = changelog.snapshot(update)
    state["indicator_values"] = _values_snapshot(update)
    return state


@transaction.atomic
def create_update(
    *,
    actor,
    project: Project,
    cycle: ReportingCycle,
    data: dict[str, Any],
    values: list | None = None,
    via: str = "",
) -> ProgressUpdate:
    """A draft update of ``project`` for ``cycle``, written by its member's officers or its country's NR."""
    _require(
        _is_command(actor) or policies.can_report_for(actor, project),
        _("Only the officers of %(member)s and its National Representative report on its projects.")
        % {"member": project.member.name},
    )
    cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
    _check_open(cycle)
    if ProgressUpdate.objects.filter(project=project, cycle=cycle).exists():
        raise ValidationError(
            _("%(project)s has an update for %(cycle)s already: edit that one.")
            % {"project": project.title, "cycle": cycle.label}
        )
    cleaned = _clean_data(data)
    cleaned.setdefault("language", project.language or "en")
    value_inputs = _clean_values(project, values or [])
    update = create_record(
        ProgressUpdate,
        actor=actor,
        via=via,
        data={"project": project, "cycle": cycle, "created_by": _user(actor), **cleaned},
    )
    if value_inputs:
        _write_values(update, value_inputs)
        changelog.record(
            actor=actor,
            obj=update,
            action=ChangeAction.UPDATE,
            before={"indicator_values": {}},
            after={"indicator_values": _values_snapshot(update)},
            via=via,
        )
    return update


@transaction.atomic
def edit_update(
    *,
    actor,
    update: ProgressUpdate,
    data: dict[str, Any],
    values: list | None = None,
    expected_version: int | None = None,
    via: str = "",
) -> ProgressUpdate:
    """Change a draft. ``values`` (if given) replaces the reported figures; ``expected_version`` guards edits."""
    current = (
        ProgressUpdate.objects.select_for_update(of=("self",))
        .select_related("project__member", "cycle")
        .get(pk=update.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    _require(
        _is_command(actor) or policies.can_report_for(actor, current.project),
        _("Only the officers of %(member)s and its National Representative report on its projects.")
        % {"member": current.project.member.name},
    )
    _check_open(current.cycle)
    if current.state != UpdateState.DRAFT:
        raise WrongState(
            _("This update is %(state)s: only a draft can be edited (a reviewer can return it to draft).")
            % {"state": current.get_state_display()}
        )
    cleaned = _clean_data(data)
    value_inputs = _clean_values(current.project, values) if values is not None else None
    before = _snapshot(current)
    for name, value in cleaned.items():
        setattr(current, name, value)
    current.full_clean()
    if value_inputs is not None:
        _write_values(current, value_inputs)
    after = _snapshot(current)
    if before == after:
        return current
    current.version += 1
    current.save()
    changelog.record(actor=actor, obj=current, action=ChangeAction.UPDATE, before=before, after=after, via=via)
    return current


# --- the review chain ---------------------------------------------------------------------------------

_STEPS = {
    ReviewAction.SUBMIT: (UpdateState.DRAFT, UpdateState.SUBMITTED),
    ReviewAction.ENDORSE: (UpdateState.SUBMITTED, UpdateState.ENDORSED),
    ReviewAction.ACCEPT: (UpdateState.ENDORSED, UpdateState.ACCEPTED),
}


def _acting_as(actor, update: ProgressUpdate, action: str) -> str:
    if _is_command(actor):
        return "command"
    scope = policies.scope_for(actor)
    if action == ReviewAction.ENDORSE or (action == ReviewAction.RETURN and update.state == UpdateState.SUBMITTED):
        role = policies.endorses_as(actor, update)
        if role:
            return role
    if action in (ReviewAction.ACCEPT, ReviewAction.RETURN) and scope.secretariat:
        return "secretariat"
    if update.project.member_id in scope.officer_member_ids:
        return "city_officer"
    if update.project.member.country_id in scope.nr_country_ids:
        return "national_representative"
    return ""


def _check_submittable(update: ProgressUpdate) -> None:
    errors = {}
    if not update.narrative.strip():
        errors["narrative"] = _("Say what happened in the cycle before you submit.")
    if errors:
        raise ValidationError(errors)


def _publish_values(actor, update: ProgressUpdate, via: str) -> None:
    """On acceptance, each reported figure becomes a public IndicatorValue for the cycle."""
    cycle = update.cycle
    accepted_on = timezone.localdate()
    for row in update.values.select_related("indicator", "published"):
        data = {
            "indicator": row.indicator,
            "period_start": cycle.start_date,
            "period_end": cycle.end_date,
            "period_label": cycle.label,
            "value": row.value,
            "note": row.note,
            "reported_by": update.created_by,
            "confidence": "medium",
            "source_note": _(
                "Reported by %(member)s in its progress update for the %(cycle)s M&E cycle, "
                "endorsed and accepted by the ASEAN Secretariat on %(day)s."
            )
            % {"member": update.project.member.name, "cycle": cycle.label, "day": accepted_on.isoformat()},
        }
        if row.published_id:
            update_record(row.published, actor=actor, data=data, via=via)
        else:
            row.published = create_record(IndicatorValue, actor=actor, data=data, via=via)
            row.save(update_fields=["published"])


@transaction.atomic
def _transition(
    *, actor, update: ProgressUpdate, action: str, comment: str = "", expected_version=None, via: str = ""
) -> ProgressUpdate:
    current = (
        ProgressUpdate.objects.select_for_update(of=("self",))
        .select_related("project__member__country", "cycle", "created_by")
        .get(pk=update.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    comment = (comment or "").strip()
    if action == ReviewAction.RETURN:
        checks = policies.can_return
        if current.state not in (UpdateState.SUBMITTED, UpdateState.ENDORSED):
            raise WrongState(
                _("Only a submitted or endorsed update can be returned; this one is %(state)s.")
                % {"state": current.get_state_display()}
            )
        from_state, to_state = current.state, UpdateState.DRAFT
    else:
        checks = {
            ReviewAction.SUBMIT: policies.can_submit,
            ReviewAction.ENDORSE: policies.can_endorse,
            ReviewAction.ACCEPT: policies.can_accept,
        }[action]
        from_state, to_state = _STEPS[action]
        if current.state != from_state:
            raise WrongState(
                _("This update is %(state)s; it must be %(needed)s to be %(done)s.")
                % {
                    "state": current.get_state_display(),
                    "needed": UpdateState(from_state).label,
                    "done": ReviewAction(action).label,
                }
            )
    _check_open(current.cycle)
    if not _is_command(actor) and not checks(actor, current):
        raise PermissionDenied(_refusal(action, current))
    if action == ReviewAction.RETURN and not comment:
        raise ValidationError({"comment": _("Say what should change: a returned update needs a comment.")})
    if len(comment) > 5000:
        raise ValidationError({"comment": _("The comment is at most 5000 characters.")})
    if action == ReviewAction.SUBMIT:
        _check_submittable(current)

    acting_as = _acting_as(actor, current, action)
    before = changelog.snapshot(current)
    now = timezone.now()
    current.state = to_state
    if action == ReviewAction.SUBMIT:
        current.submitted_at = now
    elif action == ReviewAction.ENDORSE:
        current.endorsed_at = now
    elif action == ReviewAction.ACCEPT:
        current.accepted_at = now
    else:
        current.submitted_at = current.endorsed_at = None
    current.version += 1
    current.save()
    ReviewStep.objects.create(
        update=current,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=_user(actor),
        actor_label=changelog.actor_label(actor)[:200],
        acting_as=acting_as,
        comment=comment,
    )
    changelog.record(
        actor=actor,
        obj=current,
        action=ChangeAction.TRANSITION,
        before=before,
        after=changelog.snapshot(current),
        via=via,
        note=f"{action}: {from_state} → {to_state}" + (f" — {comment}" if comment else ""),
    )
    if action == ReviewAction.ACCEPT:
        _publish_values(actor, current, via)
    transaction.on_commit(lambda: notify.transition(current, action, comment))
    return current


def _refusal(action: str, update: ProgressUpdate) -> str:
    member, country = update.project.member.name, update.project.member.country.name
    if action == ReviewAction.SUBMIT:
        return _(
            "Only the officers of %(member)s and the National Representative of %(country)s submit its updates."
        ) % {
            "member": member,
            "country": country,
        }
    if action == ReviewAction.ENDORSE:
        return _("Only the National Representative of %(country)s endorses this update.") % {"country": country}
    if action == ReviewAction.ACCEPT:
        return _("Only the ASEAN Secretariat accepts updates.")
    return _("Only the reviewer of this step (or the Secretariat) can return this update.")


def submit(*, actor, update: ProgressUpdate, expected_version: int | None = None, via: str = "") -> ProgressUpdate:
    return _transition(
        actor=actor, update=update, action=ReviewAction.SUBMIT, expected_version=expected_version, via=via
    )


def endorse(
    *, actor, update: ProgressUpdate, comment: str = "", expected_version: int | None = None, via: str = ""
) -> ProgressUpdate:
    return _transition(
        actor=actor,
        update=update,
        action=ReviewAction.ENDORSE,
        comment=comment,
        expected_version=expected_version,
        via=via,
    )


def accept(
    *, actor, update: ProgressUpdate, comment: str = "", expected_version: int | None = None, via: str = ""
) -> ProgressUpdate:
    return _transition(
        actor=actor,
        update=update,
        action=ReviewAction.ACCEPT,
        comment=comment,
        expected_version=expected_version,
        via=via,
    )


def return_update(
    *, actor, update: ProgressUpdate, comment: str, expected_version: int | None = None, via: str = ""
) -> ProgressUpdate:
    return _transition(
        actor=actor,
        update=update,
        action=ReviewAction.RETURN,
        comment=comment,
        expected_version=expected_version,
        via=via,
    )


TRANSITIONS = {"submit": submit, "endorse": endorse, "accept": accept, "return": return_update}


def apply_transition(
    name: str, *, actor, update: ProgressUpdate, comment: str = "", expected_version=None, via: str = ""
) -> ProgressUpdate:
    """Dispatch by name (what pages and the API receive): submit, endorse, accept or return."""
    if name not in TRANSITIONS:
        raise ValidationError({"action": _("Unknown step '%(name)s'.") % {"name": name}})
    kwargs = {"actor": actor, "update": update, "expected_version": expected_version, "via": via}
    if name != "submit":
        kwargs["comment"] = comment
    return TRANSITIONS[name](**kwargs)
