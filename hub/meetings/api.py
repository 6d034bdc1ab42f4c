"""The meetings API: meetings, their agenda, decisions, action items, attendance and documents.

Reads (``auth=READ``) answer what the caller may see: a restricted meeting is a 404 to others. Writes
(``auth=WRITE``) are for the meeting's organisers (see hub.meetings.policies) and go through
hub.meetings.services. A meeting, agenda item, outcome, delegation or participant answers with an
``ETag`` naming it and its version (``"meeting-12-v3"``); send it back as ``If-Match`` on PATCH or DELETE,
and a change made in between is refused with 412. Errors: 401 without credentials, 403 for a change the
caller may not make, 404 for what it may not see, 422 with field messages for bad input.

No ``from __future__ import annotations``: ninja reads the filter annotations through @paginate's
wrapper, whose module cannot resolve them as strings.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from hub.accounts.auth import READ, WRITE, caller
from hub.accounts.models import User
from hub.core.dates import PartialDate
from hub.core.services import Conflict
from hub.meetings import policies, responses, services
from hub.meetings.filters import ActionItemFilter, MeetingFilter
from hub.meetings.models import (
    AgendaItem,
    Delegation,
    Document,
    EffectKind,
    Meeting,
    MeetingSeries,
    Outcome,
    OutcomeKind,
    Participant,
)
from hub.meetings.queries import agenda_items
from hub.meetings.schemas import (
    ActionItemDetail,
    ActionItemOut,
    AgendaItemIn,
    AgendaItemOut,
    AgendaItemPatch,
    AgendaOut,
    CommentIn,
    CommentOut,
    DecisionOut,
    DelegationIn,
    DelegationOut,
    DocumentOut,
    EffectIn,
    EffectOut,
    MeetingDetail,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MoveIn,
    OutcomeIn,
    OutcomeOut,
    OutcomePatch,
    ParticipantIn,
    ParticipantOut,
    SeriesOut,
    StatusPatch,
)
from hub.network.api import Pagination
from hub.network.models import Country, Member, Organisation, Person
from hub.network.schemas import Message, ValidationErrorOut

router = Router(auth=READ, tags=["meetings"])
VIA = "api"
# Reads need no credentials: the OpenAPI document says so (a token or session only widens what is seen).
OPEN_READ = {"security": [{}]}

READ_ERRORS = {404: Message, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Message, 401: Message, 403: Message, 404: Message, 412: Message, 422: ValidationErrorOut}


# -- helpers ---------------------------------------------------------------------------------------------
# A record's ETag names it and its version, like the registry's: "meeting-12-v3", "agenda-item-4-v1",
# "outcome-9-v2". Every write through the services raises `version`, so the tag changes when the record does.

_ETAG_KINDS = {
    Meeting: "meeting",
    AgendaItem: "agenda-item",
    Outcome: "outcome",
    Delegation: "delegation",
    Participant: "participant",
}
_ETAG = re.compile(r'^"(?P<record>[A-Za-z0-9-]+)-v(?P<version>\d+)"$')
IF_MATCH_HELP = (
    "Send the `ETag` of your last read in `If-Match` to be refused (412) if someone changed the record since; "
    "without `If-Match` the write overwrites. `If-Match: *` matches any version."
)


def _record_tag(obj) -> str:
    return f"{_ETAG_KINDS[type(obj)]}-{obj.pk}"


def etag(obj) -> str:
    return f'"{_record_tag(obj)}-v{obj.version}"'


def _with_etag(response: HttpResponse, obj):
    response["ETag"] = etag(obj)
    return obj


def expected_version(request: HttpRequest, obj) -> int | None:
    """The version the caller's If-Match names (None: overwrite whatever is there)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    value = header.strip()
    if value.startswith("W/"):
        raise HttpError(412, "If-Match compares strong ETags; a weak one (W/…) never matches. Send the ETag as sent.")
    match = _ETAG.match(value)
    if match is None:
        raise HttpError(400, f"If-Match must be one ETag as the API sent it, quotes included (e.g. {etag(obj)}), or *.")
    if match["record"] != _record_tag(obj):
        raise HttpError(412, f"The If-Match ETag {value} is for another record than this one ({_record_tag(obj)}).")
    return int(match["version"])


