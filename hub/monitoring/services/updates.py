"""Progress updates while they are drafts: write one, change it, and the figures it reports."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hub.core import changelog
from hub.core.models import ChangeAction
from hub.core.services import Conflict, create_record, lock, validate
from hub.monitoring import policies
from hub.monitoring.models import ProgressUpdate, ReportingCycle, UpdateState, UpdateValue
from hub.monitoring.services.common import WrongState, _check_open, _is_command, _require, _user
from hub.projects.models import Indicator, Project

# Fields of an update its authors write; the rest belongs to the review chain.
UPDATE_FIELDS = frozenset({"status", "progress", "milestones", "narrative", "challenges", "support_needed", "language"})
MAX_MILESTONES = 30


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
    current = lock(
        update, ProgressUpdate.objects.select_for_update(of=("self",)).select_related("project__member", "cycle")
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
    validate(current)
    if value_inputs is not None:
        _write_values(current, value_inputs)
    after = _snapshot(current)
    if before == after:
        return current
    current.version += 1
    current.save()
    changelog.record(actor=actor, obj=current, action=ChangeAction.UPDATE, before=before, after=after, via=via)
    return current
