"""Build and remove the demo data: invented projects of the real members, with indicators and progress
updates that went through the real review chain (the monitoring services, acting as the command).

Everything made here is flagged ``is_demo`` and says so in its ``source_note``; the registry (members,
countries, role terms) and the reference projects are never touched. Building starts by removing the
previous demo data, so running it twice leaves the same data, not twice as much.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hub.core.dates import Precision
from hub.demo.catalogue import CHALLENGES, NARRATIVES, PROJECTS, RETURN_COMMENT, SUPPORT, DemoProject
from hub.monitoring.models import CycleState, ProgressUpdate, ReportingCycle
from hub.monitoring.services import cycles as cycle_services
from hub.monitoring.services import review, updates
from hub.network.models import Member
from hub.projects.models import FocusArea, Indicator, IndicatorValue, Project, ProjectStatus

ACTOR = "loaddemo"
NOTE = "Demo data made by `manage.py loaddemo`: invented, not a fact about the network."
# How the current cycle's updates are spread over the review chain (the rest have not reported yet).
CURRENT_MIX = (("draft", 0.2), ("returned", 0.1), ("submitted", 0.2), ("endorsed", 0.15), ("accepted", 0.1))


@dataclass
class Summary:
    projects: int = 0
    indicators: int = 0
    updates: dict[str, int] = field(default_factory=dict)
    cycles_created: list[str] = field(default_factory=list)
    cycles_skipped: list[str] = field(default_factory=list)
    removed: int = 0


@transaction.atomic
def remove_demo() -> int:
    """Delete every demo project with its indicators, values and updates; returns the projects removed."""
    projects = Project.objects.filter(is_demo=True)
    count = projects.count()
    # The challenges their accepted updates became (hub.exchange.from_updates) are demo data too.
    from hub.exchange.models import Challenge

    Challenge.objects.filter(is_demo=True).delete()
    ProgressUpdate.objects.filter(project__in=projects).delete()
    IndicatorValue.objects.filter(indicator__project__in=projects).delete()
    Indicator.objects.filter(project__in=projects).delete()
    projects.delete()
    return count


@transaction.atomic
def load_demo(*, per_member: int = 2, cycles: int = 3, seed: int = 2026, today: date | None = None) -> Summary:
    """Demo projects for every current member and their reporting over ``cycles`` past cycles plus the
    running one. A closed past cycle that holds real updates is left alone (reported as skipped)."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    summary = Summary(removed=remove_demo())
    members = list(Member.objects.members_on(today).filter(is_demo=False).select_related("country").order_by("slug"))
    areas = {a.code: a for a in FocusArea.objects.all()}
    made = _make_projects(members, per_member, areas, rng, summary, today.year)
    current_end = today.year + 1 if today.month >= 10 else today.year
    finished: set[int] = set()  # completed projects stop reporting, as real ones do
    for end_year in range(current_end - cycles, current_end + 1):
        cycle = _writable_cycle(end_year, summary)
        if cycle is None:
            continue
        is_current = end_year == current_end
        for project, indicators, started in made:
            if started > end_year or project.pk in finished:
                continue
            if _report(project, indicators, cycle, end_year - started, is_current, rng, summary):
                finished.add(project.pk)
        if not is_current:
            cycle_services.close_cycle(actor=ACTOR, cycle=cycle, via="command")
    IndicatorValue.objects.filter(indicator__project__is_demo=True).update(is_demo=True, confidence="low")
    return summary


def _make_projects(members, per_member, areas, rng, summary, this_year: int):
    made = []
    for member in members:
        for template in rng.sample(PROJECTS, k=min(per_member, len(PROJECTS))):
            started = rng.randint(2019, this_year)
            project = _project(member, template, started, areas)
            indicators = [
                Indicator.objects.create(
                    project=project,
                    name=i.name,
                    unit=i.unit,
                    direction=i.direction,
                    baseline=Decimal(i.baseline),
                    baseline_period=str(started),
                    target=Decimal(i.target),
                    target_period=str(started + 5),
                    is_demo=True,
                    confidence="low",
                    source_note=NOTE,
                )
                for i in template.indicators
            ]
            summary.projects += 1
            summary.indicators += len(indicators)
            made.append((project, list(zip(indicators, template.indicators, strict=True)), started))
    return made


