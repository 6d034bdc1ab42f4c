"""The exchange API: challenges, collaboration requests, collaborations, follows.

Challenges read as their pages do (drafts only for those who may, else 404); writes need a read-write
token or a session with CSRF (hub.accounts.auth.WRITE) and go through hub.exchange.services: 403 when
the caller may not, 404 for what the caller may not read, 409 for a request no longer pending, 412 on
a stale ``If-Match``, 422 with field messages.

No ``from __future__ import annotations`` here: ninja reads the filter annotations through @paginate.
"""

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from hub.accounts.auth import READ, WRITE, caller
from hub.core.api import (
    IF_MATCH_HELP,
    OPEN_READ,
    VIA,
    ETags,
    Message,
    Pagination,
    ValidationErrorOut,
    detail_responses,
    list_responses,
    service_errors,
    write_responses,
)
from hub.exchange import services
from hub.exchange.filters import ChallengeFilter, CollaborationFilter, RequestFilter
from hub.exchange.models import Challenge, Collaboration, CollaborationRequest, Follow
from hub.exchange.schemas import (
    AnswerIn,
    ChallengeIn,
    ChallengeOut,
    ChallengePatch,
    CollaborationMemberIn,
    CollaborationOut,
    CollaborationPatch,
    FollowIn,
    FollowOut,
    RequestIn,
    RequestOut,
)

router = Router(auth=READ)

_KINDS = {Challenge: "challenge", CollaborationRequest: "collaboration-request", Collaboration: "collaboration"}


def _record_tag(obj: Model) -> str:
    return f"{_KINDS[type(obj)]}-{obj.pk}"


ETAGS = ETags(_record_tag)
STATE_ERRORS = {services.WrongState: 409}
WRITE_WITH_STATE = {**write_responses(RequestOut), 409: Message}


def _challenge(request, challenge_id: int) -> Challenge:
    return get_object_or_404(Challenge.objects.visible_to(caller(request)).with_related(), pk=challenge_id)


def _request(request, request_id: int) -> CollaborationRequest:
    return get_object_or_404(CollaborationRequest.objects.visible_to(caller(request)).with_related(), pk=request_id)


# -- challenges -----------------------------------------------------------------------------------------

CHALLENGE_RIGHTS = (
    "A challenge is posted and edited by its member's officers; its National Representative and the "
    "Secretariat may change its classification (focus_areas, severity, wants_*). Drafts (published=false) "
    "are read only by them."
)


@router.get(
    "/challenges",
    openapi_extra=OPEN_READ,
    response=list_responses(ChallengeOut),
    tags=["challenges"],
    operation_id="list_challenges",
    summary="List the challenges members face",
    description="The same filters as the page /challenges/ and its CSV. Most severe first.",
)
@paginate(Pagination)
def list_challenges(request, filters: Query[ChallengeFilter]):
    return filters.apply(Challenge.objects.visible_to(caller(request)))


@router.get(
    "/challenges/{challenge_id}",
    openapi_extra=OPEN_READ,
    response=detail_responses(ChallengeOut),
    tags=["challenges"],
    operation_id="get_challenge",
    summary="One challenge",
)
def get_challenge(request, challenge_id: int, response: HttpResponse):
    return ETAGS.with_etag(response, _challenge(request, challenge_id))


@router.post(
    "/challenges",
    auth=WRITE,
    response=write_responses(ChallengeOut, 201),
    tags=["challenges"],
    operation_id="create_challenge",
    summary="Post a challenge of your member",
    description=CHALLENGE_RIGHTS,
)
def create_challenge(request, payload: ChallengeIn, response: HttpResponse):
    with service_errors(ChallengeIn):
        challenge = services.create_challenge(
            actor=caller(request), data=payload.model_data(partial=False), focus_areas=payload.focus_areas, via=VIA
        )
    return ETAGS.created(response, _challenge(request, challenge.pk), "get_challenge", challenge_id=challenge.pk)


@router.patch(
    "/challenges/{challenge_id}",
    auth=WRITE,
    response=write_responses(ChallengeOut),
    tags=["challenges"],
    operation_id="update_challenge",
    summary="Change a challenge",
    description=f"Only the fields sent change. {CHALLENGE_RIGHTS} {IF_MATCH_HELP}",
)
def update_challenge(request, challenge_id: int, payload: ChallengePatch, response: HttpResponse):
    challenge = _challenge(request, challenge_id)
    version = ETAGS.expected_version(request, challenge)
    with service_errors(ChallengePatch):
        services.update_challenge(
            actor=caller(request),
            challenge=challenge,
            data=payload.model_data(partial=True),
            focus_areas=payload.focus_areas if "focus_areas" in payload.model_fields_set else None,
            expected_version=version,
            via=VIA,
        )
    return ETAGS.with_etag(response, _challenge(request, challenge_id))


