"""A project's public progress (its latest accepted update), the published indicator values, and a
project's M&E timeline as a reader may see it."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Q, QuerySet

from hub.monitoring import policies
from hub.monitoring.models import (
    REWORK_ACTIONS,
    CycleState,
    ProgressUpdate,
    ReportingCycle,
    ReviewAction,
    ReviewStep,
    UpdateState,
    UpdateValue,
)
from hub.projects.models import IndicatorValue, Project

# --- a project's public progress ----------------------------------------------------------------------


def _latest_accepted():
    return ProgressUpdate.objects.filter(project=OuterRef("pk"), state=UpdateState.ACCEPTED).order_by(
        "-cycle__start_date", "-pk"
    )


def annotate_public_progress(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Annotate ``public_status``, ``public_progress`` and ``public_cycle`` from the latest accepted update.

    ``public_status`` falls back to the project's own (catalogue) status; ``public_progress`` and
    ``public_cycle`` (the cycle's slug) are None until an update of the project is accepted. The data is
    the projects app's (PublicProgress, which hub/monitoring/tallies.py keeps in each update's write);
    this is the name monitoring's own readers use.
    """
    return projects.with_public_progress()


def published_values(values: QuerySet[IndicatorValue] | None = None) -> QuerySet[IndicatorValue]:
    """Indicator values the public may see. Reported figures become IndicatorValue rows only on
    acceptance (hub.monitoring.services), so today this is every row; kept as the one place to ask."""
    qs = values if values is not None else IndicatorValue.objects.all()
    return qs.filter(Q(reported_in__isnull=True) | Q(reported_in__update__state=UpdateState.ACCEPTED))


def project_timeline(project: Project, user) -> dict:
    """What the project page shows of its M&E history to ``user``: the updates the user may see, newest
    cycle first, each with its figures and review history, and the open cycles the user may report for.

    Insiders (the member's officers, the country's National Representative, network-wide roles) see
    every state, who did each step and the comments of returns; others see accepted updates and the
    steps that led to acceptance, by role.
    """
    insider = policies.is_insider(user, project)
    updates = list(
        ProgressUpdate.objects.filter(project=project)
        .visible_to(user)
        .select_related("cycle")
        .prefetch_related(
            Prefetch("values", queryset=UpdateValue.objects.select_related("indicator").order_by("indicator__name")),
            Prefetch("reviews", queryset=ReviewStep.objects.select_related("actor").order_by("at", "pk")),
        )
        .order_by("-cycle__start_date")
    )
    entries = []
    for update in updates:
        reviews = list(update.reviews.all())
        if not insider:
            reviews = [r for r in reviews if r.action != ReviewAction.RETURN]
        returned = [r for r in reviews if r.action in REWORK_ACTIONS]
        entries.append(
            {
                "update": update,
                "reviews": reviews,
                "return_comment": returned[-1].comment
                if insider and returned and update.state == UpdateState.DRAFT
                else "",
                "actions": policies.allowed_actions(user, update) if insider else [],
                "can_edit": insider and policies.can_edit_update(user, update),
            }
        )
    can_report = policies.can_report_for(user, project)
    to_report = []
    if can_report:
        reported = {u.cycle_id for u in updates}
        to_report = [c for c in ReportingCycle.objects.filter(state=CycleState.OPEN) if c.pk not in reported]
    return {"project": project, "entries": entries, "insider": insider, "cycles_to_report": to_report}
