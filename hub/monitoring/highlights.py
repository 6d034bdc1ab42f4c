"""The executive summary's picks of a cycle's accepted updates (hub/monitoring/report/summary.py), and the
tallies that let the report's page read them without every accepted update of the cycle (HighlightTally).

The rule: the highlighted project of a member is, among its projects whose update was accepted for the
cycle, the one completed in the cycle, else the one with the largest progress gain since its previous
accepted update (a first update gains its whole progress), then the highest progress, the latest
acceptance, and the title; the summary also names every project completed in the cycle and the three
largest gains, and counts the updates that name a challenge or ask for support. ``pick`` applies it to
every accepted update of a cycle (the report's files read them all anyway).

The page reads the same picks from HighlightTally: per cycle and member, the member's pick, its completed
projects and its three largest gains (the network's three largest are among them), rewritten with the
member's other tallies in each write's transaction (tallies.refresh_members: ``refresh_members`` here, from
the same CycleFacts, which knows each project's update accepted before the cycle) and whole by
tallies.rebuild. ``page_picks`` ranks those rows with the same functions: the same picks, a few rows per
member instead of tens of thousands of updates.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models.functions import Lower

from hub.monitoring.models import HighlightTally, ProgressUpdate, UpdateState
from hub.monitoring.selectors import FINISHED, CycleFacts
from hub.projects.models import ProjectStatus

TOP_GAINS = 3


@dataclass(frozen=True, slots=True)
class Highlight:
    """A member's highlighted project (or a highlight of the cycle), with why it was picked."""

    member_id: int
    member_name: str
    local_name: str
    country_code: str
    country_name: str
    title: str
    slug: str
    status: str
    progress: int
    gain: int | None  # progress points since the previous accepted update (None: first update)
    reason: str  # completed / gain / first / progress: the rule that picked it (REASONS in pdf.py, page)
    narrative: str
    is_demo: bool


class _Candidate(NamedTuple):
    """An accepted update of the cycle as a candidate highlight: its gain and the rule that would pick it."""

    update: Any  # data.UpdateLine
    gain: int | None  # progress points since the previous accepted update (None: first update)
    reason: str


def _candidates(updates: list, before: dict[int, tuple[str, int]]) -> list[_Candidate]:
    """Every accepted update of the cycle, with its gain and reason; ``before``: project id -> (status,
    progress) of its latest update accepted in an earlier cycle (facts.accepted_before). Plain tuples: only
    the few picked become Highlights (tens of thousands of them were a third of the build at the large size)."""
    result = []
    for u in updates:
        earlier = before.get(u.project_id)
        completed_now = u.status == ProjectStatus.COMPLETED and (earlier is None or earlier[0] not in FINISHED)
        gain = u.progress - earlier[1] if earlier is not None else None
        if completed_now:
            reason = "completed"
        elif gain is None:
            reason = "first"
        elif gain > 0:
            reason = "gain"
        else:
            reason = "progress"
        result.append(_Candidate(u, gain, reason))
    return result


def _highlight(c: _Candidate) -> Highlight:
    u = c.update
    return Highlight(
        member_id=u.member_id,
        member_name=u.member_name,
        local_name=u.local_name,
        country_code=u.country_code,
        country_name=u.country_name,
        title=u.title,
        slug=u.slug,
        status=u.status,
        progress=u.progress,
        gain=c.gain,
        reason=c.reason,
        narrative=u.narrative,
        is_demo=u.is_demo,
    )


def _rank(c: _Candidate) -> tuple:
    """The rule of the module's docstring, as a sort key (smallest first)."""
    u = c.update
    gain = c.gain if c.gain is not None else u.progress
    when = -u.accepted_at.timestamp() if u.accepted_at else 0.0
    return (c.reason != "completed", -gain, -u.progress, when, u.title.lower(), u.slug)


