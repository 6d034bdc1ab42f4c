"""Every write to meetings goes through here: pages, API and commands alike.

Each function checks the actor's rights (hub.meetings.policies), validates, writes in one transaction
and appends to the change log in that same transaction. Decisions that change the registry do so
through the registry's own services (hub.network.services), inside the decision's transaction: a
refused effect leaves no decision behind, and deleting the decision takes its effects back with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.core import changelog
from hub.core.dates import PartialDate, Precision
from hub.core.models import ChangeAction
from hub.core.services import Conflict, create_record, delete_record, update_record
from hub.meetings import policies, uploads
from hub.meetings.models import (
    OPEN_STATUSES,
    ActionComment,
    ActionReminder,
    ActionStatus,
    AgendaItem,
    DecisionEffect,
    Delegation,
    Document,
    EffectKind,
    Meeting,
    Outcome,
    OutcomeKind,
    Participant,
)
from hub.network import services as registry
from hub.network.models import Member, MembershipEvent, MembershipStatus, Role, RoleTerm

__all__ = ["Conflict", "EffectSpec"]

log = logging.getLogger(__name__)


def _require(allowed: bool, message) -> None:
    if not allowed:
        raise PermissionDenied(str(message))


def _require_organiser(actor, meeting: Meeting) -> None:
    _require(policies.can_organise(actor, meeting), policies.NOT_AN_ORGANISER)


def effects_need_secretariat_message() -> str:
    return _(
        "Only the Secretariat, which keeps the registry, may record a decision that changes it (admitting "
        "members, handing over the Chair or the Shepherd). Record the decision without its effect and ask "
        "the Secretariat to add it."
    )


def _log_links(obj, *, actor, before: dict[str, list[str]], after: dict[str, list[str]], via: str) -> None:
    changelog.record(actor=actor, obj=obj, action=ChangeAction.UPDATE, before=before, after=after, via=via)


# --- meetings ------------------------------------------------------------------------------------


def _created_effects(meeting: Meeting):
    return DecisionEffect.objects.filter(decision__agenda_item__meeting=meeting, created_by_decision=True)


@transaction.atomic
def create_meeting(*, actor, data: dict[str, Any], via: str = "") -> Meeting:
    country = data.get("country")
    _require(
        policies.can_create_meeting(actor, scope=data.get("scope", ""), country_id=getattr(country, "pk", None)),
        _(
            "You may not create this meeting: the Chair, the Shepherd and the Secretariat create network "
            "meetings, a National Representative its country's national meetings."
        ),
    )
    return create_record(Meeting, actor=actor, data=data, via=via)


@transaction.atomic
def update_meeting(
    *, actor, meeting: Meeting, data: dict[str, Any], expected_version: int | None = None, via: str = ""
) -> Meeting:
    _require_organiser(actor, meeting)
    if "scope" in data or "country" in data:
        scope = data.get("scope", meeting.scope)
        country = data.get("country", meeting.country)
        _require(
            policies.can_create_meeting(actor, scope=scope, country_id=getattr(country, "pk", None)),
            _("You may not move this meeting to a scope you do not organise."),
        )
    moved = ("start_date" in data and data["start_date"] != meeting.start_date) or (
        "title" in data and data["title"] != meeting.title
    )
    effects = list(_created_effects(meeting).select_related("membership_event", "role_term")) if moved else []
    if effects:
        _require(
            policies.can_apply_registry_effects(actor),
            _(
                "This meeting's decisions changed the registry, which dates and names them after the meeting: "
                "only the Secretariat may change its first day or its title."
            ),
        )
    updated = update_record(meeting, actor=actor, data=data, expected_version=expected_version, via=via)
    for effect in effects:
        if effect.membership_event_id:
            registry.update_membership_event(
                actor=actor,
                event=effect.membership_event,
                data={"effective_date": updated.start_date, "decided_by": updated.title[:300]},
                via=via,
            )
        else:
            registry.update_role_term(
                actor=actor, term=effect.role_term, data={"decided_by": updated.title[:300]}, via=via
            )
    return updated


@transaction.atomic
def delete_meeting(*, actor, meeting: Meeting, expected_version: int | None = None, via: str = "") -> None:
    _require_organiser(actor, meeting)
    if DecisionEffect.objects.filter(decision__agenda_item__meeting=meeting).exists():
        raise ValidationError(
            _(
                "This meeting's decisions changed the registry. Delete those decisions first (that takes "
                "their changes back), then the meeting."
            )
        )
    stored = list(meeting.documents.values_list("stored_name", flat=True))
    counts = {
        "agenda items": meeting.agenda_items.count(),
        "outcomes": Outcome.objects.filter(agenda_item__meeting=meeting).count(),
        "delegations": meeting.delegations.count(),
        "participants": meeting.participants.count(),
        "documents": len(stored),
    }
    note = "with " + ", ".join(f"{n} {what}" for what, n in counts.items())
    delete_record(meeting, actor=actor, expected_version=expected_version, via=via, note=note)
    transaction.on_commit(lambda: [uploads.remove(name) for name in stored])


# --- agenda ----------------------------------------------------------------------------------------


LINK_FIELDS = ("members", "projects", "decisions")


def _check_links(item: AgendaItem, links: dict[str, list]) -> None:
    decisions = links.get("decisions") or []
    errors = []
    for decision in decisions:
        if decision.kind != OutcomeKind.DECISION:
            errors.append(_("'%(text)s' is not a decision.") % {"text": decision})
        elif decision.agenda_item_id == item.pk:
            errors.append(_("An agenda item cannot refer to its own decision."))
        elif decision.agenda_item.meeting.start_date > item.meeting.start_date:
            errors.append(_("'%(text)s' was decided after this meeting.") % {"text": decision})
    if errors:
        raise ValidationError({"decisions": errors})


def _set_links(item: AgendaItem, *, actor, links: dict[str, list] | None, via: str) -> None:
    if not links:
        return
    _check_links(item, links)
    before, after = {}, {}
    for name in LINK_FIELDS:
        if name not in links:
            continue
        manager = getattr(item, name)
        old = sorted(str(o) for o in manager.all())
        manager.set(links[name] or [])
        new = sorted(str(o) for o in links[name] or [])
        if old != new:
            before[name], after[name] = old, new
    if after:
        _log_links(item, actor=actor, before=before, after=after, via=via)


@transaction.atomic
def add_agenda_item(
    *, actor, meeting: Meeting, data: dict[str, Any], links: dict[str, list] | None = None, via: str = ""
) -> AgendaItem:
    _require_organiser(actor, meeting)
    position = (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1
    item = create_record(AgendaItem, actor=actor, data={**data, "meeting": meeting, "position": position}, via=via)
    _set_links(item, actor=actor, links=links, via=via)
    return item


@transaction.atomic
def update_agenda_item(
    *,
    actor,
    item: AgendaItem,
    data: dict[str, Any],
    links: dict[str, list] | None = None,
    expected_version: int | None = None,
    via: str = "",
) -> AgendaItem:
    _require_organiser(actor, item.meeting)
    if "meeting" in data and data["meeting"] != item.meeting:
        raise ValidationError({"meeting": _("An agenda item stays in its meeting.")})
    updated = update_record(item, actor=actor, data=data, expected_version=expected_version, via=via)
    _set_links(updated, actor=actor, links=links, via=via)
    return updated


@transaction.atomic
def delete_agenda_item(*, actor, item: AgendaItem, expected_version: int | None = None, via: str = "") -> None:
    _require_organiser(actor, item.meeting)
    if DecisionEffect.objects.filter(decision__agenda_item=item).exists():
        raise ValidationError(
            _(
                "A decision of this agenda item changed the registry. Delete that decision first (that takes "
                "its changes back), then the item."
            )
        )
    stored = list(item.documents.values_list("stored_name", flat=True))
    for outcome in item.outcomes.all():
        delete_record(outcome, actor=actor, via=via, note="with its agenda item")
    for document in item.documents.all():
        delete_record(document, actor=actor, via=via, note="with its agenda item")
    delete_record(item, actor=actor, expected_version=expected_version, via=via)
    transaction.on_commit(lambda: [uploads.remove(name) for name in stored])


@transaction.atomic
def move_agenda_item(*, actor, item: AgendaItem, direction: str, via: str = "") -> AgendaItem:
    """Swap the item with its neighbour above ("up") or below ("down"); positions become 1..n."""
    _require_organiser(actor, item.meeting)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move an item 'up' or 'down'.")})
    items = list(AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id).order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    moved = item
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other = update_record(other, actor=actor, data={"position": position}, via=via)
        if other.pk == item.pk:
            moved = other
    return moved


# --- outcomes: information, decisions (with their effects on the registry), action items ---------------


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


def _hand_over(actor, decision: Outcome, spec: EffectSpec, via: str) -> RoleTerm:
    meeting = decision.agenda_item.meeting
    role = Role.CHAIR if spec.kind == EffectKind.CHAIR_HANDOVER else Role.SHEPHERD
    if spec.country is None:
        raise ValidationError({"effect_country": _("Choose the member state that takes over.")})
    start = spec.start or PartialDate(meeting.start_date, Precision.DAY)
    end = spec.end
    if end is not None and end.last_day < start.first_day:
        raise ValidationError({"effect_end": _("The end comes before the start.")})
    if role == Role.CHAIR:
        until = end.last_day if end else None
        overlapping = RoleTerm.objects.filter(role=Role.CHAIR).filter(
            Q(end_until__isnull=True) | Q(end_until__gte=start.first_day)
        )
        if until is not None:
            overlapping = overlapping.filter(Q(start_date__isnull=True) | Q(start_date__lte=until))
        clash = overlapping.exclude(start_date__isnull=True, end_until__isnull=True).select_related("country").first()
        if clash is not None:
            raise ValidationError(
                {
                    "effect_start": _("The Chair is already held then: %(term)s. Choose the years of the new term.")
                    % {"term": clash}
                }
            )
    note = _("Handed over at %(meeting)s (%(dates)s).") % {"meeting": meeting.title, "dates": meeting.dates_display}
    return registry.create_role_term(
        actor=actor,
        data={
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
        },
        via=via,
    )


def _apply_effect(actor, decision: Outcome, spec: EffectSpec, via: str) -> DecisionEffect:
    if spec.kind == EffectKind.ADMIT_MEMBER:
        target = {"membership_event": _admit(actor, decision, spec, via)}
    elif spec.kind in (EffectKind.CHAIR_HANDOVER, EffectKind.SHEPHERD_HANDOVER):
        target = {"role_term": _hand_over(actor, decision, spec, via)}
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
    else:
        registry.delete_role_term(actor=actor, term=target, via=via)


@transaction.atomic
def delete_outcome(*, actor, outcome: Outcome, expected_version: int | None = None, via: str = "") -> None:
    """Delete an outcome; a decision's changes to the registry are taken back with it, or nothing is."""
    _require_organiser(actor, outcome.agenda_item.meeting)
    effects = list(outcome.effects.select_related("membership_event__member", "role_term__country"))
    if effects:
        _require(policies.can_apply_registry_effects(actor), effects_need_secretariat_message())
    current = Outcome.objects.select_for_update().get(pk=outcome.pk)
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


