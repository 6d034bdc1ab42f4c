"""Every write to the registry goes through here: pages, API, admin and commands alike.

Each public function checks the actor's rights (hub.network.policies), validates, writes in one
transaction and appends to the change log in that same transaction.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from hub.core import changelog
from hub.core.dates import PartialDate
from hub.core.models import ChangeAction
from hub.core.services import Conflict, create_record, delete_record, update_record
from hub.network import policies
from hub.network.models import Country, Member, MembershipEvent, Organisation, Person, Role, RoleTerm
from hub.network.seats import (
    HANDOVER_ROLES,
    ONE_HOLDER_ROLES,
    SEAT_FIELDS,
    EndOffer,
    Handover,
    clash_message,
    clashing_terms,
    end_offer,
    end_text,
    lock_seat,
    offer_for,
    overlapping,
    period_before,
    seat,
    seat_value,
)

__all__ = [
    "ONE_HOLDER_ROLES",
    "Conflict",
    "EndOffer",
    "Handover",
    "clashing_terms",
    "end_offer",
    "hand_over_role",
    "period_before",
    "take_back_handover",
]

UNCHANGED, CREATED, UPDATED, KEPT = "unchanged", "created", "updated", "kept"
LOADER = "loadreference"


# --- writes by people (pages, API, admin) -------------------------------------------------------


def _require(allowed: bool, message: str = "You may not make this change.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def create_member(*, actor, data: dict[str, Any], via: str = "") -> Member:
    _require(policies.can_keep_registry(actor), "Only the Secretariat adds members to the registry.")
    return create_record(Member, actor=actor, data=data, via=via)


def update_member(*, actor, member: Member, data: dict[str, Any], expected_version: int | None = None, via: str = ""):
    allowed = policies.member_fields_editable(actor, member)
    if allowed is not None:
        _require(bool(allowed), "You may not edit this member.")
        refused = sorted(set(data) - allowed)
        if refused:
            raise PermissionDenied(
                f"Only the Secretariat may change {', '.join(refused)}; you may change {', '.join(sorted(allowed))}."
            )
    return update_record(member, actor=actor, data=data, expected_version=expected_version, via=via)


def _registry_create(model: type[models.Model], *, actor, data: dict[str, Any], via: str = ""):
    _require(policies.can_keep_registry(actor), "Only the Secretariat keeps the registry.")
    return create_record(model, actor=actor, data=data, via=via)


def _registry_update(obj: models.Model, *, actor, data, expected_version: int | None = None, via: str = ""):
    _require(policies.can_keep_registry(actor), "Only the Secretariat keeps the registry.")
    return update_record(obj, actor=actor, data=data, expected_version=expected_version, via=via)


def _registry_delete(obj: models.Model, *, actor, expected_version: int | None = None, via: str = "") -> None:
    _require(policies.can_keep_registry(actor), "Only the Secretariat keeps the registry.")
    try:
        delete_record(obj, actor=actor, expected_version=expected_version, via=via)
    except ProtectedError as exc:
        raise ValidationError(f"'{obj}' is still referred to by other records and cannot be deleted.") from exc


def create_membership_event(*, actor, data, via: str = "") -> MembershipEvent:
    return _registry_create(MembershipEvent, actor=actor, data=data, via=via)


def update_membership_event(*, actor, event: MembershipEvent, data, expected_version=None, via: str = ""):
    return _registry_update(event, actor=actor, data=data, expected_version=expected_version, via=via)


def delete_membership_event(*, actor, event: MembershipEvent, expected_version=None, via: str = "") -> None:
    _registry_delete(event, actor=actor, expected_version=expected_version, via=via)


def create_organisation(*, actor, data, via: str = "") -> Organisation:
    return _registry_create(Organisation, actor=actor, data=data, via=via)


def update_organisation(*, actor, organisation: Organisation, data, expected_version=None, via: str = ""):
    return _registry_update(organisation, actor=actor, data=data, expected_version=expected_version, via=via)


def create_person(*, actor, data, via: str = "") -> Person:
    return _registry_create(Person, actor=actor, data=data, via=via)


def update_person(*, actor, person: Person, data, expected_version=None, via: str = ""):
    return _registry_update(person, actor=actor, data=data, expected_version=expected_version, via=via)


@transaction.atomic
def create_role_term(*, actor, data, via: str = "", end_previous: bool = False) -> RoleTerm:
    """Add a role term. A seat with one holder a day (``ONE_HOLDER_ROLES``) refuses a term that overlaps
    another of the seat, with a message on its start naming that term, unless ``end_previous`` and
    ``end_offer`` finds the term to end: then that term ends with the period just before the new start,
    in the same transaction and logged, as a handover decision does (``hand_over_role``)."""
    _require(policies.can_keep_registry(actor), "Only the Secretariat keeps the registry.")
    lock_seat(data.get("role"), data.get("country"))
    term = create_record(RoleTerm, actor=actor, data=data, via=via)
    clashes = clashing_terms(term)
    if clashes:
        offer = offer_for(term, clashes)
        if offer is None or not end_previous:
            raise ValidationError({"start_date": clash_message(clashes, offer)})
        update_record(
            offer.term,
            actor=actor,
            data={"end_date": offer.end.first_day, "end_precision": offer.end.precision},
            via=via,
            note=f"ended by the new term from {term.start_display}",
        )
    return term


@transaction.atomic
def update_role_term(*, actor, term: RoleTerm, data, expected_version=None, via: str = ""):
    """Change a role term. A change of the role, country or dates of a term of a seat with one holder a
    day that makes it overlap another term of the seat is refused, naming that term, with nothing written;
    an edit that leaves them as they were is not (a note may be corrected on a term that overlaps already)."""
    _require(policies.can_keep_registry(actor), "Only the Secretariat keeps the registry.")
    lock_seat(data.get("role", term.role), data.get("country", term.country))
    before = RoleTerm.objects.get(pk=term.pk)
    updated = _registry_update(term, actor=actor, data=data, expected_version=expected_version, via=via)
    moved = [name for name in SEAT_FIELDS if seat_value(before, name) != seat_value(updated, name)]
    clashes = clashing_terms(updated) if moved else []
    if clashes:
        field = next(
            (name for name in ("start_date", "end_date", "country", "role") if name in moved),
            "start_date" if "start_precision" in moved else "end_date",
        )
        raise ValidationError({field: clash_message(clashes, None)})
    return updated


def delete_role_term(*, actor, term: RoleTerm, expected_version=None, via: str = "") -> None:
    _registry_delete(term, actor=actor, expected_version=expected_version, via=via)


def update_country(*, actor, country: Country, data, expected_version=None, via: str = ""):
    return _registry_update(country, actor=actor, data=data, expected_version=expected_version, via=via)


# --- the reference dataset loader -----------------------------------------------------------------


def _changed(obj: models.Model, values: dict[str, Any]) -> bool:
    for field, value in values.items():
        current = getattr(obj, field)
        if isinstance(current, models.Model):
            current = current.pk
            value = value.pk if isinstance(value, models.Model) else value
        if field.endswith(("latitude", "longitude")) and current is not None and value is not None:
            if abs(float(current) - float(value)) < 1e-9:
                continue
        if current != value:
            return True
    return False


def edited_in_hub(obj: models.Model) -> bool:
    """Whether the latest logged write to ``obj`` was made by a person rather than by the loader."""
    from hub.core.models import ChangeEntry

    latest = ChangeEntry.objects.for_object(obj).order_by("-at", "-pk").values_list("actor_label", flat=True).first()
    return latest is not None and latest != LOADER


@transaction.atomic
def upsert_reference(model: type[models.Model], *, ref_key: str, values: dict[str, Any]) -> tuple[Any, str]:
    """Create or update the record of the reference dataset with this key; validate before saving.

    Returns the record and what happened to it (created, updated or unchanged), so that reloading the
    dataset can report that it changed nothing. Logged as written by the loader command.
    """
    obj = model.objects.filter(ref_key=ref_key).first()
    if obj is not None and not _changed(obj, values):
        return obj, UNCHANGED
    if obj is not None and edited_in_hub(obj):
        # Someone corrected this record in the hub after it was loaded: keep their edit (it is in the
        # change log with its author); the loader reports it so the dataset can be brought in line.
        return obj, KEPT
    if obj is None:
        return create_record(model, actor=LOADER, data={"ref_key": ref_key, **values}, via="command"), CREATED
    return update_record(obj, actor=LOADER, data=values, via="command"), UPDATED


@transaction.atomic
def sync_reference_events(*, member: Member, events: list[dict[str, Any]]) -> str:
    """Make the member's reference membership events exactly those given (keyed by ``ref_key``).

    Events recorded in the hub itself (without a reference key) are left alone.
    """
    outcome = UNCHANGED
    keep = []
    for values in events:
        values = dict(values)
        ref_key = values.pop("ref_key")
        keep.append(ref_key)
        _, result = upsert_reference(MembershipEvent, ref_key=ref_key, values={"member": member, **values})
        if result != UNCHANGED:
            outcome = UPDATED
    for stale in MembershipEvent.objects.filter(member=member, ref_key__isnull=False).exclude(ref_key__in=keep):
        if hasattr(stale, "decision_effect"):
            raise ValidationError(
                f"The membership event '{stale}' is no longer in the dataset, but a meeting's decision made it: "
                "delete that decision first (or keep the event in the file)."
            )
        changelog.record(
            actor=LOADER,
            obj=stale,
            action=ChangeAction.DELETE,
            before=changelog.snapshot(stale),
            after={},
            via="command",
        )
        stale.delete()
        outcome = UPDATED
    return outcome


# --- handovers: a new Chair or Shepherd term ends the one in force (the rules: hub.network.seats) ----


@transaction.atomic
def hand_over_role(*, actor, data: dict[str, Any], via: str = "") -> Handover:
    """Create the Chair or Shepherd term a handover starts and, in the same transaction, end the term in
    force on its start (same role and scope) with the period before that start (``period_before``).

    Refused, with nothing written, when that term starts no earlier than the new one (it cannot end before
    its start), when two terms are in force then, or when the new term would overlap a later one."""
    _require(policies.can_keep_registry(actor), "Only the Secretariat keeps the registry.")
    role = data.get("role")
    if role not in HANDOVER_ROLES:
        raise ValidationError({"role": _("Only the Chair and the Shepherd are handed over.")})
    if not data.get("start_date") or not data.get("start_precision"):
        raise ValidationError({"start_date": _("A handover needs the day, month or year the new term starts.")})
    start = PartialDate(data["start_date"], data["start_precision"])
    label = Role(role).label
    seat = models.Q(role=role)
    in_force = list(RoleTerm.objects.filter(seat).held_on(start.first_day).select_for_update().order_by("pk"))
    if len(in_force) > 1:
        raise ValidationError(
            {
                "start_date": _("%(role)s is held by %(count)d terms on %(day)s; correct the registry first.")
                % {"role": label, "count": len(in_force), "day": start}
            }
        )
    ended, before, after = None, "", ""
    if in_force:
        previous = in_force[0]
        end = period_before(start)
        if previous.start_date is not None and previous.start_date > end.last_day:
            raise ValidationError(
                {
                    "start_date": _(
                        "%(role)s is already held then: %(term)s starts no earlier than the new term, so it "
                        "cannot end before it. Choose a later start, or correct that term first."
                    )
                    % {"role": label, "term": previous}
                }
            )
        before, after = end_text(previous), str(end)
        ended = update_record(
            previous,
            actor=actor,
            data={"end_date": end.first_day, "end_precision": end.precision},
            via=via,
            note=f"ended by a handover from {start}",
        )
    term = create_record(RoleTerm, actor=actor, data=data, via=via)
    clashes = clashing_terms(term)  # the registry's one rule: same-month or same-year boundaries touch
    clash = clashes[0] if clashes else None
    if clash is not None:
        raise ValidationError(
            {
                "start_date": _("%(role)s is already held then: %(term)s. Choose the dates of the new term.")
                % {"role": label, "term": clash}
            }
        )
    return Handover(term=term, ended=ended, end_before=before, end_after=after)


@transaction.atomic
def take_back_handover(*, actor, handover: Handover, via: str = "") -> None:
    """Undo ``hand_over_role``: delete the new term and give the term it ended its end back.

    Refused, with nothing written, when that term's end was changed since the handover, or when its old
    end would now overlap another term of the same role and scope."""
    _require(policies.can_keep_registry(actor), "Only the Secretariat keeps the registry.")
    _registry_delete(handover.term, actor=actor, via=via)
    if handover.ended is None:
        return
    ended = RoleTerm.objects.select_for_update().get(pk=handover.ended.pk)
    if end_text(ended) != handover.end_after:
        raise ValidationError(
            _(
                "The handover ended %(term)s in %(end)s, but its end was changed since. Nothing was taken back: "
                "correct that term by hand."
            )
            % {"term": ended, "end": handover.end_after}
        )
    restored = PartialDate.parse(handover.end_before) if handover.end_before else None
    extension_from = PartialDate.parse(handover.end_after).last_day + timedelta(days=1)
    clash = (
        overlapping(seat(ended), extension_from, restored.last_day if restored else None).exclude(pk=ended.pk).first()
    )
    if clash is not None:
        raise ValidationError(
            _(
                "Taking the handover back would give %(term)s its old end again, which overlaps %(other)s. "
                "Change that term first."
            )
            % {"term": ended, "other": clash}
        )
    update_record(
        ended,
        actor=actor,
        data={
            "end_date": restored.first_day if restored else None,
            "end_precision": restored.precision if restored else "",
        },
        via=via,
        note="its handover was taken back",
    )
