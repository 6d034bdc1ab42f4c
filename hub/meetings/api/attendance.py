"""Who takes part: add, change and remove the delegations and participants of a meeting."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Status

from hub.accounts.auth import WRITE, caller
from hub.accounts.models import User
from hub.meetings import services
from hub.meetings.api.common import (
    IF_MATCH_HELP,
    VIA,
    WRITE_ERRORS,
    _by,
    _readable_meeting,
    _readable_part,
    _with_etag,
    expected_version,
    router,
    service_errors,
)
from hub.meetings.models import Delegation, Participant
from hub.meetings.schemas import DelegationIn, DelegationOut, ParticipantIn, ParticipantOut, StatusPatch
from hub.network.models import Country, Member, Organisation, Person


@router.post(
    "/meetings/{meeting_id}/delegations",
    auth=WRITE,
    response={201: DelegationOut, **WRITE_ERRORS},
    operation_id="add_delegation",
    summary="Add a delegation: a member, a member state, a partner organisation or the Secretariat",
)
def add_delegation(request, meeting_id: int, payload: DelegationIn, response: HttpResponse):
    meeting = _readable_meeting(request, meeting_id)
    with service_errors():
        data = payload.model_dump()
        data["member"] = _by(Member, data["member"], field="slug", name="member")
        data["country"] = _by(Country, data["country"], field="code", name="country")
        data["organisation"] = _by(Organisation, data["organisation"], field="slug", name="organisation")
        delegation = services.add_delegation(actor=caller(request), meeting=meeting, data=data, via=VIA)
    return Status(201, _with_etag(response, delegation))


@router.patch(
    "/delegations/{delegation_id}",
    auth=WRITE,
    response={200: DelegationOut, **WRITE_ERRORS},
    operation_id="update_delegation",
    summary="Change a delegation's status (invited, attending, declined, absent)",
    description=IF_MATCH_HELP,
)
def update_delegation(request, delegation_id: int, payload: StatusPatch, response: HttpResponse):
    delegation = _readable_part(request, Delegation, delegation_id)
    version = expected_version(request, delegation)
    with service_errors():
        updated = services.update_delegation(
            actor=caller(request),
            delegation=delegation,
            data={"status": payload.status},
            expected_version=version,
            via=VIA,
        )
    return _with_etag(response, updated)


@router.delete(
    "/delegations/{delegation_id}",
    auth=WRITE,
    response={204: None, **WRITE_ERRORS},
    operation_id="remove_delegation",
    summary="Remove a delegation with its listed participants",
    description=IF_MATCH_HELP,
)
def remove_delegation(request, delegation_id: int):
    delegation = _readable_part(request, Delegation, delegation_id)
    version = expected_version(request, delegation)
    with service_errors():
        services.remove_delegation(actor=caller(request), delegation=delegation, expected_version=version, via=VIA)
    return Status(204, None)


@router.post(
    "/meetings/{meeting_id}/participants",
    auth=WRITE,
    response={201: ParticipantOut, **WRITE_ERRORS},
    operation_id="add_participant",
    summary="List a participant; one with a user account may then read the meeting if it is restricted",
)
def add_participant(request, meeting_id: int, payload: ParticipantIn, response: HttpResponse):
    meeting = _readable_meeting(request, meeting_id)
    with service_errors():
        data = payload.model_dump()
        email = data.pop("email")
        data["user"] = _by(User, email, field="email", name="email")
        data["person"] = _by(Person, data["person"], field="slug", name="person")
        delegation_id = data.pop("delegation_id")
        data["delegation"] = meeting.delegations.filter(pk=delegation_id).first() if delegation_id else None
        if delegation_id and data["delegation"] is None:
            raise ValidationError({"delegation_id": _("That delegation belongs to another meeting.")})
        participant = services.add_participant(actor=caller(request), meeting=meeting, data=data, via=VIA)
    return Status(201, _with_etag(response, participant))


@router.patch(
    "/participants/{participant_id}",
    auth=WRITE,
    response={200: ParticipantOut, **WRITE_ERRORS},
    operation_id="update_participant",
    summary="Change a participant's status",
    description=IF_MATCH_HELP,
)
def update_participant(request, participant_id: int, payload: StatusPatch, response: HttpResponse):
    participant = _readable_part(request, Participant, participant_id)
    version = expected_version(request, participant)
    with service_errors():
        updated = services.update_participant(
            actor=caller(request),
            participant=participant,
            data={"status": payload.status},
            expected_version=version,
            via=VIA,
        )
    return _with_etag(response, updated)


@router.delete(
    "/participants/{participant_id}",
    auth=WRITE,
    response={204: None, **WRITE_ERRORS},
    operation_id="remove_participant",
    summary="Remove a participant",
    description=IF_MATCH_HELP,
)
def remove_participant(request, participant_id: int):
    participant = _readable_part(request, Participant, participant_id)
    version = expected_version(request, participant)
    with service_errors():
        services.remove_participant(actor=caller(request), participant=participant, expected_version=version, via=VIA)
    return Status(204, None)
