"""The idea exchange's tasks on "My work" (hub.accounts.work.TASK_PROVIDERS): my member's open
challenges, and the collaboration requests that wait — for my answer (incoming) or for the other
side's (outgoing). A fixed number of queries whatever the numbers (a count and a first page per group).

Each open challenge shows its best matches: the first BEST_MATCHES projects of
hub.exchange.similar.similar_elsewhere, each linked, with its member. They are ranked together
(hub.search.matching.rank_many: one encode, the in-memory index) and read in one query, so the page's
query count does not grow with the number of challenges shown (at most SHOWN).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from hub.accounts.work import TaskGroup, TaskItem
from hub.exchange.models import Challenge, CollaborationRequest
from hub.exchange.similar import match_arguments
from hub.projects.models import Project
from hub.search.matching import rank_many

SHOWN = 10
BEST_MATCHES = 3


class LinkedDetail(str):
    """An item's detail that is plain text where text is wanted (the API, e-mail) and, on the page, HTML
    with links (Django's templates use ``__html__``): My work's shared list template shows ``detail``
    as it is, so the matches' links need no change there."""

    html: str

    def __new__(cls, text: str, html: str) -> LinkedDetail:
        detail = super().__new__(cls, text)
        detail.html = html
        return detail

    def __html__(self) -> str:
        return self.html


def best_matches(challenges: list[Challenge]) -> dict[int, list[Project]]:
    """Each challenge's first BEST_MATCHES projects of similar_elsewhere, with their members: the same
    ranking, done for all the challenges at once in a fixed number of queries."""
    ranked = rank_many([match_arguments(c) for c in challenges], limit=BEST_MATCHES)
    ids = {pk for found in ranked for pk, _score in found}
    projects = Project.objects.filter(pk__in=ids).select_related("member").in_bulk() if ids else {}
    return {
        c.pk: [projects[pk] for pk, _score in found if pk in projects]
        for c, found in zip(challenges, ranked, strict=True)
    }


def _challenge_item(challenge: Challenge, matches: list[Project]) -> TaskItem:
    facts = ", ".join(
        [str(challenge.get_severity_display()), str(challenge.get_status_display()), *challenge.help_wanted_labels]
    )
    if not matches:
        return TaskItem(challenge.title, challenge.get_absolute_url(), facts)
    text = _("%(facts)s; best matches: %(projects)s") % {
        "facts": facts,
        "projects": "; ".join(f"{p.title} ({p.member.name})" for p in matches),
    }
    html = render_to_string("exchange/partials/task_matches.html", {"facts": facts, "matches": matches}).strip()
    return TaskItem(challenge.title, challenge.get_absolute_url(), LinkedDetail(text, html))


def _challenge_group(challenges, more_url: str) -> TaskGroup:
    rows = list(challenges[:SHOWN])
    total = len(rows) if len(rows) < SHOWN else challenges.count()
    matches = best_matches(rows) if rows else {}
    return TaskGroup(
        "open_challenges",
        _("Your member's open challenges"),
        [_challenge_item(c, matches.get(c.pk, [])) for c in rows],
        total,
        more_url,
        _("No open challenge. Post one when something holds you back: other members can then offer help."),
    )


def _group(key: str, title: str, queryset, item, more_url: str, empty: str) -> TaskGroup:
    rows = list(queryset[:SHOWN])
    total = len(rows) if len(rows) < SHOWN else queryset.count()
    return TaskGroup(key, title, [item(r) for r in rows], total, more_url, empty)


def tasks(user, scope) -> list[TaskGroup]:
    member_ids = scope.officer_member_ids
    if not member_ids:
        return []
    challenges = (
        Challenge.objects.visible_to(user)
        .of_members(member_ids)
        .active()
        .select_related("member")
        .prefetch_related("focus_areas")
        .order_by("-severity", "-created_at", "pk")
    )
    query = {"active": "true"}
    if len(member_ids) == 1:
        from hub.network.models import Member

        query["member"] = Member.objects.filter(pk__in=member_ids).values_list("slug", flat=True).first() or ""
    pending = (
        CollaborationRequest.objects.pending().select_related("from_member", "to_member").order_by("created_at", "pk")
    )
    return [
        _challenge_group(challenges, reverse("exchange:challenges") + "?" + urlencode(query)),
        _group(
            "requests_incoming",
            _("Collaboration requests waiting for your answer"),
            pending.filter(to_member_id__in=member_ids),
            lambda r: TaskItem(
                r.subject,
                r.get_absolute_url(),
                _("from %(member)s, %(kind)s") % {"member": r.from_member.name, "kind": r.get_kind_display()},
            ),
            reverse("exchange:requests") + "?state=pending",
            _("No request waits for your answer."),
        ),
        _group(
            "requests_outgoing",
            _("Your requests waiting for the other member"),
            pending.filter(from_member_id__in=member_ids),
            lambda r: TaskItem(
                r.subject,
                r.get_absolute_url(),
                _("to %(member)s, %(kind)s") % {"member": r.to_member.name, "kind": r.get_kind_display()},
            ),
            reverse("exchange:requests") + "?state=pending",
            _("None of your requests waits for an answer."),
        ),
    ]
