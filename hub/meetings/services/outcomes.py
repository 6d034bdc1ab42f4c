"""Outcomes of agenda items: information, decisions (with the changes they make to the registry, through
hub.network.services and in the decision's own transaction) and action items, with their comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.core import changelog
from hub.core.dates import PartialDate, Precision
from hub.core.models import ChangeAction
from hub.core.services import Conflict, create_record, delete_record, lock, update_record
from hub.meetings import policies
from hub.meetings.models import (
    ActionComment,
    ActionStatus,
    AgendaItem,
    DecisionEffect,
    EffectKind,
    Meeting,
    Outcome,
    OutcomeKind,
)
from hub.meetings.services.common import _require, _require_organiser, effects_need_secretariat_message
from hub.network import services as registry
from hub.network.models import Member, MembershipEvent, MembershipStatus, Role


@dataclass(frozen=True)
class EffectSpec:
    """A change of the registry a decision makes. ``member`` for an admission; ``country`` (and optionally
    the acting ``organisation`` and ``person``, ``start`` and ``end``) for a Chair or Shepherd handover."""

    kind: str
    member: Member | None = None
    country: Any = None
    organisation: Any = None
    person: Any = None
    start: PartialDate | None = None
    end: PartialDate | None = None


def _provenance_from(meeting: Meeting, decision: Outcome) -> dict[str, Any]:
    return {
        "sources": list(decision.sources or meeting.sources or []),
        "confidence": decision.confidence,
        "source_note": _("Decided at %(meeting)s (%(dates)s), recorded in ASCN Hub.")
        % {"meeting": meeting.title, "dates": meeting.dates_display},
    }


def _admit(actor, decision: Outcome, spec: EffectSpec, via: str) -> MembershipEvent:
    meeting = decision.agenda_item.meeting
    member = spec.member
    if member is None:
        raise ValidationError({"effect_members": _("Choose the member(s) the decision admits.")})
    day = meeting.start_date
    status_then = Member.objects.filter(pk=member.pk).with_status(day).values_list("status_on", flat=True).first()
    if status_then == MembershipStatus.MEMBER:
        raise ValidationError(
            {"effect_members": _("%(member)s is already a member on %(day)s.") % {"member": member, "day": day}}
        )
    later = MembershipEvent.objects.filter(member=member, effective_date__gt=day).order_by("effective_date").first()
    if later is not None:
        raise ValidationError(
            {
                "effect_members": _(
                    "%(member)s already has a later membership event (%(event)s); change the registry there instead."
                )
                % {"member": member, "event": later}
            }
        )
    return registry.create_membership_event(
        actor=actor,
        data={
            "member": member,
            "status": MembershipStatus.MEMBER,
            "effective_date": day,
            "effective_date_precision": Precision.DAY,
            "decided_by": meeting.title[:300],
            **_provenance_from(meeting, decision),
        },
        via=via,
    )


# The registry's field names in a handover's refusals, as the effect's fields of the forms and the API.
_HANDOVER_FIELDS = {"start_date": "effect_start", "end_date": "effect_end", "country": "effect_country"}


def _hand_over(actor, decision: Outcome, spec: EffectSpec, via: str) -> registry.Handover:
    """The new Chair or Shepherd term, and the term in force on its start ended (hub.network.services)."""
    meeting = decision.agenda_item.meeting
    role = Role.CHAIR if spec.kind == EffectKind.CHAIR_HANDOVER else Role.SHEPHERD
    if spec.country is None:
        raise ValidationError({"effect_country": _("Choose the member state that takes over.")})
    start = spec.start or PartialDate(meeting.start_date, Precision.DAY)
    end = spec.end
    if end is not None and end.last_day < start.first_day:
        raise ValidationError({"effect_end": _("The end comes before the start.")})
    note = _("Handed over at %(meeting)s (%(dates)s).") % {"meeting": meeting.title, "dates": meeting.dates_display}
    data = {
        "role": role,
        "country": spec.country,
        "organisation": spec.organisation,
        "person": spec.person,
        "start_date": start.first_day,
        "start_precision": start.precision,
        "end_date": end.first_day if end else None,
        "end_precision": end.precision if end else "",
        "decided_by": meeting.title[:300],
        "note": note,
        **_provenance_from(meeting, decision),
    }
    try:
        return registry.hand_over_role(actor=actor, data=data, via=via)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {_HANDOVER_FIELDS.get(name, "effect_kind"): errors for name, errors in exc.message_dict.items()}
        ) from exc


def _apply_effect(actor, decision: Outcome, spec: EffectSpec, via: str) -> DecisionEffect:
    if spec.kind == EffectKind.ADMIT_MEMBER:
        target = {"membership_event": _admit(actor, decision, spec, via)}
    elif spec.kind in (EffectKind.CHAIR_HANDOVER, EffectKind.SHEPHERD_HANDOVER):
        handover = _hand_over(actor, decision, spec, via)
        target = {
            "role_term": handover.term,
            "ended_term": handover.ended,
            "ended_term_end_before": handover.end_before,
            "ended_term_end_after": handover.end_after,
        }
    else:
        raise ValidationError({"effect_kind": _("Unknown kind of change to the registry.")})
    return create_record(
        DecisionEffect,
        actor=actor,
        data={
            "decision": decision,
            "kind": spec.kind,
            "created_by_decision": True,
            **target,
            **_provenance_from(decision.agenda_item.meeting, decision),
        },
        via=via,
    )


@transaction.atomic
def record_outcome(
    *, actor, item: AgendaItem, data: dict[str, Any], effects: list[EffectSpec] | tuple = (), via: str = ""
) -> Outcome:
    """Add an outcome to an agenda item; a decision's effects change the registry in the same transaction."""
    _require_organiser(actor, item.meeting)
    if effects:
        if data.get("kind") != OutcomeKind.DECISION:
            raise ValidationError({"kind": _("Only a decision changes the registry.")})
        _require(policies.can_apply_registry_effects(actor), effects_need_secretariat_message())
    position = (item.outcomes.aggregate(top=Max("position"))["top"] or 0) + 1
    values = {**data, "agenda_item": item, "position": position}
    if values.get("kind") == OutcomeKind.ACTION and values.get("status") in (ActionStatus.DONE, ActionStatus.DROPPED):
        values["closed_on"] = timezone.localdate()
    outcome = create_record(Outcome, actor=actor, data=values, via=via)
    for spec in effects:
        _apply_effect(actor, outcome, spec, via)
    return outcome


