"""Outcomes: information, decisions (with their changes to the registry) and action items (with comments).

No ``from __future__ import annotations``: ninja reads the filter annotations through @paginate's
wrapper, whose module cannot resolve them as strings.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import paginate

from hub.accounts.auth import WRITE, caller
from hub.accounts.models import User
from hub.core.api import Pagination
from hub.core.dates import PartialDate
from hub.meetings import services
from hub.meetings.api.common import (
    IF_MATCH_HELP,
    OPEN_READ,
    READ_ERRORS,
    VIA,
    WRITE_ERRORS,
    _by,
    _many,
    _readable_item,
    _readable_meeting,
    _readable_outcome,
    _with_etag,
    expected_version,
    router,
    service_errors,
)
from hub.meetings.filters import ActionItemFilter
from hub.meetings.models import EffectKind, Outcome, OutcomeKind
from hub.meetings.schemas import (
    ActionItemDetail,
    ActionItemOut,
    CommentIn,
    CommentOut,
    DecisionOut,
    EffectIn,
    EffectOut,
    OutcomeIn,
    OutcomeOut,
    OutcomePatch,
)
from hub.network.models import Country, Member, Organisation, Person
from hub.network.schemas import ValidationErrorOut


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


@router.post(
    "/agenda-items/{item_id}/outcomes",
    auth=WRITE,
    response={201: OutcomeOut, **WRITE_ERRORS},
    operation_id="record_outcome",
    summary="Record an outcome: information, a decision (with its changes to the registry) or an action item",
    description="A decision's `effects` change the registry in the same transaction: `admit_member` makes each "
    "member a member from the meeting's first day (decided by the meeting's title); `chair_handover` and "
    "`shepherd_handover` create the role term and end the term in force on its start with the period before it "
    "(the day, month or year before, as precise as the start; the effect's `ended_term`). Effects need the "
    "Secretariat's rights: anyone else is refused (403) and nothing is recorded.",
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
        .prefetch_related(
            "effects__membership_event__member", "effects__role_term__country", "effects__ended_term__country"
        )
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
