"""Meeting series: list, read (also as an iCalendar feed), create and change them.

No ``from __future__ import annotations``: ninja reads the annotations through @paginate's wrapper.
"""

from django.http import Http404, HttpResponse
from ninja.pagination import paginate

from hub.accounts.auth import WRITE, caller
from hub.core.api import Pagination
from hub.meetings import responses, services
from hub.meetings.api.common import (
    ETAGS,
    IF_MATCH_HELP,
    OPEN_READ,
    READ_ERRORS,
    VIA,
    WRITE_ERRORS,
    _by,
    _with_etag,
    expected_version,
    router,
    service_errors,
)
from hub.meetings.models import Meeting, MeetingSeries
from hub.meetings.schemas_series import SeriesIn, SeriesOut, SeriesPatch
from hub.network.models import Country
from hub.network.schemas import Message, ValidationErrorOut

WHO = (
    "the Chair, the Shepherd and the Secretariat network series, a National Representative its country's national ones"
)


def _series(request, slug: str) -> MeetingSeries:
    found = MeetingSeries.objects.with_meetings(caller(request)).select_related("country").filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


def _series_data(payload: dict) -> dict:
    data = dict(payload)
    if "country" in data:
        data["country"] = _by(Country, data["country"], field="code", name="country")
    return data


@router.get(
    "/meeting-series",
    openapi_extra=OPEN_READ,
    response={200: list[SeriesOut], 422: ValidationErrorOut},
    operation_id="list_meeting_series",
    summary="List meeting series (e.g. the ASCN Annual Meetings), with the next number of each",
)
@paginate(Pagination)
def list_series(request):
    return MeetingSeries.objects.with_meetings(caller(request)).select_related("country").order_by("name", "pk")


@router.get(
    "/meeting-series/{slug}.ics",
    openapi_extra=OPEN_READ,
    response={200: None, 404: Message},
    operation_id="get_series_ics",
    summary="iCalendar feed of a series: the meetings of it you may see",
)
def get_series_ics(request, slug: str):
    series = _series(request, slug)
    meetings = Meeting.objects.visible_to(caller(request)).with_related().filter(series=series).order_by("start_date")
    return responses.ics_response(request, meetings, filename=f"{series.slug}.ics", name=series.name)


@router.get(
    "/meeting-series/{slug}",
    openapi_extra=OPEN_READ,
    response={200: SeriesOut, **READ_ERRORS},
    operation_id="get_meeting_series",
    summary="One meeting series, with the number proposed for its next meeting",
)
def get_meeting_series(request, slug: str, response: HttpResponse):
    return _with_etag(response, _series(request, slug))


@router.post(
    "/meeting-series",
    auth=WRITE,
    response={201: SeriesOut, **WRITE_ERRORS},
    operation_id="create_meeting_series",
    summary="Create a meeting series (" + WHO + ")",
    description="The slug is made from the name if omitted; it names the series' page and calendar feed and "
    "does not change later.",
)
def create_meeting_series(request, payload: SeriesIn, response: HttpResponse):
    with service_errors():
        series = services.create_series(actor=caller(request), data=_series_data(payload.model_dump()), via=VIA)
    return ETAGS.created(response, _series(request, series.slug), "get_meeting_series", slug=series.slug)


@router.patch(
    "/meeting-series/{slug}",
    auth=WRITE,
    response={200: SeriesOut, **WRITE_ERRORS},
    operation_id="update_meeting_series",
    summary="Change a meeting series (" + WHO + ")",
    description=f"Only the fields sent change; the slug stays. {IF_MATCH_HELP}",
)
def update_meeting_series(request, slug: str, payload: SeriesPatch, response: HttpResponse):
    series = _series(request, slug)
    version = expected_version(request, series)
    with service_errors():
        data = _series_data(payload.model_dump(exclude_unset=True))
        services.update_series(actor=caller(request), series=series, data=data, expected_version=version, via=VIA)
    return _with_etag(response, _series(request, slug))