# --- delegations and participants --------------------------------------------------------------------


@transaction.atomic
def add_delegation(*, actor, meeting: Meeting, data: dict[str, Any], via: str = "") -> Delegation:
    _require_organiser(actor, meeting)
    return create_record(Delegation, actor=actor, data={**data, "meeting": meeting}, via=via)


@transaction.atomic
def update_delegation(
    *, actor, delegation: Delegation, data: dict[str, Any], expected_version: int | None = None, via: str = ""
) -> Delegation:
    _require_organiser(actor, delegation.meeting)
    data = {k: v for k, v in data.items() if k != "meeting"}
    return update_record(delegation, actor=actor, data=data, expected_version=expected_version, via=via)


@transaction.atomic
def remove_delegation(*, actor, delegation: Delegation, via: str = "") -> None:
    """Remove a delegation with the participants listed in it."""
    _require_organiser(actor, delegation.meeting)
    for participant in delegation.participants.all():
        delete_record(participant, actor=actor, via=via, note="with its delegation")
    delete_record(delegation, actor=actor, via=via)


@transaction.atomic
def add_participant(*, actor, meeting: Meeting, data: dict[str, Any], via: str = "") -> Participant:
    _require_organiser(actor, meeting)
    return create_record(Participant, actor=actor, data={**data, "meeting": meeting}, via=via)