@contextmanager
def service_errors() -> Iterator[None]:
    """Refusals become 403, stale versions 412, bad input 422 naming the fields of the body."""
    try:
        yield
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "You may not make this change.") from exc
    except Conflict as exc:
        raise HttpError(412, str(exc)) from exc
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = [
                {"type": "value_error", "loc": ["body", "payload"] + ([] if name == "__all__" else [name]), "msg": m}
                for name, messages in exc.message_dict.items()
                for m in messages
            ]
        else:
            errors = [{"type": "value_error", "loc": ["body", "payload"], "msg": m} for m in exc.messages]
        raise NinjaValidationError(errors) from exc


def _readable_meeting(request, meeting_id: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.with_related(), pk=meeting_id)
    if not policies.can_read(caller(request), meeting):
        raise Http404
    return meeting


def _by(model, value, *, field: str, name: str):
    if value in (None, ""):
        return None
    lookup = {f"{field}__iexact" if field in ("code", "email") else field: value}
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise ValidationError({name: _("Nothing known as '%(value)s'.") % {"value": value}})
    return found


def _many(model, values, *, field: str, name: str) -> list:
    found = {str(getattr(o, field)): o for o in model.objects.filter(**{f"{field}__in": values})}
    missing = [str(v) for v in values if str(v) not in found]
    if missing:
        raise ValidationError({name: _("Nothing known as: %(values)s.") % {"values": ", ".join(missing)}})
    return [found[str(v)] for v in values]


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


def _clocks(data: dict) -> dict:
    """Times arrive as times (09:00 or 09:00:00) and are kept as HH:MM; null clears them."""
    for name in ("start_time", "end_time"):
        if name in data:
            data[name] = data[name].strftime("%H:%M") if data[name] is not None else ""
    return data


def _meeting_data(payload: dict) -> dict:
    data = _clocks(dict(payload))
    for name, (model, field, target) in MEETING_REFS.items():
        if name in data:
            data[target] = _by(model, data.pop(name), field=field, name=name)
    if "start_date" in data and data.get("end_date") is None and "end_date" in payload:
        data["end_date"] = data["start_date"]
    return data


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


def _outcome_data(payload: dict) -> dict:
    data = dict(payload)
    data.pop("effects", None)
    if "owner_organisation" in data:
        data["owner_organisation"] = _by(
            Organisation, data["owner_organisation"], field="slug", name="owner_organisation"
        )
    if "owner_email" in data:
        email = data.pop("owner_email")
        data["owner_user"] = _by(User, email.lower() if email else None, field="email", name="owner_email")
    if data.get("status") is None:
        data.pop("status", None)
    return data


def _partial(value: str | None, name: str) -> PartialDate | None:
    if not value:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise ValidationError({name: str(exc)}) from exc


def _effect_specs(effects: list) -> list:
    specs = []
    for effect in effects:
        if effect.kind == EffectKind.ADMIT_MEMBER:
            if not effect.members:
                raise ValidationError({"effects": _("An admission names the members it admits.")})
            for member in _many(Member, effect.members, field="slug", name="effects"):
                specs.append(services.EffectSpec(kind=effect.kind, member=member))
        else:
            specs.append(
                services.EffectSpec(
                    kind=effect.kind,
                    country=_by(Country, effect.country, field="code", name="effects"),
                    organisation=_by(Organisation, effect.organisation, field="slug", name="effects"),
                    person=_by(Person, effect.person, field="slug", name="effects"),
                    start=_partial(effect.start, "effects"),
                    end=_partial(effect.end, "effects"),
                )
            )
    return specs


