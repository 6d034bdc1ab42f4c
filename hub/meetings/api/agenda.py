"""The agenda of a meeting: read it, add, change, move and delete its items."""

from django.http import HttpResponse
from ninja import Status

from hub.accounts.auth import WRITE, caller
from hub.meetings import services
from hub.meetings.api.common import (
    IF_MATCH_HELP,
    OPEN_READ,
    READ_ERRORS,
    VIA,
    WRITE_ERRORS,
    _by,
    _clocks,
    _many,
    _readable_item,
    _readable_meeting,
    _with_etag,
    expected_version,
    router,
    service_errors,
)
from hub.meetings.models import AgendaItem, Outcome
from hub.meetings.queries import agenda_items
from hub.meetings.schemas import AgendaItemIn, AgendaItemOut, AgendaItemPatch, AgendaOut, MoveIn
from hub.network.models import Member, Organisation


def _item_data(payload: dict) -> tuple[dict, dict]:
    from hub.projects.models import Project

    data = _clocks(dict(payload))
    links = {}
    if "presenter_organisation" in data:
        data["presenter_organisation"] = _by(
            Organisation, data["presenter_organisation"], field="slug", name="presenter_organisation"
        )
    if data.get("members") is not None:
        links["members"] = _many(Member, data.pop("members"), field="slug", name="members")
    if data.get("projects") is not None:
        links["projects"] = _many(Project, data.pop("projects"), field="slug", name="projects")
    if data.get("decisions") is not None:
        links["decisions"] = _many(Outcome, data.pop("decisions"), field="pk", name="decisions")
    for name in ("members", "projects", "decisions"):
        data.pop(name, None)
    return data, links


def _item_out(item: AgendaItem) -> AgendaItem:
    return agenda_items(item.meeting).get(pk=item.pk)


@router.get(
    "/meetings/{meeting_id}/agenda",
    openapi_extra=OPEN_READ,
    response={200: AgendaOut, **READ_ERRORS},
    operation_id="get_agenda",
    summary="The agenda: its items with their outcomes, and the review of open action items of the series",
)
def get_agenda(request, meeting_id: int):
    meeting = _readable_meeting(request, meeting_id)
    return {"review": services.actions_for_review(meeting, caller(request)), "items": list(agenda_items(meeting))}


@router.post(
    "/meetings/{meeting_id}/agenda",
    auth=WRITE,
    response={201: AgendaItemOut, **WRITE_ERRORS},
    operation_id="add_agenda_item",
    summary="Add an agenda item at the end",
)
def add_agenda_item(request, meeting_id: int, payload: AgendaItemIn, response: HttpResponse):
    meeting = _readable_meeting(request, meeting_id)
    with service_errors():
        data, links = _item_data(payload.model_dump())
        item = services.add_agenda_item(actor=caller(request), meeting=meeting, data=data, links=links, via=VIA)
    return Status(201, _with_etag(response, _item_out(item)))


@router.patch(
    "/agenda-items/{item_id}",
    auth=WRITE,
    response={200: AgendaItemOut, **WRITE_ERRORS},
    operation_id="update_agenda_item",
    summary="Change an agenda item",
    description=IF_MATCH_HELP,
)
def update_agenda_item(request, item_id: int, payload: AgendaItemPatch, response: HttpResponse):
    item = _readable_item(request, item_id)
    version = expected_version(request, item)
    with service_errors():
        data, links = _item_data(payload.model_dump(exclude_unset=True))
        services.update_agenda_item(
            actor=caller(request), item=item, data=data, links=links, expected_version=version, via=VIA
        )
    return _with_etag(response, _item_out(item))


@router.post(
    "/agenda-items/{item_id}/move",
    auth=WRITE,
    response={200: list[AgendaItemOut], **WRITE_ERRORS},
    operation_id="move_agenda_item",
    summary="Move an agenda item up or down; answers the whole agenda in its new order",
)
def move_agenda_item(request, item_id: int, payload: MoveIn):
    item = _readable_item(request, item_id)
    with service_errors():
        services.move_agenda_item(actor=caller(request), item=item, direction=payload.direction, via=VIA)
    return list(agenda_items(item.meeting))


@router.delete(
    "/agenda-items/{item_id}",
    auth=WRITE,
    response={204: None, **WRITE_ERRORS},
    operation_id="delete_agenda_item",
    summary="Delete an agenda item with its outcomes and documents",
    description=IF_MATCH_HELP,
)
def delete_agenda_item(request, item_id: int):
    item = _readable_item(request, item_id)
    version = expected_version(request, item)
    with service_errors():
        services.delete_agenda_item(actor=caller(request), item=item, expected_version=version, via=VIA)
    return Status(204, None)