# -- collaboration requests -------------------------------------------------------------------------------

REQUEST_RIGHTS = (
    "Requests are read by both members' officers and National Representatives, the Shepherd, the Chair and the "
    "Secretariat; others get 404, and a caller without credentials 401. The asking member's officers send "
    "and withdraw; the asked member's officers "
    "accept or decline."
)


@router.get(
    "/collaboration-requests",
    auth=WRITE,
    response={**list_responses(RequestOut), 401: Message},
    tags=["collaborations"],
    operation_id="list_collaboration_requests",
    summary="The collaboration requests you may see",
    description=REQUEST_RIGHTS,
)
@paginate(Pagination)
def list_requests(request, filters: Query[RequestFilter]):
    return filters.apply(CollaborationRequest.objects.visible_to(caller(request)))


@router.get(
    "/collaboration-requests/{request_id}",
    auth=WRITE,
    response={**detail_responses(RequestOut), 401: Message},
    tags=["collaborations"],
    operation_id="get_collaboration_request",
    summary="One collaboration request",
    description=REQUEST_RIGHTS,
)
def get_request(request, request_id: int, response: HttpResponse):
    return ETAGS.with_etag(response, _request(request, request_id))


@router.post(
    "/collaboration-requests",
    auth=WRITE,
    response=write_responses(RequestOut, 201),
    tags=["collaborations"],
    operation_id="send_collaboration_request",
    summary="Ask another member for a knowledge exchange, a study visit or a joint project",
    description=REQUEST_RIGHTS,
)
def send_request(request, payload: RequestIn, response: HttpResponse):
    user = caller(request)
    with service_errors(RequestIn):
        # A reference to no member, project or readable challenge is a 422 on its field, like the service's
        # own refusals (found by the API fuzzing: they were answered outside this error handling).
        data = payload.model_data(partial=False)
        challenge = None
        if payload.challenge is not None:
            challenge = Challenge.objects.visible_to(user).filter(pk=payload.challenge).first()
            if challenge is None:
                raise ValidationError({"challenge": _("No challenge with this id that you may read.")})
        sent = services.send_request(
            actor=user,
            from_member=data["from_member"],
            to_member=data["to_member"],
            kind=data["kind"],
            subject=data["subject"],
            message=data["message"],
            challenge=challenge,
            project=data.get("project"),
            base_url=request.build_absolute_uri("/"),
            via=VIA,
        )
    return ETAGS.created(response, _request(request, sent.pk), "get_request", request_id=sent.pk)


def _answer(request, request_id: int, action: str, payload: AnswerIn, response: HttpResponse):
    item = _request(request, request_id)
    version = ETAGS.expected_version(request, item)
    kwargs = {"actor": caller(request), "request": item, "expected_version": version, "via": VIA}
    with service_errors(statuses=STATE_ERRORS):
        if action == "withdraw":
            services.withdraw_request(**kwargs)
        else:
            services.answer_request(
                **kwargs, accept=action == "accept", reply=payload.reply, base_url=request.build_absolute_uri("/")
            )
    return ETAGS.with_etag(response, _request(request, request_id))


@router.post(
    "/collaboration-requests/{request_id}/accept",
    auth=WRITE,
    response=WRITE_WITH_STATE,
    tags=["collaborations"],
    operation_id="accept_collaboration_request",
    summary="Accept a request: a collaboration starts",
    description=f"{REQUEST_RIGHTS} {IF_MATCH_HELP}",
)
def accept_request(request, request_id: int, payload: AnswerIn, response: HttpResponse):
    return _answer(request, request_id, "accept", payload, response)


@router.post(
    "/collaboration-requests/{request_id}/decline",
    auth=WRITE,
    response=WRITE_WITH_STATE,
    tags=["collaborations"],
    operation_id="decline_collaboration_request",
    summary="Decline a request, with a reply",
    description=f"{REQUEST_RIGHTS} {IF_MATCH_HELP}",
)
def decline_request(request, request_id: int, payload: AnswerIn, response: HttpResponse):
    return _answer(request, request_id, "decline", payload, response)