@transaction.atomic
def add_decision_effects(*, actor, decision: Outcome, effects: list[EffectSpec], via: str = "") -> list:
    """Add registry changes to a decision already recorded (e.g. by the Secretariat after the Chair)."""
    _require_organiser(actor, decision.agenda_item.meeting)
    if decision.kind != OutcomeKind.DECISION:
        raise ValidationError({"kind": _("Only a decision changes the registry.")})
    _require(policies.can_apply_registry_effects(actor), effects_need_secretariat_message())
    return [_apply_effect(actor, decision, spec, via) for spec in effects]


def _status_fields(outcome: Outcome, data: dict[str, Any]) -> dict[str, Any]:
    status = data.get("status")
    if status is None or status == outcome.status:
        return data
    if status in (ActionStatus.DONE, ActionStatus.DROPPED):
        return {**data, "closed_on": outcome.closed_on or timezone.localdate()}
    return {**data, "closed_on": None}


@transaction.atomic
def update_outcome(
    *, actor, outcome: Outcome, data: dict[str, Any], expected_version: int | None = None, via: str = ""
) -> Outcome:
    _require_organiser(actor, outcome.agenda_item.meeting)
    if "kind" in data and data["kind"] != outcome.kind and outcome.effects.exists():
        raise ValidationError({"kind": _("This decision changed the registry; it stays a decision.")})
    if "agenda_item" in data and data["agenda_item"] != outcome.agenda_item:
        raise ValidationError({"agenda_item": _("An outcome stays with its agenda item.")})
    if data.get("kind", outcome.kind) != OutcomeKind.ACTION:
        data = {**data, "owner_organisation": None, "owner_user": None, "owner_name": "", "due_date": None}
        data.update(status="", closed_on=None)
    else:
        data = _status_fields(outcome, data)
    return update_record(outcome, actor=actor, data=data, expected_version=expected_version, via=via)


