"""Personal API tokens: made, checked and revoked here. Tokens look like ``ascn_<prefix>_<secret>``."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hub.accounts.models import ApiToken, User
from hub.core import changelog
from hub.core.models import ChangeAction

PREFIX = "ascn_"
MAX_DAYS = 3650
# A token made with another token (not the signed-in session) must expire, within this and never after the
# token that made it: a stolen token could otherwise mint one that outlives the stolen one's revocation.
MINTED_MAX_DAYS = 30
# Live (unrevoked, unexpired) tokens one user may hold: a leaked read-write token cannot mint thousands.
MAX_LIVE_TOKENS = 20


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def create_token(
    *, user: User, name: str, can_write: bool = False, days: int | None = None, actor=None, minted_by=None
) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns the record and the token text, which is never stored.
    ``minted_by``: the token the request came with, when it was not the session (see MINTED_MAX_DAYS)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, so you can recognise it later."})
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"A token lasts between 1 and {MAX_DAYS} days."})
    now = timezone.now()
    if minted_by is not None:
        if days is None or days > MINTED_MAX_DAYS:
            raise ValidationError(
                {"days": f"A token made with a token must expire, within {MINTED_MAX_DAYS} days (sign in for longer)."}
            )
        if minted_by.expires_at is not None and now + timedelta(days=days) > minted_by.expires_at:
            raise ValidationError({"days": "A token cannot outlive the token it is made with."})
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True).exclude(expires_at__lte=now)
    if live.count() >= MAX_LIVE_TOKENS:
        raise ValidationError(
            {"name": f"You have {MAX_LIVE_TOKENS} live tokens, the most one may hold: revoke one you no longer use."}
        )
    public = secrets.token_hex(4)
    token = f"{PREFIX}{public}_{secrets.token_urlsafe(32)}"
    record = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=f"{PREFIX}{public}",
        digest=digest(token),
        can_write=can_write,
        expires_at=timezone.now() + timedelta(days=days) if days else None,
        minted_by=minted_by,
    )
    changelog.record(
        actor=actor or user,
        obj=record,
        action=ChangeAction.CREATE,
        before={},
        after={
            "name": record.name,
            "prefix": record.prefix,
            "can_write": can_write,
            "expires_at": str(record.expires_at),
            **({"minted_by": minted_by.prefix} if minted_by is not None else {}),
        },
        note=owner_note(user),
    )
    return record, token


def owner_note(user: User) -> str:
    """Whose token a change log entry is about: the actor may be someone else (an operator)."""
    return f"Token of {user.email}"


def find_user(token: str) -> tuple[User, ApiToken] | None:
    """The active user behind an active token, or None."""
    if not token or not token.startswith(PREFIX):
        return None
    record = ApiToken.objects.active().select_related("user").filter(digest=digest(token)).first()
    if record is None or not record.user.is_active:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user, record


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke ``token`` and every token made with it (and with those, down the line), each logged."""
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied("You may revoke only your own tokens.")
    now = timezone.now()
    _revoke(actor=actor, token=token, now=now, note=owner_note(token.user))
    seen, generation = {token.pk}, [token.pk]
    while generation:
        children = list(
            ApiToken.objects.select_related("user")
            .filter(minted_by_id__in=generation, revoked_at__isnull=True)
            .exclude(pk__in=seen)
        )
        for child in children:
            _revoke(actor=actor, token=child, now=now, note=f"{owner_note(child.user)}; made with {token.prefix}")
        generation = [child.pk for child in children]
        seen.update(generation)
    return token


def _revoke(*, actor: User, token: ApiToken, now, note: str) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = now
    token.save(update_fields=["revoked_at"])
    changelog.record(
        actor=actor,
        obj=token,
        action=ChangeAction.UPDATE,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at.isoformat()},
        note=note,
    )