@router.post(
    "/collaboration-requests/{request_id}/withdraw",
    auth=WRITE,
    response=WRITE_WITH_STATE,
    tags=["collaborations"],
    operation_id="withdraw_collaboration_request",
    summary="Withdraw your pending request",
    description=f"{REQUEST_RIGHTS} {IF_MATCH_HELP}",
)
def withdraw_request(request, request_id: int, payload: AnswerIn, response: HttpResponse):
    return _answer(request, request_id, "withdraw", payload, response)


# -- collaborations ----------------------------------------------------------------------------------------


@router.get(
    "/collaborations",
    openapi_extra=OPEN_READ,
    response=list_responses(CollaborationOut),
    tags=["collaborations"],
    operation_id="list_collaborations",
    summary="Collaborations between members (public)",
    description="`cycle` gives those started in an M&E cycle, e.g. 2024-2025.",
)
@paginate(Pagination)
def list_collaborations(request, filters: Query[CollaborationFilter]):
    return filters.apply(Collaboration.objects.visible_to(caller(request)))


@router.get(
    "/collaborations/{collaboration_id}",
    openapi_extra=OPEN_READ,
    response=detail_responses(CollaborationOut),
    tags=["collaborations"],
    operation_id="get_collaboration",
    summary="One collaboration",
)
def get_collaboration(request, collaboration_id: int, response: HttpResponse):
    found = get_object_or_404(Collaboration.objects.with_related(), pk=collaboration_id)
    return ETAGS.with_etag(response, found)


@router.patch(
    "/collaborations/{collaboration_id}",
    auth=WRITE,
    response=write_responses(CollaborationOut),
    tags=["collaborations"],
    operation_id="update_collaboration",
    summary="Change a collaboration's topic, status or end date",
    description=f"The officers of any of its members. {IF_MATCH_HELP}",
)
def update_collaboration(request, collaboration_id: int, payload: CollaborationPatch, response: HttpResponse):
    found = get_object_or_404(Collaboration.objects.with_related(), pk=collaboration_id)
    version = ETAGS.expected_version(request, found)
    with service_errors(CollaborationPatch):
        services.update_collaboration(
            actor=caller(request),
            collaboration=found,
            data=payload.model_data(partial=True),
            expected_version=version,
            via=VIA,
        )
    return ETAGS.with_etag(response, get_object_or_404(Collaboration.objects.with_related(), pk=collaboration_id))


@router.post(
    "/collaborations/{collaboration_id}/members",
    auth=WRITE,
    response=write_responses(CollaborationOut),
    tags=["collaborations"],
    operation_id="add_collaboration_member",
    summary="Add a member to a collaboration",
    description=f"The officers of any member already taking part. {IF_MATCH_HELP}",
)
def add_collaboration_member(request, collaboration_id: int, payload: CollaborationMemberIn, response: HttpResponse):
    found = get_object_or_404(Collaboration.objects.with_related(), pk=collaboration_id)
    version = ETAGS.expected_version(request, found)
    with service_errors(CollaborationMemberIn):
        services.add_collaboration_member(
            actor=caller(request),
            collaboration=found,
            member=payload.model_data(partial=False)["member"],
            expected_version=version,
            via=VIA,
        )
    return ETAGS.with_etag(response, get_object_or_404(Collaboration.objects.with_related(), pk=collaboration_id))


# -- follows ---------------------------------------------------------------------------------------------


@router.get(
    "/follows",
    auth=WRITE,
    response={200: list[FollowOut], 401: Message},
    tags=["follows"],
    operation_id="list_follows",
    summary="What you follow",
)
def list_follows(request):
    return list(Follow.objects.of(caller(request)).with_related())


@router.post(
    "/follows",
    auth=WRITE,
    response={200: FollowOut, 201: FollowOut, 401: Message, 404: Message, 422: ValidationErrorOut},
    tags=["follows"],
    operation_id="follow",
    summary="Follow a member, project, challenge or country",
    description="404 when there is nothing of that kind you may read with this key (private or missing alike).",
)
def follow(request, payload: FollowIn):
    try:
        item, created = services.follow(user=caller(request), kind=payload.kind, key=payload.key)
    except services.NotFollowable as exc:
        raise HttpError(404, str(exc)) from exc
    return Status(201 if created else 200, item)


@router.delete(
    "/follows/{follow_id}",
    auth=WRITE,
    response={204: None, 401: Message, 404: Message},
    tags=["follows"],
    operation_id="unfollow",
    summary="Stop following",
)
def unfollow(request, follow_id: int):
    if not services.unfollow(user=caller(request), follow_id=follow_id):
        raise HttpError(404, "Not Found")
    return Status(204, None)