def _gain_key(c: _Candidate) -> tuple:
    """The order of the largest progress gains (smallest first)."""
    return (-(c.gain or 0), -c.update.progress, c.update.title.lower())


@dataclass
class Picks:
    """What the summary names of the cycle's accepted updates: one highlight per member, the projects completed
    in the cycle, the largest gains, and how many updates name a challenge or ask for support."""

    highlights: list[Highlight]
    completed: list[Highlight]
    gains: list[Highlight]
    with_challenges: int
    with_support: int


def pick(updates: list, before_cycle: dict[int, tuple[str, int]]) -> Picks:
    """Picks of every accepted update of the cycle (``updates``, in the report's order) by the rule of the
    module's docstring; ``before_cycle``: project id -> (status, progress) of its latest update accepted before."""
    candidates = _candidates(updates, before_cycle)
    ranked = sorted(candidates, key=_rank)
    made: dict[int, Highlight] = {}  # id(candidate) -> its Highlight, made once

    def highlight(c: _Candidate) -> Highlight:
        found = made.get(id(c))
        if found is None:
            found = made[id(c)] = _highlight(c)
        return found

    per_member: dict[int, Highlight] = {}
    for c in ranked:
        if c.update.member_id not in per_member:
            per_member[c.update.member_id] = highlight(c)
    return Picks(
        highlights=sorted(per_member.values(), key=lambda h: (h.country_name.lower(), h.member_name.lower())),
        completed=[highlight(c) for c in ranked if c.reason == "completed"],
        gains=[
            highlight(c)
            for c in heapq.nsmallest(TOP_GAINS, (c for c in candidates if c.reason == "gain"), key=_gain_key)
        ],
        with_challenges=sum(1 for u in updates if u.challenges.strip()),
        with_support=sum(1 for u in updates if u.support_needed.strip()),
    )


# --- the tallies ------------------------------------------------------------------------------------------


class _Scored(NamedTuple):
    """An accepted update as the rule reads it when the tallies are written."""

    pk: int
    cycle_id: int
    project_id: int
    member_id: int
    status: str
    progress: int
    accepted_at: datetime | None
    title: str
    slug: str
    challenges: str
    support_needed: str
    narrative: str
    is_demo: bool


# The report's order of the accepted updates (data.py), which the largest gains keep among equals.
ORDER = (Lower("project__member__country__name"), Lower("project__member__name"), Lower("project__title"), "pk")


def tally_rows(facts, member_ids: list[int] | None = None) -> list[HighlightTally]:
    """The highlight tallies in every cycle of these members (None: every member), ``facts`` their CycleFacts."""
    updates = ProgressUpdate.objects.filter(state=UpdateState.ACCEPTED)
    if member_ids is not None:
        updates = updates.filter(project__member_id__in=member_ids)
    grouped: dict[tuple[int, int], list[_Scored]] = defaultdict(list)
    fields = ("pk", "cycle_id", "project_id", "project__member_id", "status", "progress", "accepted_at")
    text = ("project__title", "project__slug", "challenges", "support_needed", "narrative", "project__is_demo")
    for row in updates.order_by(*ORDER).values_list(*fields, *text):
        scored = _Scored(*row)
        grouped[(scored.cycle_id, scored.member_id)].append(scored)
    cycles = {c.pk: c for c in facts.cycles}
    made = []
    for (cycle_id, member_id), scored in grouped.items():
        before = {
            u.project_id: (row.status, row.progress)
            for u in scored
            if (row := facts.accepted_before(cycles[cycle_id], u.project_id)) is not None
        }
        candidates = _candidates(scored, before)
        picked = min(candidates, key=_rank)
        gains = heapq.nsmallest(TOP_GAINS, (c for c in candidates if c.reason == "gain"), key=_gain_key)
        gain_ids = {id(c) for c in gains}
        for c in candidates:
            is_picked = c is picked
            if not (is_picked or c.reason == "completed" or id(c) in gain_ids):
                continue
            made.append(
                HighlightTally(
                    cycle_id=cycle_id,
                    member_id=member_id,
                    update_id=c.update.pk,
                    gain=c.gain,
                    reason=c.reason,
                    picked=is_picked,
                    top_gain=id(c) in gain_ids,
                    with_challenges=sum(1 for u in scored if u.challenges.strip()) if is_picked else 0,
                    with_support=sum(1 for u in scored if u.support_needed.strip()) if is_picked else 0,
                    title=c.update.title,
                    slug=c.update.slug,
                    status=c.update.status,
                    progress=c.update.progress,
                    narrative=c.update.narrative,
                    is_demo=c.update.is_demo,
                    accepted_at=c.update.accepted_at,
                )
            )
    return made