@transaction.atomic
def update_participant(
    *, actor, participant: Participant, data: dict[str, Any], expected_version: int | None = None, via: str = ""
) -> Participant:
    _require_organiser(actor, participant.meeting)
    data = {k: v for k, v in data.items() if k != "meeting"}
    return update_record(participant, actor=actor, data=data, expected_version=expected_version, via=via)


@transaction.atomic
def remove_participant(*, actor, participant: Participant, via: str = "") -> None:
    _require_organiser(actor, participant.meeting)
    delete_record(participant, actor=actor, via=via)


# --- documents -----------------------------------------------------------------------------------------


def upload_document(
    *,
    actor,
    meeting: Meeting,
    upload,
    title: str = "",
    agenda_item: AgendaItem | None = None,
    restricted: bool = False,
    via: str = "",
) -> Document:
    """Check the file (size, type by extension and by content), store it outside the web root, record it."""
    _require_organiser(actor, meeting)
    if upload is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("That agenda item belongs to another meeting.")})
    checked = uploads.check_upload(upload)
    original = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:255]
    stored = uploads.store(upload, meeting_id=meeting.pk, extension=checked.extension)
    try:
        with transaction.atomic():
            return create_record(
                Document,
                actor=actor,
                data={
                    "meeting": meeting,
                    "agenda_item": agenda_item,
                    "title": (title or "").strip() or original.rsplit(".", 1)[0][:200],
                    "original_name": original,
                    "stored_name": stored,
                    "file_type": checked.file_type,
                    "size": checked.size,
                    "sha256": checked.sha256,
                    "restricted": bool(restricted),
                    "uploaded_by": actor if getattr(actor, "pk", None) else None,
                },
                via=via,
            )
    except BaseException:
        uploads.remove(stored)
        raise


