"""The caller's own account in the API: who am I (``/me``) and my personal tokens (``/tokens``).

Both need a signed-in caller (a token or the session); anonymous callers get 401. Creating and revoking
tokens are writes, so they need a read-write token or the session with its CSRF token; a read-only token
cannot make more tokens. A token's text is answered once, when it is made, and never stored.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate
from pydantic import ConfigDict

from hub.accounts import tokens, work
from hub.accounts.auth import WRITE, caller
from hub.accounts.models import ApiToken
from hub.accounts.permissions import scope_for
from hub.core.api import Pagination
from hub.network.models import Country, Member, OrganisationKind
from hub.network.schemas import CountryRef, MemberRef, Message, ValidationErrorOut

router = Router(tags=["accounts"])

# Endpoints about the caller: a token or the session, never anonymous. (Safe methods skip the CSRF check.)
SIGNED_IN = WRITE


# -- Schemas ----------------------------------------------------------------------------------------------


class UserOut(Schema):
    id: int
    email: str
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The token's first characters, to recognise it; the rest is never shown again.")
    can_write: bool = Field(description="Read-write (true) or read-only (false).")
    created: datetime = Field(alias="created_at")
    expires: datetime | None = Field(alias="expires_at", description="Null: does not expire.")
    last_used: datetime | None = Field(alias="last_used_at", description="Updated at most every five minutes.")
    revoked: datetime | None = Field(alias="revoked_at")
    active: bool = Field(alias="is_active", description="Neither revoked nor expired.")

    model_config = ConfigDict(populate_by_name=True)


class TokenCreated(TokenOut):
    token: str = Field(description="The token itself. Shown this once: keep it now, it cannot be shown again.")


class TokenIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=100, description="What the token is for, to recognise it later.")
    can_write: bool = Field(False, description="Read-write; read-only when false.")
    days: int | None = Field(
        None,
        ge=1,
        le=tokens.MAX_DAYS,
        description=f"Expires after this many days (1 to {tokens.MAX_DAYS}); never when null.",
    )


class CallerAuth(Schema):
    method: str = Field(description="`token` or `session`.")
    can_write: bool = Field(
        description="Whether this credential may write (a read-write token, or the session with its CSRF token)."
    )
    token: TokenOut | None = Field(description="The token of this request, when the method is `token`.")


class MeOut(Schema):
    user: UserOut
    organisation: OrganisationOut | None
    roles: list[str] = Field(
        description="Roles held today through the organisation and the registry's role terms in force: operator, "
        "secretariat, chair, shepherd, national_representative, city_officer, partner."
    )
    national_representative_of: list[CountryRef] = Field(description="Countries represented (today).")
    city_officer_of: list[MemberRef] = Field(description="Members served as a city officer (today).")
    auth: CallerAuth


# -- Who am I ---------------------------------------------------------------------------------------------


@router.get(
    "/me",
    auth=SIGNED_IN,
    response={200: MeOut, 401: Message},
    operation_id="get_me",
    summary="The caller: user, organisation, current roles and how the request was authenticated",
    description="Roles follow the registry's role terms in force today: when a term ends, its role is gone "
    "from here the day after.",
)
def me(request: HttpRequest):
    user = caller(request)
    scope = scope_for(user)
    token = getattr(request, "api_token", None)
    return {
        "user": user,
        "organisation": user.organisation,
        "roles": scope.roles,
        "national_representative_of": list(Country.objects.filter(pk__in=scope.nr_country_ids).order_by("name")),
        "city_officer_of": list(Member.objects.filter(pk__in=scope.officer_member_ids).order_by("name", "pk")),
        "auth": {
            "method": "token" if token is not None else "session",
            "can_write": token.can_write if token is not None else True,
            "token": token,
        },
    }


# -- What waits for me -----------------------------------------------------------------------------------


class TaskOut(Schema):
    kind: str = Field(description="The kind of task, e.g. updates_to_endorse, my_actions, interests_to_answer.")
    label: str
    url: str = Field(description="The page where the job is done (a path on this hub).")
    detail: str
    since: date | None = Field(description="Since when it waits, or when it is due; the list is oldest first.")


class TaskKindOut(Schema):
    kind: str
    title: str
    total: int = Field(description="How many tasks of this kind wait (the items list the first ten).")
    more_url: str = Field(description="The page with all of them.")


class TasksOut(Schema):
    count: int = Field(description="How many tasks wait in all kinds (the number beside My work).")
    items: list[TaskOut] = Field(description="The first tasks of each kind, oldest first.")
    kinds: list[TaskKindOut] = Field(description="Every kind of task the caller's roles have, with its total.")


@router.get(
    "/me/tasks",
    auth=SIGNED_IN,
    response={200: TasksOut, 401: Message},
    operation_id="get_my_tasks",
    summary="What waits for the caller: the inbox of the My work page",
    description="Updates to write, resubmit, endorse or accept, late members, action items, meetings, "
    "invitations, challenges, collaboration requests and expressions of interest, by the caller's roles today.",
)
def my_tasks(request: HttpRequest):
    user = caller(request)
    groups = work.tasks_for(user, scope_for(user))
    items = [
        {"kind": g.key, "label": i.label, "url": i.url, "detail": i.detail, "since": i.since}
        for g in groups
        for i in g.items
    ]
    items.sort(key=lambda t: (t["since"] is None, t["since"] or date.min))
    kinds = [{"kind": g.key, "title": g.title, "total": g.total, "more_url": g.more_url} for g in groups]
    return {"count": work.task_count(groups), "items": items, "kinds": kinds}


# -- Personal tokens --------------------------------------------------------------------------------------


@router.get(
    "/tokens",
    auth=SIGNED_IN,
    response={200: list[TokenOut], 401: Message, 422: ValidationErrorOut},
    operation_id="list_tokens",
    summary="Your API tokens, newest first (never their secret)",
)
@paginate(Pagination)
def list_tokens(request: HttpRequest):
    return ApiToken.objects.filter(user=caller(request)).order_by("-created_at", "-pk")


@router.post(
    "/tokens",
    auth=WRITE,
    response={201: TokenCreated, 401: Message, 403: Message, 422: ValidationErrorOut},
    operation_id="create_token",
    summary="Make a personal API token; its text is answered this once",
    description="Needs the session (with its CSRF token) or a read-write token. Use the answer's `token` as "
    f"`Authorization: Bearer <token>`. Made with a token, a token must expire within {tokens.MINTED_MAX_DAYS} "
    f"days and not after the token it is made with; at most {tokens.MAX_LIVE_TOKENS} live tokens per user.",
)
def create_token(request: HttpRequest, payload: TokenIn, response: HttpResponse):
    user = caller(request)
    try:
        record, text = tokens.create_token(
            user=user,
            name=payload.name,
            can_write=payload.can_write,
            days=payload.days,
            minted_by=getattr(request, "api_token", None),
        )
    except DjangoValidationError as exc:
        raise NinjaValidationError(
            [
                {"type": "value_error", "loc": ["body", "payload", field], "msg": msg}
                for field, messages in exc.message_dict.items()
                for msg in messages
            ]
        ) from exc
    response["Cache-Control"] = "no-store"
    created = TokenOut.model_validate(record).model_dump()
    return Status(201, {**created, "token": text})


@router.delete(
    "/tokens/{token_id}",
    auth=WRITE,
    response={200: TokenOut, 401: Message, 403: Message, 404: Message},
    operation_id="revoke_token",
    summary="Revoke one of your tokens",
    description="The token stops working at once, and so does every token made with it (down the line); they stay "
    "in the list, marked revoked. Another user's token is a 404.",
)
def revoke_token(request: HttpRequest, token_id: int):
    user = caller(request)
    record = get_object_or_404(ApiToken, pk=token_id, user=user)
    try:
        return tokens.revoke_token(actor=user, token=record)
    except PermissionDenied as exc:  # pragma: no cover - the lookup above already keeps to own tokens
        raise HttpError(403, str(exc)) from exc
