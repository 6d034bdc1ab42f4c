"""Who takes part: the delegations and participants of a meeting."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hub.core.services import Conflict, create_record, delete_record, lock, update_record
from hub.meetings.models import Delegation, Meeting, Participant
from hub.meetings.services.common import _require_organiser


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
def remove_delegation(*, actor, delegation: Delegation, expected_version: int | None = None, via: str = "") -> None:
    """Remove a delegation with the participants listed in it."""
    _require_organiser(actor, delegation.meeting)
    current = lock(delegation)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    for participant in current.participants.all():
        delete_record(participant, actor=actor, via=via, note="with its delegation")
    delete_record(current, actor=actor, via=via)


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
def remove_participant(*, actor, participant: Participant, expected_version: int | None = None, via: str = "") -> None:
    _require_organiser(actor, participant.meeting)
    delete_record(participant, actor=actor, expected_version=expected_version, via=via)