def _meeting_detail(meeting: Meeting, user) -> Meeting:
    readable = policies.can_read_restricted(user, meeting)
    meeting.delegations_list = list(meeting.delegations.select_related("member", "country", "organisation"))
    meeting.participants_list = list(meeting.participants.select_related("person"))
    meeting.documents_list = [d for d in meeting.documents.order_by("created_at", "pk") if readable or not d.restricted]
    return meeting


def _readable_item(request, item_id: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_id)
    if not policies.can_read(caller(request), item.meeting):
        raise Http404
    return item


def _item_out(item: AgendaItem) -> AgendaItem:
    return agenda_items(item.meeting).get(pk=item.pk)


def _readable_outcome(request, outcome_id: int, kind: str | None = None) -> Outcome:
    qs = Outcome.objects.with_related().prefetch_related(
        "effects__membership_event__member", "effects__role_term__country", "comments__author"
    )
    if kind:
        qs = qs.filter(kind=kind)
    outcome = get_object_or_404(qs, pk=outcome_id)
    if not policies.can_read(caller(request), outcome.agenda_item.meeting):
        raise Http404
    return outcome


def _readable_part(request, model, pk: int):
    obj = get_object_or_404(model.objects.select_related("meeting"), pk=pk)
    if not policies.can_read(caller(request), obj.meeting):
        raise Http404
    return obj


# -- meetings -------------------------------------------------------------------------------------------


@router.get(
    "/meetings",
    openapi_extra=OPEN_READ,
    response={200: list[MeetingOut], 422: ValidationErrorOut},
    operation_id="list_meetings",
    summary="List meetings you may see (public ones, and restricted ones you take part in)",
)
@paginate(Pagination)
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


# -- series ---------------------------------------------------------------------------------------------


@router.get(
    "/meeting-series",
    openapi_extra=OPEN_READ,
    response={200: list[SeriesOut], 422: ValidationErrorOut},
    operation_id="list_meeting_series",
    summary="List meeting series (e.g. the ASCN Annual Meetings)",
)
@paginate(Pagination)
def list_series(request):
    return MeetingSeries.objects.select_related("country").order_by("name", "pk")


@router.get(
    "/meeting-series/{slug}.ics",
    openapi_extra=OPEN_READ,
    response={200: None, 404: Message},
    operation_id="get_series_ics",
    summary="iCalendar feed of a series: the meetings of it you may see",
)
def get_series_ics(request, slug: str):
    series = get_object_or_404(MeetingSeries, slug=slug)
    meetings = Meeting.objects.visible_to(caller(request)).with_related().filter(series=series).order_by("start_date")
    return responses.ics_response(request, meetings, filename=f"{series.slug}.ics", name=series.name)


# -- agenda -----------------------------------------------------------------------------------------------


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


# -- outcomes: decisions and action items ---------------------------------------------------------------------


@router.post(
    "/agenda-items/{item_id}/outcomes",
    auth=WRITE,
    response={201: OutcomeOut, **WRITE_ERRORS},
    operation_id="record_outcome",
    summary="Record an outcome: information, a decision (with its changes to the registry) or an action item",
    description="A decision's `effects` change the registry in the same transaction: `admit_member` makes each "
    "member a member from the meeting's first day (decided by the meeting's title); `chair_handover` and "
    "`shepherd_handover` create the role term. Effects need the Secretariat's rights: anyone else is refused "
    "(403) and nothing is recorded.",
)
def record_outcome(request, item_id: int, payload: OutcomeIn, response: HttpResponse):
    item = _readable_item(request, item_id)
    with service_errors():
        data = _outcome_data(payload.model_dump())
        specs = _effect_specs(payload.effects)
        outcome = services.record_outcome(actor=caller(request), item=item, data=data, effects=specs, via=VIA)
    return Status(201, _with_etag(response, _readable_outcome(request, outcome.pk)))


