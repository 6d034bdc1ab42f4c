"""What a minister reads first: the executive summary of the annual M&E report, worked out from the same
facts as the rest of the report (facts.py: the tallies of CycleFacts' counts), never typed.

- **this cycle against the previous one**: projects, members of the network on the cycle's last day,
  members and countries with projects, updates accepted;
- **progress by focus area**: projects, completed ones and average progress, beside the previous cycle's;
- **highlights**: projects completed in the cycle, and the largest progress gains;
- **challenges and support**: how many accepted updates name a challenge, how many ask for support (the
  exchange's classified challenges come from its report section, hub/exchange/report.py);
- **membership changes**: who joined, became a candidate or withdrew;
- **one highlighted project per member**, as the official reports give one, picked by the rule below;
- **the comparison with earlier cycles** (history.py) and the **network map** (points of members).

The highlighted project of a member is, among its projects whose update was accepted for this cycle:
the one completed in the cycle, else the one with the largest progress gain since its previous accepted
update (a first update gains its whole progress), then the highest progress, the latest acceptance, and
the title. ``reason`` says which rule picked it. A member without an update accepted for the cycle has no
highlight and is named in ``without_update``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from hub.monitoring.highlights import Highlight, Picks
from hub.monitoring.models import ReportingCycle
from hub.monitoring.report.facts import ReportFacts
from hub.monitoring.report.history import History
from hub.monitoring.selectors import CycleFigures
from hub.network.models import Member, MembershipStatus


@dataclass(frozen=True)
class Compared:
    """A figure of this cycle beside the same figure of the previous cycle (None: no previous cycle)."""

    now: float | None
    before: float | None

    @property
    def change(self) -> float | None:
        if self.now is None or self.before is None:
            return None
        change = self.now - self.before
        return int(change) if float(change).is_integer() else round(change, 1)


@dataclass(frozen=True)
class FocusProgress:
    name: str
    projects: Compared
    completed: int
    average_progress: Compared


@dataclass(frozen=True, slots=True)
class MapPoint:
    name: str
    slug: str
    country_name: str
    lat: float
    lon: float
    has_projects: bool
    is_demo: bool


@dataclass
class Summary:
    previous: ReportingCycle | None
    projects: Compared
    network_members: Compared
    members: Compared
    countries: Compared
    accepted: Compared
    average_progress: Compared
    focus: list[FocusProgress]
    completed: list[Highlight]
    gains: list[Highlight]
    with_challenges: int
    with_support: int
    joined: list[str]
    candidates: list[str]
    withdrew: list[str]
    highlights: list[Highlight]
    without_update: list[str]
    history: History
    map_points: list[MapPoint] = field(default_factory=list)

    @property
    def demo_highlights(self) -> int:
        return sum(1 for h in self.highlights if h.is_demo)


def previous_cycle(facts: ReportFacts, cycle: ReportingCycle) -> ReportingCycle | None:
    earlier = [c for c in facts.cycles if c.start_date < cycle.start_date]
    return earlier[-1] if earlier else None


def _focus_progress(facts: ReportFacts, cycle: ReportingCycle, previous: ReportingCycle | None) -> list[FocusProgress]:
    """Per focus area: projects counted, completed ones and the average accepted progress (the tallies' sums)."""
    found = facts.by_focus([cycle, previous] if previous else [cycle])

    def mean(entry: dict[str, int]) -> float | None:
        return round(entry["progress_sum"] / entry["progress_n"], 1) if entry["progress_n"] else None

    now = found[cycle.pk]
    before = found[previous.pk] if previous else None
    rows = []
    for area in facts.focus_areas:
        rows.append(
            FocusProgress(
                name=area.label,
                projects=Compared(now[area.pk]["projects"], before[area.pk]["projects"] if before else None),
                completed=now[area.pk]["completed"],
                average_progress=Compared(mean(now[area.pk]), mean(before[area.pk]) if before else None),
            )
        )
    return rows


def build_summary(
    facts: ReportFacts,
    cycle: ReportingCycle,
    figures: CycleFigures,
    picks: Picks,
    events: list,
    history: History,
) -> Summary:
    previous = previous_cycle(facts, cycle)
    before = facts.figures(previous) if previous else None
    on_end = Member.objects.members_on(cycle.end_date).count()
    on_end_before = Member.objects.members_on(previous.end_date).count() if previous else None

    def compared(name: str) -> Compared:
        return Compared(getattr(figures, name), getattr(before, name) if before else None)

    with_update = {h.member_id for h in picks.highlights}
    with_projects = facts.members_counted(cycle)
    without = sorted(
        {
            (country.lower(), name.lower(), name)
            for member_id, name, country in with_projects
            if member_id not in with_update
        }
    )
    by_status: dict[str, list[str]] = defaultdict(list)
    for e in events:
        by_status[e.status].append(e.member.name)
    return Summary(
        previous=previous,
        projects=compared("projects"),
        network_members=Compared(on_end, on_end_before),
        members=compared("members"),
        countries=compared("countries"),
        accepted=compared("accepted"),
        average_progress=compared("average_progress"),
        focus=_focus_progress(facts, cycle, previous),
        completed=picks.completed,
        gains=picks.gains,
        with_challenges=picks.with_challenges,
        with_support=picks.with_support,
        joined=by_status[MembershipStatus.MEMBER],
        candidates=by_status[MembershipStatus.CANDIDATE],
        withdrew=by_status[MembershipStatus.WITHDRAWN],
        highlights=picks.highlights,
        without_update=[name for _c, _m, name in without],
        history=history,
        map_points=map_points(cycle, {member_id for member_id, _n, _c in with_projects}),
    )


def map_points(cycle: ReportingCycle, with_projects: set[int]) -> list[MapPoint]:
    """The members of the network on the cycle's last day, where they are; with projects counted (the
    ids ``with_projects``) or not."""
    rows = (
        Member.objects.members_on(cycle.end_date)
        .exclude(latitude__isnull=True)
        .exclude(longitude__isnull=True)
        .order_by("name", "pk")
        .values_list("pk", "name", "slug", "country__name", "latitude", "longitude", "is_demo")
    )
    return [
        MapPoint(name, slug, country, float(lat), float(lon), pk in with_projects, demo)
        for pk, name, slug, country, lat, lon, demo in rows
    ]


__all__ = ["Compared", "FocusProgress", "Highlight", "MapPoint", "Picks", "Summary", "build_summary"]