def _project(member: Member, template: DemoProject, started: int, areas) -> Project:
    project = Project.objects.create(
        slug=f"demo-{member.slug}-{_slug(template.title)}"[:120],
        member=member,
        title=template.title,
        summary=template.summary,
        language="en",
        status=ProjectStatus.PLANNING,
        start_date=date(started, 1, 1),
        start_precision=Precision.YEAR,
        is_demo=True,
        confidence="low",
        source_note=NOTE,
    )
    project.focus_areas.set([areas[code] for code in template.areas if code in areas])
    return project


def _slug(title: str) -> str:
    return "-".join(title.lower().replace("(demo)", "").replace("-", " ").split())


def _writable_cycle(end_year: int, summary: Summary) -> ReportingCycle | None:
    cycle = ReportingCycle.objects.filter(end_year=end_year).first()
    if cycle is None:
        cycle = cycle_services.create_cycle(actor=ACTOR, end_year=end_year, via="command")
        summary.cycles_created.append(cycle.label)
    elif cycle.state == CycleState.CLOSED and cycle.updates.exists():
        # Real reporting was closed in it: not ours to reopen. An empty closed cycle is one an earlier
        # run filled with demo updates (removed above); it is reopened, filled and closed again.
        summary.cycles_skipped.append(cycle.label)
        return None
    if cycle.state != CycleState.OPEN:
        cycle = cycle_services.open_cycle(actor=ACTOR, cycle=cycle, via="command")
    return cycle


def _current_step(rng) -> str | None:
    roll, total = rng.random(), 0.0
    for step, share in CURRENT_MIX:
        total += share
        if roll < total:
            return step
    return None  # not reported yet: the member shows on the late list


def _report(project, indicators, cycle, age: int, is_current: bool, rng, summary: Summary) -> bool:
    """One project's update in ``cycle``, taken as far along the review chain as the dice say; True when
    the project was reported completed and accepted."""
    step = _current_step(rng) if is_current else ("accepted" if rng.random() < 0.85 else None)
    if step is None:
        return False
    progress = min(100, 15 + 25 * age + rng.randint(0, 15))
    status = ProjectStatus.COMPLETED if progress >= 100 else ProjectStatus.ONGOING
    share = Decimal(progress) / 100
    values = [
        {"indicator": indicator.pk, "value": _towards(spec.baseline, spec.target, share)}
        for indicator, spec in indicators
    ]
    update = updates.create_update(
        actor=ACTOR,
        project=project,
        cycle=cycle,
        data={
            "status": status,
            "progress": progress,
            "milestones": [f"Milestone {n} reached" for n in range(1, 1 + min(age + 1, 4))],
            "narrative": rng.choice(NARRATIVES),
            "challenges": rng.choice(CHALLENGES),
            "support_needed": rng.choice(SUPPORT),
        },
        values=values,
        via="command",
    )
    ProgressUpdate.objects.filter(pk=update.pk).update(is_demo=True, confidence="low", source_note=NOTE)
    update.refresh_from_db()
    if step != "draft":
        update = review.submit(actor=ACTOR, update=update, via="command")
    if step == "returned":
        update = review.return_update(actor=ACTOR, update=update, comment=RETURN_COMMENT, via="command")
    if step in ("endorsed", "accepted"):
        update = review.endorse(actor=ACTOR, update=update, via="command")
    if step == "accepted":
        update = review.accept(actor=ACTOR, update=update, via="command")
    summary.updates[step] = summary.updates.get(step, 0) + 1
    return step == "accepted" and status == ProjectStatus.COMPLETED


def _towards(baseline: int, target: int, share: Decimal) -> Decimal:
    return (Decimal(baseline) + (Decimal(target) - Decimal(baseline)) * share).quantize(Decimal(1))
