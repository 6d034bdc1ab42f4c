"""Writes of the challenges register: create and edit (officers), classify (also NR and Secretariat)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hub.core.services import Conflict, create_record, update_record
from hub.exchange import policies
from hub.exchange.models import Challenge
from hub.projects.services import _bump_version, _focus_areas, _log_m2m, _merge, _set_m2m

# Set by the services from the request context, never by the caller.
_NOT_SETTABLE = frozenset({"source_update", "created_by", "member_id"})


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@transaction.atomic
def create_challenge(*, actor, data: dict[str, Any], focus_areas: Iterable[str], via: str = "") -> Challenge:
    """A new challenge of ``data["member"]`` (its officers only). Unpublished unless ``published`` is set."""
    member = data.get("member")
    if member is None:
        raise ValidationError({"member": [_("Choose the member the challenge belongs to.")]})
    _require(
        policies.can_create_challenge_for(actor, member),
        _("Only the officers of %(member)s post its challenges.") % {"member": member},
    )
    unknown = set(data) & _NOT_SETTABLE
    if unknown:
        raise ValidationError({name: [_("This field cannot be set.")] for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    areas = _focus_areas(focus_areas, errors)
    data = dict(data)
    if getattr(actor, "pk", None) and hasattr(actor, "email"):
        data["created_by"] = actor
    try:
        challenge = create_record(Challenge, actor=actor, data=data, via=via)
    except ValidationError as exc:
        _merge(errors, exc)
        raise ValidationError(errors) from exc
    if errors:
        raise ValidationError(errors)
    changed = _set_m2m(challenge, "focus_areas", areas)
    if changed:
        _log_m2m(actor, challenge, {"focus_areas": changed}, via)
    return challenge


@transaction.atomic
def update_challenge(
    *,
    actor,
    challenge: Challenge,
    data: dict[str, Any],
    focus_areas: Iterable[str] | None = None,
    expected_version: int | None = None,
    via: str = "",
) -> Challenge:
    """Change fields (and focus areas if given). The member's officers change anything but the member; the
    National Representative and the Secretariat only the classification (focus areas, severity, help)."""
    editable = policies.editable_challenge_fields(actor, challenge)
    _require(
        editable is None or bool(editable),
        _("Only the officers of %(member)s edit this challenge.") % {"member": challenge.member},
    )
    if editable is not None:
        others = sorted(set(data) - editable)
        _require(
            not others,
            _("You may change only the classification of this challenge (focus areas, severity, help wanted)."),
        )
    if "member" in data and data["member"].pk != challenge.member_id:
        raise ValidationError({"member": [_("A challenge stays with its member.")]})
    unknown = set(data) & _NOT_SETTABLE
    if unknown:
        raise ValidationError({name: [_("This field cannot be set.")] for name in sorted(unknown)})
    current = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    errors: dict[str, list[str]] = {}
    areas = _focus_areas(focus_areas, errors)
    try:
        updated = update_record(current, actor=actor, data=data, via=via)
    except ValidationError as exc:
        _merge(errors, exc)
        raise ValidationError(errors) from exc
    if errors:
        raise ValidationError(errors)
    if areas is not None:
        changed = _set_m2m(updated, "focus_areas", areas)
        if changed:
            if updated.version == current.version:
                _bump_version(updated)
            _log_m2m(actor, updated, {"focus_areas": changed}, via)
    return updated
