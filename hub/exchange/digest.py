"""The e-mail digest: what changed in what a person follows, daily or weekly.

``send_digests(period)`` (``manage.py senddigests --period daily|weekly``) e-mails each active person
who follows something and chose that period (weekly when they chose nothing) the items of every
section below, since their last digest of that period (the first one: one period back). It is safe to run
twice: a digest is recorded (DigestSent, unique per person, period and period key — the day, or the
Monday of the week) in the transaction that sends it, so a second run in the same period skips the
person, and a failed send records nothing and is retried by the next run. Nothing to say, no e-mail.

Every section reads only what the person may read (the apps' ``visible_to``), so a digest never
carries a draft or a restricted meeting to someone who could not open it.

Sections are ``(key, title, provider)``; a provider takes ``(user, follows, since, until)`` and returns
DigestItems. "New matches for your challenges" (``new_matches``): for each active challenge of the
members the person is an officer of, the projects the matcher ranks in its top NEW_MATCH_DEPTH that were
created or changed in the period — never the member's own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.core import links
from hub.exchange.models import (
    Challenge,
    Collaboration,
    CollaborationRequest,
    DigestPeriod,
    DigestSent,
    DigestSubscription,
    Follow,
)
from hub.exchange.services.follows import unsubscribe_token

log = logging.getLogger(__name__)

PERIOD_LENGTH = {DigestPeriod.DAILY: timedelta(days=1), DigestPeriod.WEEKLY: timedelta(days=7)}
MAX_PER_SECTION = 20
NEW_MATCH_DEPTH = 5  # a new project counts as a match for a challenge when it ranks this high


@dataclass
class DigestItem:
    title: str
    url: str
    when: datetime
    detail: str = ""


@dataclass
class Followed:
    """The ids of what one person follows, by kind."""

    members: set[int] = field(default_factory=set)
    projects: set[int] = field(default_factory=set)
    challenges: set[int] = field(default_factory=set)
    countries: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, user) -> Followed:
        found = cls()
        for member, project, challenge, country in Follow.objects.of(user).values_list(
            "member_id", "project_id", "challenge_id", "country_id"
        ):
            for ids, value in (
                (found.members, member),
                (found.projects, project),
                (found.challenges, challenge),
                (found.countries, country),
            ):
                if value is not None:
                    ids.add(value)
        return found

    def members_q(self, prefix: str) -> Q:
        """A filter for records of a followed member or of a member of a followed country."""
        return Q(**{f"{prefix}_id__in": self.members}) | Q(**{f"{prefix}__country_id__in": self.countries})


def _url(path: str) -> str:
    return links.absolute(path)


def accepted_updates(user, followed: Followed, since: datetime, until: datetime) -> list[DigestItem]:
    from hub.monitoring.models import ProgressUpdate

    updates = (
        ProgressUpdate.objects.visible_to(user)
        .accepted()
        .filter(accepted_at__gt=since, accepted_at__lte=until)
        .filter(Q(project_id__in=followed.projects) | followed.members_q("project__member"))
        .with_related()
        .order_by("-accepted_at")[:MAX_PER_SECTION]
    )
    return [
        DigestItem(
            _("%(project)s (%(member)s): %(cycle)s update, %(progress)s%%")
            % {
                "project": u.project.title,
                "member": u.project.member.name,
                "cycle": u.cycle.label,
                "progress": u.progress,
            },
            _url(u.get_absolute_url()),
            u.accepted_at,
        )
        for u in updates
    ]


def challenges(user, followed: Followed, since: datetime, until: datetime) -> list[DigestItem]:
    new = Q(created_at__gt=since, created_at__lte=until) & (
        Q(project_id__in=followed.projects) | followed.members_q("member")
    )
    changed = Q(pk__in=followed.challenges, updated_at__gt=since, updated_at__lte=until)
    found = (
        Challenge.objects.visible_to(user)
        .filter(published=True)
        .filter(new | changed)
        .select_related("member")
        .order_by("-updated_at")[:MAX_PER_SECTION]
    )
    return [
        DigestItem(
            f"{c.title} ({c.member.name})",
            _url(c.get_absolute_url()),
            c.updated_at,
            _("new")
            if since < c.created_at <= until
            else _("changed: now %(status)s") % {"status": c.get_status_display()},
        )
        for c in found
    ]


def new_matches(user, followed: Followed, since: datetime, until: datetime) -> list[DigestItem]:
    """Projects created or changed in the period that now rank in the top NEW_MATCH_DEPTH of one of the
    person's members' active challenges (ranked together: hub.search.matching.rank_many)."""
    from hub.accounts.permissions import scope_for
    from hub.exchange.similar import match_arguments
    from hub.projects.models import Project
    from hub.search.matching import rank_many

    member_ids = scope_for(user).officer_member_ids
    if not member_ids:
        return []
    active = list(
        Challenge.objects.visible_to(user)
        .of_members(member_ids)
        .active()
        .select_related("member")
        .prefetch_related("focus_areas")
        .order_by("-severity", "-created_at", "pk")[:MAX_PER_SECTION]
    )
    if not active:
        return []
    ranked = rank_many([match_arguments(c) for c in active], limit=NEW_MATCH_DEPTH)
    ids = {pk for found in ranked for pk, _score in found}
    moved = Q(created_at__gt=since, created_at__lte=until) | Q(updated_at__gt=since, updated_at__lte=until)
    fresh = Project.objects.visible_to(user).filter(moved, pk__in=ids).select_related("member").in_bulk()
    items = []
    for challenge, found in zip(active, ranked, strict=True):
        for pk, _score in found:
            project = fresh.get(pk)
            if project is None or project.member_id == challenge.member_id:
                continue
            items.append(
                DigestItem(
                    f"{project.title} ({project.member.name})",
                    _url(project.get_absolute_url()),
                    project.updated_at,
                    _("matches your challenge: %(challenge)s") % {"challenge": challenge.title},
                )
            )
    return items[:MAX_PER_SECTION]


def collaboration(user, followed: Followed, since: datetime, until: datetime) -> list[DigestItem]:
    about = (
        followed.members_q("from_member")
        | followed.members_q("to_member")
        | Q(challenge_id__in=followed.challenges)
        | Q(project_id__in=followed.projects)
    )
    moved = Q(created_at__gt=since, created_at__lte=until) | Q(decided_at__gt=since, decided_at__lte=until)
    requests = (
        CollaborationRequest.objects.visible_to(user)
        .filter(about & moved)
        .select_related("from_member", "to_member")
        .order_by("-updated_at")[:MAX_PER_SECTION]
    )
    items = [
        DigestItem(
            f"{r.from_member.name} → {r.to_member.name}: {r.subject}",
            _url(r.get_absolute_url()),
            r.decided_at or r.created_at,
            str(r.get_state_display()),
        )
        for r in requests
    ]
    started = (
        Collaboration.objects.visible_to(user)
        .filter(created_at__gt=since, created_at__lte=until)
        .filter(
            Q(members__in=followed.members)
            | Q(members__country_id__in=followed.countries)
            | Q(challenge_id__in=followed.challenges)
            | Q(projects__in=followed.projects)
        )
        .distinct()
        .order_by("-created_at")[:MAX_PER_SECTION]
    )
    items += [
        DigestItem(c.topic, _url(c.get_absolute_url()), c.created_at, _("collaboration started")) for c in started
    ]
    return items


def meeting_decisions(user, followed: Followed, since: datetime, until: datetime) -> list[DigestItem]:
    from hub.meetings.models import Outcome

    if not (followed.members or followed.countries):
        return []
    meeting = "agenda_item__meeting__"
    decisions = (
        Outcome.objects.decisions()
        .visible_to(user)
        .filter(created_at__gt=since, created_at__lte=until)
        .filter(
            Q(**{f"{meeting}country_id__in": followed.countries})
            | Q(**{f"{meeting}delegations__member_id__in": followed.members})
            | Q(**{f"{meeting}delegations__country_id__in": followed.countries})
            | Q(effects__membership_event__member_id__in=followed.members)
        )
        .with_related()
        .distinct()
        .order_by("-created_at")[:MAX_PER_SECTION]
    )
    return [
        DigestItem(
            d.text if len(d.text) <= 160 else d.text[:159] + "…",
            _url(d.get_absolute_url()),
            d.created_at,
            str(d.agenda_item.meeting),
        )
        for d in decisions
    ]


SECTIONS: list[tuple[str, object, Callable]] = [
    ("updates", gettext_lazy("Accepted progress updates"), accepted_updates),
    ("challenges", gettext_lazy("Challenges"), challenges),
    ("matches", gettext_lazy("New matches for your challenges"), new_matches),
    ("collaboration", gettext_lazy("Collaboration requests and collaborations"), collaboration),
    ("decisions", gettext_lazy("Meeting decisions"), meeting_decisions),
]


def period_key(period: str, now: datetime) -> date:
    day = timezone.localdate(now)
    return day if period == DigestPeriod.DAILY else day - timedelta(days=day.weekday())


def compose(user, period: str, since: datetime, until: datetime) -> list[tuple[str, list[DigestItem]]]:
    followed = Followed.of(user)
    sections = []
    for _key, title, provider in SECTIONS:
        items = provider(user, followed, since, until)
        if items:
            sections.append((str(title), items))
    return sections


def recipients(period: str):
    """Active people who follow something and want this period (weekly is the default)."""
    from hub.accounts.models import User

    chose = DigestSubscription.objects.values("user_id")
    wanted = (
        Q(digest__period=period) if period != DigestPeriod.WEEKLY else (Q(digest__period=period) | ~Q(pk__in=chose))
    )
    return User.objects.filter(is_active=True, pk__in=Follow.objects.values("user_id")).filter(wanted).order_by("pk")


def _message(user, period: str, sections, key: date) -> EmailMessage:
    link = _url(reverse("exchange:unsubscribe", args=[unsubscribe_token(user)]))
    context = {
        "user": user,
        "sections": sections,
        "period": period,
        "unsubscribe": link,
        "day": key,
        "follows": _url(reverse("exchange:follows")),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("exchange/email/digest_subject.txt", context).strip()
        body = render_to_string("exchange/email/digest.txt", context)
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def send_digests(period: str, *, now: datetime | None = None) -> dict[str, int]:
    """Send this period's digests. Returns counts: sent, already (sent before this period), empty, failed."""
    if period not in PERIOD_LENGTH:
        raise ValueError(f"period must be daily or weekly, not {period!r}")
    now = now or timezone.now()
    key = period_key(period, now)
    counts = {"sent": 0, "already": 0, "empty": 0, "failed": 0}
    for user in recipients(period):
        if DigestSent.objects.filter(user=user, period=period, period_start=key).exists():
            counts["already"] += 1
            continue
        last = DigestSent.objects.filter(user=user, period=period).order_by("-sent_at").first()
        since = last.sent_at if last else now - PERIOD_LENGTH[period]
        sections = compose(user, period, since, now)
        if not sections:
            counts["empty"] += 1
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(
                    user=user, period=period, period_start=key, items=sum(len(items) for _t, items in sections)
                )
                _message(user, period, sections, key).send(fail_silently=False)
        except IntegrityError:  # another run sent it in the meantime
            counts["already"] += 1
        except Exception:  # the mail server: nothing recorded, the next run tries again
            log.exception("Could not send the %s digest to %s", period, user.email)
            counts["failed"] += 1
        else:
            counts["sent"] += 1
    return counts