@router.patch(
    "/outcomes/{outcome_id}",
    auth=WRITE,
    response={200: OutcomeOut, **WRITE_ERRORS},
    operation_id="update_outcome",
    summary="Change an outcome (organisers)",
    description=IF_MATCH_HELP,
)
def update_outcome(request, outcome_id: int, payload: OutcomePatch, response: HttpResponse):
    outcome = _readable_outcome(request, outcome_id)
    version = expected_version(request, outcome)
    with service_errors():
        data = _outcome_data(payload.model_dump(exclude_unset=True))
        services.update_outcome(actor=caller(request), outcome=outcome, data=data, expected_version=version, via=VIA)
    return _with_etag(response, _readable_outcome(request, outcome.pk))


@router.delete(
    "/outcomes/{outcome_id}",
    auth=WRITE,
    response={204: None, **WRITE_ERRORS},
    operation_id="delete_outcome",
    summary="Delete an outcome; a decision's changes to the registry are taken back, or nothing is deleted",
    description=IF_MATCH_HELP,
)
def delete_outcome(request, outcome_id: int):
    outcome = _readable_outcome(request, outcome_id)
    version = expected_version(request, outcome)
    with service_errors():
        services.delete_outcome(actor=caller(request), outcome=outcome, expected_version=version, via=VIA)
    return Status(204, None)


@router.get(
    "/meetings/{meeting_id}/decisions",
    openapi_extra=OPEN_READ,
    response={200: list[DecisionOut], **READ_ERRORS},
    operation_id="list_meeting_decisions",
    summary="The decisions of a meeting, in agenda order, with their changes to the registry",
)
def list_meeting_decisions(request, meeting_id: int):
    meeting = _readable_meeting(request, meeting_id)
    return list(
        Outcome.objects.decisions()
        .filter(agenda_item__meeting=meeting)
        .with_related()
        .prefetch_related("effects__membership_event__member", "effects__role_term__country")
        .order_by("agenda_item__position", "agenda_item__pk", "position", "pk")
    )


@router.get(
    "/decisions/{decision_id}",
    openapi_extra=OPEN_READ,
    response={200: DecisionOut, **READ_ERRORS},
    operation_id="get_decision",
    summary="One decision, with its changes to the registry",
)
def get_decision(request, decision_id: int, response: HttpResponse):
    return _with_etag(response, _readable_outcome(request, decision_id, OutcomeKind.DECISION))


@router.post(
    "/decisions/{decision_id}/effects",
    auth=WRITE,
    response={201: list[EffectOut], **WRITE_ERRORS},
    operation_id="add_decision_effects",
    summary="Change the registry as a recorded decision says (Secretariat)",
)
def add_decision_effects(request, decision_id: int, payload: list[EffectIn]):
    decision = _readable_outcome(request, decision_id, OutcomeKind.DECISION)
    with service_errors():
        specs = _effect_specs(payload)
        effects = services.add_decision_effects(actor=caller(request), decision=decision, effects=specs, via=VIA)
    return Status(201, effects)


@router.get(
    "/action-items",
    openapi_extra=OPEN_READ,
    response={200: list[ActionItemOut], 422: ValidationErrorOut},
    operation_id="list_action_items",
    summary="List action items of the meetings you may see (e.g. `?overdue=true`)",
)
@paginate(Pagination)
def list_action_items(request, filters: Query[ActionItemFilter]):
    return filters.apply(Outcome.objects.visible_to(caller(request)))


@router.get(
    "/action-items/{action_id}",
    openapi_extra=OPEN_READ,
    response={200: ActionItemDetail, **READ_ERRORS},
    operation_id="get_action_item",
    summary="One action item with its comments",
)
def get_action_item(request, action_id: int, response: HttpResponse):
    return _with_etag(response, _readable_outcome(request, action_id, OutcomeKind.ACTION))