def refresh_members(member_ids: list[int], facts) -> None:
    """Rewrite these members' highlight tallies from ``facts`` (CycleFacts of exactly these members), in the
    caller's transaction."""
    HighlightTally.objects.filter(member_id__in=member_ids).delete()
    HighlightTally.objects.bulk_create(tally_rows(facts, member_ids), batch_size=2000)


def rebuild(facts) -> None:
    """Every highlight tally again, from CycleFacts of the whole network (tallies.rebuild)."""
    HighlightTally.objects.all().delete()
    HighlightTally.objects.bulk_create(tally_rows(facts), batch_size=2000)


def fill_if_empty(using: str = "default") -> None:
    """After the migration that brought these tallies: fill them once when updates were accepted."""
    if HighlightTally.objects.using(using).exists():
        return
    if not ProgressUpdate.objects.using(using).filter(state=UpdateState.ACCEPTED).exists():
        return
    with transaction.atomic(using=using):
        rebuild(CycleFacts())


class _Shown(NamedTuple):
    """What the summary shows of an accepted update (the fields _highlight and _rank read)."""

    member_id: int
    member_name: str
    local_name: str
    country_code: str
    country_name: str
    title: str
    slug: str
    status: str
    progress: int
    narrative: str
    is_demo: bool
    accepted_at: datetime | None


SHOWN_FIELDS = (
    "member_id",
    "member__name",
    "member__local_name",
    "member__country__code",
    "member__country__name",
    "title",
    "slug",
    "status",
    "progress",
    "narrative",
    "is_demo",
    "accepted_at",
)
# The report's order of the updates (ORDER), from the tallies' own columns and the member's.
SHOWN_ORDER = (Lower("member__country__name"), Lower("member__name"), Lower("title"), "update_id")


def page_picks(cycle) -> Picks:
    """``pick``'s result for the cycle, from its highlight tallies (a few rows per member)."""
    rows = (
        HighlightTally.objects.filter(cycle=cycle)
        .order_by(*SHOWN_ORDER)
        .values_list("gain", "reason", "picked", "top_gain", "with_challenges", "with_support", *SHOWN_FIELDS)
    )
    made: dict[int, Highlight] = {}

    def highlight(c: _Candidate) -> Highlight:
        found = made.get(id(c))
        if found is None:
            found = made[id(c)] = _highlight(c)
        return found

    picked, completed, gains = [], [], []
    with_challenges = with_support = 0
    for gain, reason, is_picked, top_gain, challenges, support, *shown in rows:
        c = _Candidate(_Shown(*shown), gain, reason)
        if is_picked:
            picked.append(c)
            with_challenges += challenges
            with_support += support
        if reason == "completed":
            completed.append(c)
        if top_gain:
            gains.append(c)
    return Picks(
        highlights=sorted(
            (highlight(c) for c in picked), key=lambda h: (h.country_name.lower(), h.member_name.lower())
        ),
        completed=[highlight(c) for c in sorted(completed, key=_rank)],
        gains=[highlight(c) for c in heapq.nsmallest(TOP_GAINS, gains, key=_gain_key)],
        with_challenges=with_challenges,
        with_support=with_support,
    )
