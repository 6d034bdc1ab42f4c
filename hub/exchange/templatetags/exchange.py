"""Pieces other apps' pages show: a Follow button, and a member's open challenges."""

from django import template

from hub.core.rights import scope_for
from hub.core.sqlshape import Shape
from hub.exchange.member_rows import challenge_items
from hub.exchange.models import Challenge, Collaboration, Follow, FollowKind

register = template.Library()

MEMBER_CHALLENGES = 10


@register.inclusion_tag("exchange/partials/follow_button.html", takes_context=True)
def follow_button(context, request, kind: str, key) -> dict:
    """A Follow form for ``kind`` (member, project, challenge, country) and its key (id, slug or code)."""
    user = getattr(request, "user", None)
    following = False
    if user is not None and user.is_authenticated:
        lookup = {"challenge_id": key} if kind == FollowKind.CHALLENGE else {}
        if kind == FollowKind.MEMBER:
            lookup = {"member__slug": key} if not str(key).isdigit() else {"member_id": key}
        elif kind == FollowKind.PROJECT:
            lookup = {"project__slug": key} if not str(key).isdigit() else {"project_id": key}
        elif kind == FollowKind.COUNTRY:
            lookup = {"country__code": str(key).upper()}
        following = Follow.objects.filter(user=user, kind=kind, **lookup).exists()
    return {
        "user": user,
        "kind": kind,
        "key": key,
        "following": following,
        "next": request.get_full_path() if request is not None else "/",
        "csrf_token": context.get("csrf_token"),
    }


# What the member page's list never reads of a challenge (its texts, provenance and timestamps).
_MEMBER_UNREAD = ("text", "solution", "sources", "alternatives", "source_note", "created_at", "updated_at")


def _member_challenges(challenges, member_id: int):
    found = challenges.filter(member_id=member_id).active().defer(*_MEMBER_UNREAD)
    return found.order_by("-severity", "-created_at")[:MEMBER_CHALLENGES]


# Compiled once per process (hub/core/sqlshape.py) for the public and the network-wide roles, whose view
# depends on no one's ids (``visible_to`` filters published challenges, or nothing).
_MEMBER_CHALLENGES = Shape(
    "exchange.member_challenges",
    lambda member_id, everyone: _member_challenges(
        Challenge.objects.all() if everyone else Challenge.objects.visible_to(None), member_id
    ),
)


@register.inclusion_tag("exchange/partials/member_challenges.html", takes_context=True)
def member_challenges(context, member) -> dict:
    """The member's open (or being addressed) challenges the reader may see, most severe first."""
    request = context.get("request")
    user = getattr(request, "user", None)
    scope = scope_for(user)
    if scope.network_wide or not scope.authenticated:
        challenges = _MEMBER_CHALLENGES.list(member_id=member.pk, everyone=scope.network_wide)
    else:
        challenges = list(_member_challenges(Challenge.objects.visible_to(user), member.pk))
    return {"member": member, "challenges": challenges, "items": challenge_items(challenges) if challenges else ""}


@register.simple_tag
def can_ask_for_collaboration(request) -> bool:
    """Whether the reader may send collaboration requests (a city officer): for links on other pages."""
    from hub.exchange.policies import can_send_any_request

    return can_send_any_request(getattr(request, "user", None))


COUNTRY_ITEMS = 10


@register.inclusion_tag("exchange/partials/country_exchange.html", takes_context=True)
def country_exchange(context, country) -> dict:
    """A country's page: the open challenges of its members and the collaborations they take part in, the
    reader's visibility applied (drafts only for those who may read them)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    challenges = list(
        Challenge.objects.visible_to(user)
        .filter(member__country=country)
        .active()
        .select_related("member")
        .order_by("-severity", "-created_at")[:COUNTRY_ITEMS]
    )
    collaborations = list(
        Collaboration.objects.visible_to(user)
        .filter(members__country=country)
        .distinct()
        .prefetch_related("members")
        .order_by("-start_date", "pk")[:COUNTRY_ITEMS]
    )
    return {"country": country, "challenges": challenges, "collaborations": collaborations}