@router.patch(
    "/action-items/{action_id}",
    auth=WRITE,
    response={200: ActionItemOut, **WRITE_ERRORS},
    operation_id="update_action_item",
    summary="Change an action item: its owner may change the status, the organisers anything",
    description=IF_MATCH_HELP,
)
def update_action_item(request, action_id: int, payload: OutcomePatch, response: HttpResponse):
    action = _readable_outcome(request, action_id, OutcomeKind.ACTION)
    version = expected_version(request, action)
    with service_errors():
        data = _outcome_data(payload.model_dump(exclude_unset=True))
        services.update_action(actor=caller(request), action=action, data=data, expected_version=version, via=VIA)
    return _with_etag(response, _readable_outcome(request, action.pk))


@router.post(
    "/action-items/{action_id}/comments",
    auth=WRITE,
    response={201: CommentOut, **WRITE_ERRORS},
    operation_id="comment_action_item",
    summary="Comment on an action item (its owner and the meeting's organisers)",
)
def comment_action_item(request, action_id: int, payload: CommentIn):
    action = _readable_outcome(request, action_id, OutcomeKind.ACTION)
    with service_errors():
        comment = services.add_comment(actor=caller(request), action=action, text=payload.text, via=VIA)
    return Status(201, comment)


# -- delegations, participants, documents ----------------------------------------------------------------------


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
)
def remove_delegation(request, delegation_id: int):
    delegation = _readable_part(request, Delegation, delegation_id)
    with service_errors():
        services.remove_delegation(actor=caller(request), delegation=delegation, via=VIA)
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
)
def remove_participant(request, participant_id: int):
    participant = _readable_part(request, Participant, participant_id)
    with service_errors():
        services.remove_participant(actor=caller(request), participant=participant, via=VIA)
    return Status(204, None)


@router.post(
    "/meetings/{meeting_id}/documents",
    auth=WRITE,
    response={201: DocumentOut, **WRITE_ERRORS},
    operation_id="upload_document",
    summary="Upload a document (multipart form: `file`, optional `title`, `agenda_item_id`, `restricted`)",
    description="PDF, DOCX, XLSX, PPTX, PNG, JPEG, TXT or CSV, checked by extension and by content; at most "
    "MEETING_UPLOAD_MAX_BYTES (20 MB by default). A refused file is a 422 that says why.",
)
def upload_document(
    request,
    meeting_id: int,
    file: File[UploadedFile],
    title: Form[str] = "",
    agenda_item_id: Form[int | None] = None,
    restricted: Form[bool] = False,
):
    meeting = _readable_meeting(request, meeting_id)
    with service_errors():
        item = meeting.agenda_items.filter(pk=agenda_item_id).first() if agenda_item_id else None
        if agenda_item_id and item is None:
            raise ValidationError({"agenda_item_id": _("That agenda item belongs to another meeting.")})
        document = services.upload_document(
            actor=caller(request),
            meeting=meeting,
            upload=file,
            title=title,
            agenda_item=item,
            restricted=restricted,
            via=VIA,
        )
    return Status(201, document)


@router.get(
    "/documents/{document_id}",
    openapi_extra=OPEN_READ,
    response={200: None, 404: Message},
    operation_id="download_document",
    summary="Download a document (an attachment), if you may read it",
)
def download_document(request, document_id: int):
    document = get_object_or_404(Document.objects.select_related("meeting"), pk=document_id)
    if not policies.can_read_document(caller(request), document):
        raise Http404
    return responses.document_response(document)


@router.delete(
    "/documents/{document_id}",
    auth=WRITE,
    response={204: None, **WRITE_ERRORS},
    operation_id="delete_document",
    summary="Delete a document and its file",
)
def delete_document(request, document_id: int):
    document = get_object_or_404(Document.objects.select_related("meeting"), pk=document_id)
    if not policies.can_read_document(caller(request), document):
        raise Http404
    with service_errors():
        services.delete_document(actor=caller(request), document=document, via=VIA)
    return Status(204, None)
