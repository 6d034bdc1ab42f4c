"""Every write to the registry goes through here: pages, API, admin actions and commands alike."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from hub.network.models import Member, MembershipEvent, Role, RoleTerm

UNCHANGED, CREATED, UPDATED = "unchanged", "created", "updated"


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


@transaction.atomic
def upsert_reference(model: type[models.Model], *, ref_key: str, values: dict[str, Any]) -> tuple[Any, str]:
    """Create or update the record of the reference dataset with this key; validate before saving.

    Returns the record and what happened to it (created, updated or unchanged), so that reloading the
    dataset can report that it changed nothing.
    """
    obj = model.objects.filter(ref_key=ref_key).first()
    if obj is not None and not _changed(obj, values):
        return obj, UNCHANGED
    outcome = UPDATED if obj is not None else CREATED
    if obj is None:
        obj = model(ref_key=ref_key)
    for field, value in values.items():
        setattr(obj, field, value)
    validate_record(obj)
    obj.save()
    return obj, outcome


def validate_record(obj: models.Model) -> None:
    """Model validation plus the rules a role term must keep."""
    obj.full_clean(validate_unique=True)
    if isinstance(obj, RoleTerm):
        validate_role_term(obj)


def validate_role_term(term: RoleTerm) -> None:
    errors: dict[str, str] = {}
    if term.role in (Role.CHAIR, Role.SHEPHERD) and not term.country_id:
        errors["country"] = "A Chair or Shepherd term names the member state that holds it."
    if term.role == Role.NATIONAL_REPRESENTATIVE and not (term.country_id and term.organisation_id):
        errors["organisation"] = "A National Representative term names its country and its body."
    if term.role == Role.CSCO and not term.member_id:
        errors["member"] = "A Chief Smart City Officer term names the member it serves."
    if term.role == Role.SECRETARIAT and not term.organisation_id:
        errors["organisation"] = "A Secretariat term names the organisation."
    if term.start_date and term.end_date:
        from hub.core.dates import last_day

        if last_day(term.end_date, term.end_precision or "day") < term.start_date:
            errors["end_date"] = "The end comes before the start."
    if errors:
        raise ValidationError(errors)


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
    stale = MembershipEvent.objects.filter(member=member, ref_key__isnull=False).exclude(ref_key__in=keep)
    if stale.exists():
        stale.delete()
        outcome = UPDATED
    return outcome