ACTION_OWNER_FIELDS = {"status"}


@transaction.atomic
def update_action(
    *, actor, action: Outcome, data: dict[str, Any], expected_version: int | None = None, via: str = ""
) -> Outcome:
    """Change an action item: organisers change anything, its owner only the status."""
    if action.kind != OutcomeKind.ACTION:
        raise ValidationError({"kind": _("This outcome is not an action item.")})
    if not policies.can_organise(actor, action.agenda_item.meeting):
        _require(policies.is_action_owner(actor, action), _("Only the meeting's organisers and the item's owner."))
        refused = sorted(set(data) - ACTION_OWNER_FIELDS)
        _require(not refused, _("As the owner you may change the status only."))
    return update_record(
        action, actor=actor, data=_status_fields(action, data), expected_version=expected_version, via=via
    )


def _reverse_effect(actor, effect: DecisionEffect, via: str) -> None:
    target = effect.target
    delete_record(effect, actor=actor, via=via, note="its decision was deleted")
    if not effect.created_by_decision:
        return  # the reference dataset made the record; only the link goes
    if isinstance(target, MembershipEvent):
        later = (
            MembershipEvent.objects.filter(member_id=target.member_id)
            .filter(
                Q(effective_date__gt=target.effective_date) | Q(effective_date=target.effective_date, pk__gt=target.pk)
            )
            .first()
        )
        if later is not None:
            raise ValidationError(
                _(
                    "The decision cannot be deleted: %(member)s's later membership event (%(event)s) follows "
                    "the admission it made. Change that event first."
                )
                % {"member": target.member, "event": later}
            )
        registry.delete_membership_event(actor=actor, event=target, via=via)
        return
    later = DecisionEffect.objects.filter(ended_term=target).select_related("decision__agenda_item__meeting").first()
    if later is not None:
        raise ValidationError(
            _(
                "The decision cannot be deleted: a later handover (at %(meeting)s) ended the term it created, "
                "%(term)s. Delete that decision first."
            )
            % {"meeting": later.decision.agenda_item.meeting.title, "term": target}
        )
    handover = registry.Handover(
        term=target,
        ended=effect.ended_term,
        end_before=effect.ended_term_end_before,
        end_after=effect.ended_term_end_after,
    )
    registry.take_back_handover(actor=actor, handover=handover, via=via)


@transaction.atomic
def delete_outcome(*, actor, outcome: Outcome, expected_version: int | None = None, via: str = "") -> None:
    """Delete an outcome; a decision's changes to the registry are taken back with it, or nothing is."""
    _require_organiser(actor, outcome.agenda_item.meeting)
    effects = list(
        outcome.effects.select_related("membership_event__member", "role_term__country", "ended_term__country")
    )
    if effects:
        _require(policies.can_apply_registry_effects(actor), effects_need_secretariat_message())
    current = lock(outcome)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    for effect in effects:
        _reverse_effect(actor, effect, via)
    delete_record(current, actor=actor, via=via)


@transaction.atomic
def add_comment(*, actor, action: Outcome, text: str, via: str = "") -> ActionComment:
    if action.kind != OutcomeKind.ACTION:
        raise ValidationError({"text": _("Only action items take comments.")})
    _require(policies.can_update_action(actor, action), _("Only the meeting's organisers and the item's owner."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("A comment is at most 5000 characters.")})
    comment = ActionComment.objects.create(
        action=action, author=actor, author_label=changelog.actor_label(actor)[:200], text=text
    )
    changelog.record(
        actor=actor, obj=comment, action=ChangeAction.CREATE, before={}, after=changelog.snapshot(comment), via=via
    )
    return comment
