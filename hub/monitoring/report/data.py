"""The content of the annual M&E report for a cycle, from public data only.

Public data is the projects catalogue, the registry, and *accepted* progress updates with their
published figures: a draft, or an update still under review, never reaches a report. Every list is
sorted, and the report's date is taken from the data (the latest acceptance in the cycle), so the same
data always gives the same files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Max
from django.db.models.functions import Lower

from hub.monitoring import highlights
from hub.monitoring.highlights import pick
from hub.monitoring.models import ProgressUpdate, ReportingCycle, UpdateState
from hub.monitoring.report.facts import ReportFacts, accepted_before, counted_projects
from hub.monitoring.report.history import build_history
from hub.monitoring.report.pause import gc_paused
from hub.monitoring.report.sections import report_sections
from hub.monitoring.report.summary import Summary, build_summary
from hub.monitoring.selectors import CycleFigures, published_values
from hub.network.models import MembershipEvent
from hub.projects.models import FocusArea, Project, ProjectStatus


class AppendixProject(NamedTuple):
    """A project of the appendix, as plain values (CycleFacts' ProjectRow without what the report leaves out)."""

    id: int
    title: str
    slug: str
    member_id: int
    member_name: str
    member_slug: str
    country_code: str
    country_name: str
    status: str  # the catalogue's
    start_date: date | None
    end_date: date | None
    is_demo: bool


# AppendixProject's fields, in order, as the query names them
PROJECT_FIELDS = (
    "pk",
    "title",
    "slug",
    "member_id",
    "member__name",
    "member__slug",
    "member__country__code",
    "member__country__name",
    "status",
    "start_date",
    "end_date",
    "is_demo",
)


@dataclass(slots=True)
class ProjectLine:
    row: AppendixProject
    focus_areas: list[str]
    status: str
    progress: int | None
    reported: bool  # an update of this cycle was accepted

    @property
    def status_label(self) -> str:
        return str(ProjectStatus(self.status).label) if self.status in ProjectStatus.values else self.status


# UpdateLine's fields, in order, as the query names them
UPDATE_FIELDS = (
    "project__member__country__code",
    "project__member__country__name",
    "project__member__name",
    "project__title",
    "project__slug",
    "project__is_demo",
    "status",
    "progress",
    "milestones",
    "narrative",
    "challenges",
    "support_needed",
    "language",
    "accepted_at",
    "project_id",
    "project__member_id",
    "project__member__local_name",
)


class UpdateLine(NamedTuple):
    """An accepted progress update of the cycle, with its project's member and country (a named tuple: made
    for each of tens of thousands of rows, a frozen dataclass cost ten times as much)."""

    country_code: str
    country_name: str
    member_name: str
    title: str
    slug: str
    is_demo: bool
    status: str
    progress: int
    milestones: list[str]
    narrative: str
    challenges: str
    support_needed: str
    language: str
    accepted_at: datetime | None
    project_id: int
    member_id: int
    local_name: str


# ValueLine's fields, in order, as the query names them
VALUE_FIELDS = (
    "indicator__project__member__country__code",
    "indicator__project__member__country__name",
    "indicator__project__member__name",
    "indicator__project__title",
    "indicator__name",
    "indicator__unit",
    "indicator__direction",
    "indicator__baseline",
    "indicator__target",
    "period_label",
    "period_start",
    "period_end",
    "value",
    "undated",
    "note",
    "reported_in",
)


@dataclass(frozen=True, slots=True)
class ValueLine:
    """A published indicator value in the cycle, with its indicator, project, member and country."""

    country_code: str
    country_name: str
    member_name: str
    title: str
    indicator: str
    unit: str
    direction: str
    baseline: Decimal | None
    target: Decimal | None
    period_label: str
    period_start: date
    period_end: date
    value: Decimal
    undated: bool
    note: str
    reported_in: int | None  # the accepted update's value it came from; None for reference data


@dataclass
class ReportData:
    cycle: ReportingCycle
    as_of: datetime
    figures: CycleFigures
    projects: list[ProjectLine]
    updates: list[UpdateLine]
    values: list[ValueLine]
    membership_events: list[MembershipEvent]
    focus_areas: list[FocusArea]
    demo_projects: int
    summary: Summary
    # What the sections other apps register found for the cycle, by key (hub.monitoring.report.sections):
    # "investment" (hub.partnerships), "exchange" (collaborations and challenges, hub.exchange).
    sections: dict[str, Any] = field(default_factory=dict)

    @property
    def provisional(self) -> bool:
        return self.cycle.state != "closed"


@gc_paused
def build(cycle: ReportingCycle, *, rows: bool = True) -> ReportData:
    """Everything the report says about the cycle, read once; the formats only lay it out. The report page
    shows neither the appendix's project lines nor the indicator figures and leaves them out (``rows=False``:
    ``projects`` and ``values`` empty): on a big network they are most of the rows.

    A fixed number of queries whatever the network's size: the figures from the tallies (facts.py), the
    rows the report lists (updates, appendix, indicator values) as plain values, one query each."""
    facts = ReportFacts(cycle)
    figures = facts.figures(cycle)
    # Plain rows, not model instances: four objects per update (update, project, member, country) were
    # most of the build's time on a big network. The page names only a few updates per member and reads
    # them from the highlight tallies instead (hub/monitoring/highlights.py): no query here.
    accepted = ProgressUpdate.objects.filter(cycle=cycle, state=UpdateState.ACCEPTED)
    updates = [
        UpdateLine(*row)
        for row in (accepted if rows else ProgressUpdate.objects.none())
        .order_by(
            Lower("project__member__country__name"), Lower("project__member__name"), Lower("project__title"), "pk"
        )
        .values_list(*UPDATE_FIELDS)
    ]
    # Each project's latest update accepted before the cycle: the appendix's status and progress of the
    # projects without an update accepted for this one, and the highlights' gains.
    before = accepted_before(cycle) if rows else {}
    lines = _appendix(cycle, facts, updates, before) if rows else []
    # The values of the counted projects: the query asks for the cycle's period only and the counted set
    # is applied to its rows here. Sending the ~50,000 counted ids as an IN list cost more (2 s at the
    # large size) than reading the few values of uncounted projects.
    counted_ids = {line.row.id for line in lines}
    values = (
        []
        if not rows
        else [
            ValueLine(*row[:-1])
            for row in published_values()
            .filter(period_start__lte=cycle.end_date, period_end__gte=cycle.start_date)
            .order_by(
                Lower("indicator__project__member__country__name"),
                Lower("indicator__project__member__name"),
                Lower("indicator__project__title"),
                "indicator__name",
                "period_start",
                "pk",
            )
            .values_list(*VALUE_FIELDS, "indicator__project_id")
            .iterator(chunk_size=5000)
            if row[-1] in counted_ids
        ]
    )
    events = list(
        MembershipEvent.objects.filter(counts_from__gte=cycle.start_date, counts_from__lte=cycle.end_date)
        .select_related("member__country")
        .order_by("counts_from", Lower("member__name"), "pk")
    )
    latest = ProgressUpdate.objects.filter(cycle=cycle, state=UpdateState.ACCEPTED).aggregate(at=Max("accepted_at"))[
        "at"
    ]
    as_of = latest or datetime.combine(cycle.end_date, time(0, 0), tzinfo=UTC)
    picks = pick(updates, before) if rows else highlights.page_picks(cycle)
    summary = build_summary(facts, cycle, figures, picks, events, build_history(facts, cycle))
    return ReportData(
        cycle=cycle,
        as_of=as_of.astimezone(UTC).replace(microsecond=0),
        figures=figures,
        projects=lines,
        updates=updates,
        values=values,
        membership_events=events,
        focus_areas=facts.focus_areas,
        demo_projects=facts.count_in(cycle)[1],
        summary=summary,
        sections={section.key: section.collect(cycle) for section in report_sections()},
    )


def _appendix(
    cycle: ReportingCycle, facts: ReportFacts, updates: list[UpdateLine], before: dict[int, tuple[str, int]]
) -> list[ProjectLine]:
    """One line per project counted in the cycle, in CycleFacts.ordered's order (country, member, title: as
    Python lowers and sorts them), with its status and progress in the cycle: those of its update accepted
    for the cycle, else of its latest accepted before, else the catalogue's status and no progress."""
    counted = counted_projects(cycle)
    position = {f.pk: i for i, f in enumerate(facts.focus_areas)}
    names = {f.pk: str(f) for f in facts.focus_areas}  # English (CSV, XLSX); the PDF shows .label
    focus: dict[int, list[int]] = defaultdict(list)
    through = Project.focus_areas.through.objects.filter(project__in=counted.values("pk"))
    for project_id, focus_id in through.values_list("project_id", "focusarea_id"):
        focus[project_id].append(focus_id)
    listed: dict[tuple[int, ...], list[str]] = {}  # the few combinations of focus areas, each sorted once
    here = {u.project_id: (u.status, u.progress) for u in updates}
    rows = sorted(
        (AppendixProject(*row) for row in counted.order_by().values_list(*PROJECT_FIELDS)),  # sorted here
        key=lambda p: (p.country_name.lower(), p.member_name.lower(), p.title.lower(), p.id),
    )
    lines = []
    for p in rows:
        ids = tuple(focus.get(p.id, ()))
        if ids not in listed:
            listed[ids] = [names[f] for f in sorted(ids, key=lambda pk: position.get(pk, 99))]
        latest = here.get(p.id) or before.get(p.id)
        lines.append(
            ProjectLine(
                row=p,
                focus_areas=listed[ids],
                status=latest[0] if latest else p.status,
                progress=latest[1] if latest else None,
                reported=p.id in here,
            )
        )
    return lines
