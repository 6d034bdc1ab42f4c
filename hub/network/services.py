"""Every write to the registry goes through here: pages, API, admin and commands alike.

Each public function checks the actor's rights (hub.accounts.permissions), validates, writes in one
transaction and appends to the change log in that same transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError

from hub.accounts import permissions
from hub.core import changelog
from hub.core.models import ChangeAction
from hub.core.services import Conflict, create_record, delete_record, update_record
from hub.network.models import Country, Member, MembershipEvent, Organisation, Person, RoleTerm

__all__ = ["Conflict"]

UNCHANGED, CREATED, UPDATED, KEPT = "unchanged", "created", "updated", "kept"
LOADER = "loadreference"


# --- writes by people (pages, API, admin) -------------------------------------------------------


def _require(allowed: bool, message: str = "You may not make this change.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def create_member(*, actor, data: dict[str, Any], via: str = "") -> Member:
    _require(permissions.can_keep_registry(actor), "Only the Secretariat adds members to the registry.")
    return create_record(Member, actor=actor, data=data, via=via)


def update_member(*, actor, member: Member, data: dict[str, Any], expected_version: int | None = None, via: str = ""):
    allowed = permissions.member_fields_editable(actor, member)
    if allowed is not None:
        _require(bool(allowed), "You may not edit this member.")
        refused = sorted(set(data) - allowed)
        if refused:
            raise PermissionDenied(
                f"Only the Secretariat may change {', '.join(refused)}; you may change {', '.join(sorted(allowed))}."
            )
    return update_record(member, actor=actor, data=data, expected_version=expected_version, via=via)


def _registry_create(model: type[models.Model], *, actor, data: dict[str, Any], via: str = ""):
    _require(permissions.can_keep_registry(actor), "Only the Secretariat keeps the registry.")
    return create_record(model, actor=actor, data=data, via=via)


def _registry_update(obj: models.Model, *, actor, data, expected_version: int | None = None, via: str = ""):
    _require(permissions.can_keep_registry(actor), "Only the Secretariat keeps the registry.")
    return update_record(obj, actor=actor, data=data, expected_version=expected_version, via=via)


def _registry_delete(obj: models.Model, *, actor, expected_version: int | None = None, via: str = "") -> None:
    _require(permissions.can_keep_registry(actor), "Only the Secretariat keeps the registry.")
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


def create_role_term(*, actor, data, via: str = "") -> RoleTerm:
    return _registry_create(RoleTerm, actor=actor, data=data, via=via)


def update_role_term(*, actor, term: RoleTerm, data, expected_version=None, via: str = ""):
    return _registry_update(term, actor=actor, data=data, expected_version=expected_version, via=via)


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
