"""Meetings: list, read (also as iCalendar), create, change and delete meetings.

No ``from __future__ import annotations``: ninja reads the filter annotations through @paginate's
wrapper, whose module cannot resolve them as strings.
"""

from django.http import HttpResponse
from ninja import Query, Status

from hub.accounts.auth import WRITE, caller
from hub.core.api import Pagination
from hub.core.apilist import paginate_rows
from hub.meetings import policies, responses, services
from hub.meetings.api.common import (
    IF_MATCH_HELP,
    OPEN_READ,
    READ_ERRORS,
    VIA,
    WRITE_ERRORS,
    _by,
    _clocks,
    _readable_meeting,
    _with_etag,
    expected_version,
    router,
    service_errors,
)
from hub.meetings.api_rows import MEETING_ROWS
from hub.meetings.filters import MeetingFilter
from hub.meetings.models import Meeting, MeetingSeries
from hub.meetings.schemas import MeetingDetail, MeetingIn, MeetingOut, MeetingPatch
from hub.network.models import Country, Organisation, Person
from hub.network.schemas import Message, ValidationErrorOut

MEETING_REFS = {
    "national_of": (Country, "code", "country"),
    "venue_country": (Country, "code", "venue_country"),
    "host_country": (Country, "code", "host_country"),
    "chair_country": (Country, "code", "chair_country"),
    "host_organisation": (Organisation, "slug", "host_organisation"),
    "chair_organisation": (Organisation, "slug", "chair_organisation"),
    "chair_person": (Person, "slug", "chair_person"),
    "series": (MeetingSeries, "slug", "series"),
}


def _meeting_data(payload: dict) -> dict:
    data = _clocks(dict(payload))
    for name, (model, field, target) in MEETING_REFS.items():
        if name in data:
            data[target] = _by(model, data.pop(name), field=field, name=name)
    if "start_date" in data and data.get("end_date") is None and "end_date" in payload:
        data["end_date"] = data["start_date"]
    return data


def _meeting_detail(meeting: Meeting, user) -> Meeting:
    readable = policies.can_read_restricted(user, meeting)
    meeting.delegations_list = list(meeting.delegations.select_related("member", "country", "organisation"))
    meeting.participants_list = list(meeting.participants.select_related("person"))
    meeting.documents_list = [d for d in meeting.documents.order_by("created_at", "pk") if readable or not d.restricted]
    return meeting


# -- meetings -------------------------------------------------------------------------------------------


@router.get(
    "/meetings",
    openapi_extra=OPEN_READ,
    response={200: list[MeetingOut], 422: ValidationErrorOut},
    operation_id="list_meetings",
    summary="List meetings you may see (public ones, and restricted ones you take part in)",
)
@paginate_rows(Pagination, MEETING_ROWS)
def list_meetings(request, filters: Query[MeetingFilter]):
    return filters.apply(Meeting.objects.visible_to(caller(request)))


@router.get(
    "/meetings/{meeting_id}.ics",
    openapi_extra=OPEN_READ,
    response={200: None, 404: Message},
    operation_id="get_meeting_ics",
    summary="One meeting as an iCalendar (RFC 5545) file",
    description="All-day events (`VALUE=DATE`, exclusive end) for meetings known by their days; "
    "`TZID` times with the `VTIMEZONE` for timed ones.",
)
def get_meeting_ics(request, meeting_id: int):
    meeting = _readable_meeting(request, meeting_id)
    return responses.ics_response(request, [meeting], filename=f"meeting-{meeting.pk}.ics")


@router.get(
    "/meetings/{meeting_id}",
    openapi_extra=OPEN_READ,
    response={200: MeetingDetail, **READ_ERRORS},
    operation_id="get_meeting",
    summary="One meeting, with its delegations, participants and the documents you may download",
)
def get_meeting(request, meeting_id: int, response: HttpResponse):
    meeting = _readable_meeting(request, meeting_id)
    return _with_etag(response, _meeting_detail(meeting, caller(request)))


@router.post(
    "/meetings",
    auth=WRITE,
    response={201: MeetingDetail, **WRITE_ERRORS},
    operation_id="create_meeting",
    summary="Create a meeting (Chair, Shepherd, Secretariat; a National Representative its national meetings)",
)
def create_meeting(request, payload: MeetingIn, response: HttpResponse):
    user = caller(request)
    with service_errors():
        data = _meeting_data(payload.model_dump())
        if data.get("end_date") is None:
            data["end_date"] = data["start_date"]
        meeting = services.create_meeting(actor=user, data=data, via=VIA)
    response["Location"] = f"/api/v1/meetings/{meeting.pk}"
    detail = _meeting_detail(Meeting.objects.with_related().get(pk=meeting.pk), user)
    return Status(201, _with_etag(response, detail))


@router.patch(
    "/meetings/{meeting_id}",
    auth=WRITE,
    response={200: MeetingDetail, **WRITE_ERRORS},
    operation_id="update_meeting",
    summary="Change a meeting (its organisers)",
    description=f"Only the fields sent change. {IF_MATCH_HELP}",
)
def update_meeting(request, meeting_id: int, payload: MeetingPatch, response: HttpResponse):
    meeting = _readable_meeting(request, meeting_id)
    version = expected_version(request, meeting)
    user = caller(request)
    with service_errors():
        data = _meeting_data(payload.model_dump(exclude_unset=True))
        services.update_meeting(actor=user, meeting=meeting, data=data, expected_version=version, via=VIA)
    detail = _meeting_detail(Meeting.objects.with_related().get(pk=meeting.pk), user)
    return _with_etag(response, detail)


@router.delete(
    "/meetings/{meeting_id}",
    auth=WRITE,
    response={204: None, **WRITE_ERRORS},
    operation_id="delete_meeting",
    summary="Delete a meeting (refused while its decisions have changed the registry)",
    description=IF_MATCH_HELP,
)
def delete_meeting(request, meeting_id: int):
    meeting = _readable_meeting(request, meeting_id)
    version = expected_version(request, meeting)
    with service_errors():
        services.delete_meeting(actor=caller(request), meeting=meeting, expected_version=version, via=VIA)
    return Status(204, None)
