"""Follows and the digest subscription: a person's own preferences.

They are not data that anyone reports, so they are not in the change log (which the Secretariat
reads): who follows what is the follower's business. Following something the person may not read is
refused with the same answer as following nothing (``NotFollowable``), so a refusal says nothing
about whether a private thing exists.
"""

from __future__ import annotations

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hub.exchange.models import Challenge, DigestPeriod, DigestSubscription, Follow, FollowKind
from hub.network.models import Country, Member
from hub.projects.models import Project

UNSUBSCRIBE_SALT = "hub.exchange.digest.unsubscribe"
# An unsubscribe link works for this long: older digests' links stop working (signing's max_age).
UNSUBSCRIBE_MAX_AGE_DAYS = 60


class NotFollowable(Exception):
    """Nothing this person may follow has this kind and key (missing or private: the same answer)."""


def _target(user, kind: str, key: str | int):
    """The thing to follow, if it exists and the user may read it; else NotFollowable."""
    key = str(key).strip()
    try:
        if kind == FollowKind.MEMBER:
            return Member.objects.filter(slug=key).first() if not key.isdigit() else Member.objects.get(pk=int(key))
        if kind == FollowKind.PROJECT:
            return (
                Project.objects.visible_to(user).filter(slug=key).first()
                if not key.isdigit()
                else Project.objects.visible_to(user).get(pk=int(key))
            )
        if kind == FollowKind.CHALLENGE:
            return Challenge.objects.visible_to(user).get(pk=int(key))
        if kind == FollowKind.COUNTRY:
            return Country.objects.get(code=key.upper())
    except (Member.DoesNotExist, Project.DoesNotExist, Challenge.DoesNotExist, Country.DoesNotExist, ValueError):
        return None
    return None


def follow(*, user, kind: str, key: str | int) -> tuple[Follow, bool]:
    """Follow the member (id or slug), project (id or slug), challenge (id) or country (ISO code).
    Returns the follow and whether it is new; following twice is harmless."""
    if not getattr(user, "is_authenticated", False):
        raise NotFollowable(_("Sign in to follow."))
    if kind not in FollowKind.values:
        raise NotFollowable(_("One follows a member, a project, a challenge or a country."))
    target = _target(user, kind, key)
    if target is None:
        raise NotFollowable(_("There is nothing of that kind to follow with this key."))
    existing = Follow.objects.filter(user=user, **{kind: target}).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Follow.objects.create(user=user, kind=kind, **{kind: target}), True
    except IntegrityError:  # the same follow made at the same moment by a second request
        return Follow.objects.get(user=user, **{kind: target}), False


def unfollow(*, user, follow_id: int) -> bool:
    """Stop following; False when the user had no such follow."""
    deleted, _rows = Follow.objects.filter(user=user, pk=follow_id).delete()
    return bool(deleted)


def set_digest_period(*, user, period: str) -> DigestSubscription:
    if period not in DigestPeriod.values:
        from django.core.exceptions import ValidationError

        raise ValidationError({"period": _("Choose daily, weekly or no digest.")})
    subscription, _created = DigestSubscription.objects.update_or_create(user=user, defaults={"period": period})
    return subscription


def digest_period(user) -> str:
    """The user's digest period: weekly unless the user chose otherwise."""
    subscription = DigestSubscription.objects.filter(user=user).first()
    return subscription.period if subscription else DigestPeriod.WEEKLY


def unsubscribe_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_with_token(token: str):
    """Stop the digest of the token's user, without signing in. Returns the user, or None for a bad or
    expired token (the page then says to sign in and change it there)."""
    from hub.accounts.models import User

    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE_DAYS * 24 * 3600)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    user = User.objects.filter(pk=payload.get("u"), is_active=True).first() if isinstance(payload, dict) else None
    if user is None:
        return None
    set_digest_period(user=user, period=DigestPeriod.NONE)
    return user