@transaction.atomic
def delete_document(*, actor, document: Document, via: str = "") -> None:
    _require_organiser(actor, document.meeting)
    stored = document.stored_name
    delete_record(document, actor=actor, via=via)
    transaction.on_commit(lambda: uploads.remove(stored))


# --- action items: review at the next meetings, reminders ------------------------------------------------


def actions_for_review(meeting: Meeting, user) -> list[Outcome]:
    """Action items of the earlier meetings of the series that were still open on this meeting's first day
    (open or in progress now, or closed only after it): the "Review of open action items" section."""
    if not meeting.series_id:
        return []
    qs = (
        Outcome.objects.actions()
        .visible_to(user)
        .filter(
            agenda_item__meeting__series_id=meeting.series_id,
            agenda_item__meeting__start_date__lt=meeting.start_date,
        )
        .filter(Q(status__in=OPEN_STATUSES) | Q(closed_on__gte=meeting.start_date))
        .with_related()
        .order_by(F("due_date").asc(nulls_last=True), "agenda_item__meeting__start_date", "pk")
    )
    return list(qs)


@dataclass
class ReminderReport:
    sent: list[tuple[Outcome, str, str]]
    skipped: list[tuple[Outcome, str]]
    failed: list[tuple[Outcome, str, str]]


def _recipients(action: Outcome) -> list:
    from hub.accounts.models import User

    if action.owner_user_id:
        user = action.owner_user
        return [user] if user.is_active and user.email else []
    if action.owner_organisation_id:
        org = action.owner_organisation_id
        return list(
            User.objects.filter(is_active=True)
            .filter(Q(organisation_id=org) | Q(organisation__parent_id=org))
            .exclude(email="")
            .order_by("email")
        )
    return []


def _reminder_text(action: Outcome, reason: str, today: date) -> tuple[str, str]:
    meeting = action.agenda_item.meeting
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    if reason == "overdue":
        subject = _("[ASCN Hub] Overdue action item (due %(due)s)") % {"due": action.due_date}
    else:
        subject = _("[ASCN Hub] Action item due %(due)s") % {"due": action.due_date}
    lines = [
        _("An action item you own is %(state)s.")
        % {"state": _("overdue") if reason == "overdue" else _("due on %(due)s") % {"due": action.due_date}},
        "",
        action.text,
        "",
        _("Meeting: %(meeting)s (%(dates)s)") % {"meeting": meeting.title, "dates": meeting.dates_display},
        _("Agenda item: %(item)s") % {"item": action.agenda_item.title},
        _("Status: %(status)s") % {"status": action.get_status_display()},
        "",
        _("Update it or comment: %(url)s") % {"url": f"{base}{action.get_absolute_url()}"},
    ]
    return subject, "\n".join(str(line) for line in lines)


def send_action_reminders(*, today: date | None = None, days_ahead: int = 7, dry_run: bool = False) -> ReminderReport:
    """Remind the owners of open action items that are overdue or due within ``days_ahead`` days.

    Safe to run daily (or more often): each reminder is recorded, and nobody gets two for the same item
    on the same day. A reminder whose e-mail fails is not recorded, so the next run tries again."""
    today = today or timezone.localdate()
    report = ReminderReport(sent=[], skipped=[], failed=[])
    due = (
        Outcome.objects.open_actions()
        .filter(due_date__isnull=False, due_date__lte=today + timedelta(days=days_ahead))
        .with_related()
        .order_by("due_date", "pk")
    )
    for action in due:
        reason = "overdue" if action.due_date < today else "due"
        recipients = _recipients(action)
        if not recipients:
            report.skipped.append((action, _("no owner with an e-mail address")))
            continue
        subject, body = _reminder_text(action, reason, today)
        for user in recipients:
            if ActionReminder.objects.filter(action=action, email=user.email, sent_on=today).exists():
                report.skipped.append((action, _("%(email)s already reminded today") % {"email": user.email}))
                continue
            if dry_run:
                report.sent.append((action, user.email, reason))
                continue
            try:
                with transaction.atomic():
                    ActionReminder.objects.create(
                        action=action, recipient=user, email=user.email, sent_on=today, reason=reason
                    )
                    send_mail(subject, body, None, [user.email])
            except IntegrityError:
                report.skipped.append((action, _("%(email)s already reminded today") % {"email": user.email}))
            except Exception as exc:  # noqa: BLE001 - one failed address must not stop the others
                log.warning("Reminder to %s for action item %s failed: %s", user.email, action.pk, exc)
                report.failed.append((action, user.email, str(exc)))
            else:
                report.sent.append((action, user.email, reason))
    return report
