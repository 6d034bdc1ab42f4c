"""Helpers the monitoring tests share (no tests here): the WA KEPO project, cycles, updates in a state."""

from __future__ import annotations

from datetime import date

from hub.core.services import create_record
from hub.monitoring import services
from hub.monitoring.models import ProgressUpdate, ReportingCycle
from hub.network.models import Member
from hub.projects.models import FocusArea, Project

COMMAND = "command:test"


def wa_kepo() -> Project:
    """Sumedang's WA KEPO from the reference data (data/projects.yaml), or one made for the test."""
    project = Project.objects.select_related("member__country").filter(title__icontains="WA KEPO").first()
    if project is not None:
        return project
    project = create_record(
        Project,
        actor=COMMAND,
        data={
            "slug": "wa-kepo-test",
            "member": Member.objects.get(slug="sumedang"),
            "title": "WA KEPO",
            "status": "ongoing",
            "start_date": date(2021, 7, 15),
            "start_precision": "day",
        },
    )
    project.focus_areas.set(FocusArea.objects.filter(code="civic-social"))
    return project


def bangkok_project() -> Project:
    project = Project.objects.filter(member__slug="bangkok").first()
    if project is not None:
        return project
    project = create_record(
        Project,
        actor=COMMAND,
        data={"slug": "bangkok-test-project", "member": Member.objects.get(slug="bangkok"), "title": "Bangkok test"},
    )
    project.focus_areas.set(FocusArea.objects.filter(code="quality-environment"))
    return project


def open_cycle(end_year: int = 2025, *, due: date | None = None) -> ReportingCycle:
    cycle = ReportingCycle.objects.filter(end_year=end_year).first() or services.create_cycle(
        actor=COMMAND, end_year=end_year, due_date=due
    )
    return services.open_cycle(actor=COMMAND, cycle=cycle)


DRAFT = {
    "status": "ongoing",
    "progress": 70,
    "milestones": ["Lebaran portal added", "16 portals live"],
    "narrative": "WA KEPO answered citizens through 16 portals.",
    "challenges": "No usage analytics yet.",
    "support_needed": "A partner for message analytics.",
}


def draft(personas, *, project=None, cycle=None, **data) -> ProgressUpdate:
    return services.create_update(
        actor=personas["sumedang_officer"],
        project=project or wa_kepo(),
        cycle=cycle or open_cycle(),
        data={**DRAFT, **data},
    )


def accepted(personas, **kwargs) -> ProgressUpdate:
    update = draft(personas, **kwargs)
    update = services.submit(actor=personas["sumedang_officer"], update=update)
    update = services.endorse(actor=personas["indonesia_nr"], update=update)
    return services.accept(actor=personas["secretariat"], update=update)
