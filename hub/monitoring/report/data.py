"""The content of the annual M&E report for a cycle, from public data only.

Public data is the projects catalogue, the registry, and *accepted* progress updates with their
published figures: a draft, or an update still under review, never reaches a report. Every list is
sorted, and the report's date is taken from the data (the latest acceptance in the cycle), so the same
data always gives the same files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.db.models.functions import Lower

from hub.monitoring.models import ProgressUpdate, ReportingCycle, UpdateState
from hub.monitoring.report.history import build_history
from hub.monitoring.report.sections import report_sections
from hub.monitoring.report.summary import Summary, build_summary
from hub.monitoring.selectors import CycleFacts, CycleFigures, ProjectRow, published_values
from hub.network.models import MembershipEvent
from hub.projects.models import FocusArea, ProjectStatus


@dataclass
class ProjectLine:
    row: ProjectRow
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


@dataclass(frozen=True, slots=True)
class UpdateLine:
    """An accepted progress update of the cycle, with its project's member and country."""

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


def build(cycle: ReportingCycle, *, rows: bool = True) -> ReportData:
    """Everything the report says about the cycle, read once; the formats only lay it out. The report page
    shows neither the appendix's project lines nor the indicator figures and leaves them out (``rows=False``:
    ``projects`` and ``values`` empty): on a big network they are most of the rows."""
    facts = CycleFacts()
    figures = facts.figures(cycle)
    focus_names = {f.pk: str(f) for f in facts.focus_areas}  # English (CSV, XLSX); the PDF shows .label
    accepted_here = {pid for pid, u in facts.updates.get(cycle.pk, {}).items() if u.state == UpdateState.ACCEPTED}
    lines = []
    latest = facts.accepted_in(cycle)  # status_in / progress_in, read once for every project
    position = _focus_position(facts)
    for pid in facts.counted(cycle) if rows else ():
        row = facts.projects[pid]
        lines.append(
            ProjectLine(
                row=row,
                focus_areas=[focus_names[f] for f in sorted(row.focus_ids, key=position)],
                status=latest[pid].status if pid in latest else row.status,
                progress=latest[pid].progress if pid in latest else None,
                reported=pid in accepted_here,
            )
        )
    # Plain rows, not model instances: four objects per update (update, project, member, country) were
    # most of the build's time on a big network.
    updates = [
        UpdateLine(*row)
        for row in ProgressUpdate.objects.filter(cycle=cycle, state=UpdateState.ACCEPTED)
        .order_by(
            Lower("project__member__country__name"), Lower("project__member__name"), Lower("project__title"), "pk"
        )
        .values_list(*UPDATE_FIELDS)
    ]
    # The values of the counted projects: the query asks for the cycle's period only and the counted set
    # (worked out in Python by CycleFacts) is applied to its rows here. Sending the ~50,000 counted ids as
    # an IN list cost more (2 s at the large size) than reading the few values of uncounted projects.
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
    summary = build_summary(facts, cycle, figures, updates, events, build_history(facts, cycle))
    return ReportData(
        cycle=cycle,
        as_of=as_of.astimezone(UTC).replace(microsecond=0),
        figures=figures,
        projects=lines,
        updates=updates,
        values=values,
        membership_events=events,
        focus_areas=facts.focus_areas,
        demo_projects=sum(1 for pid in facts.counted(cycle) if facts.projects[pid].is_demo),
        summary=summary,
        sections={section.key: section.collect(cycle) for section in report_sections()},
    )


def _focus_position(facts: CycleFacts):
    order = {f.pk: i for i, f in enumerate(facts.focus_areas)}
    return lambda pk: order.get(pk, 99)
