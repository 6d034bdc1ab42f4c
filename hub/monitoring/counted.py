"""CycleFacts' rules (selectors.py) as queries, for readers that must not load every project and update of the
network into Python: the annual report (report/facts.py) and the Secretariat's late list (late.py).
tests/services/test_report_facts.py and the late list's tests hold them to CycleFacts."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from hub.monitoring.models import ProgressUpdate, ReportingCycle, UpdateState
from hub.network.models import Member
from hub.projects.models import Project


def counted_projects(cycle: ReportingCycle) -> QuerySet[Project]:
    """The projects that count in the cycle (CycleFacts.counted): their member was a member on the cycle's
    last day and they had started by then (with no start date: recorded in the hub by then, a local date),
    or an update of theirs was accepted for the cycle."""
    end = cycle.end_date
    next_day = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    started = Q(start_date__lte=end) | Q(start_date__isnull=True, created_at__lt=next_day)
    members = Member.objects.members_on(end).values("pk")
    accepted = ProgressUpdate.objects.filter(cycle=cycle, state=UpdateState.ACCEPTED).values("project_id")
    return Project.objects.filter((Q(member__in=members) & started) | Q(pk__in=accepted))


def accepted_before(cycle: ReportingCycle, projects: QuerySet | None = None) -> dict[int, tuple[str, int]]:
    """Project id -> (status, progress) of its latest update accepted in a cycle that began before this one
    (CycleFacts.accepted_before), for every project (or those of ``projects``, a query of ids)."""
    earlier = ProgressUpdate.objects.filter(state=UpdateState.ACCEPTED, cycle__start_date__lt=cycle.start_date)
    if projects is not None:
        earlier = earlier.filter(project_id__in=projects)
    latest = (
        earlier.order_by()
        .annotate(rank=Window(RowNumber(), partition_by=[F("project_id")], order_by=[F("cycle__start_date").desc()]))
        .filter(rank=1)
    )
    return {pid: (status, progress) for pid, status, progress in latest.values_list("project_id", "status", "progress")}
