"""Monitoring's part of a project's page (registered with hub.projects.contributions in
MonitoringConfig.ready): the M&E timeline after the indicators, and the link from the public status to
the accepted update it comes from. Projects sits below monitoring and never imports it."""

from __future__ import annotations

from django.urls import reverse

from hub.monitoring import focus_pairs
from hub.monitoring.models import UpdateState
from hub.monitoring.selectors import project_timeline, today_by_focus, today_projects_total, today_totals
from hub.projects import contributions


def _collect(request, project) -> dict:
    return project_timeline(project, request.user)


def _status_source(project, timeline: dict) -> contributions.StatusSource | None:
    """The accepted update the project's public status comes from, as the timeline holds it (None: the
    status is the catalogue's, or that update is not in the reader's timeline)."""
    if not project.public_cycle:
        return None
    for entry in timeline["entries"]:
        update = entry["update"]
        if update.state == UpdateState.ACCEPTED and update.cycle.slug == project.public_cycle:
            return contributions.StatusSource(
                url=reverse("monitoring:update", args=[update.pk]), label=update.cycle.label
            )
    return None


def _focus_counts(*, focus_area=None, **filters) -> list[dict]:
    """The /projects/ chart's counts: by country, member or status from the tallies (today_by_focus), also
    by a focus area from the focus-area pairs (focus_pairs.py)."""
    return focus_pairs.by_focus(focus_area=focus_area, **filters) if focus_area else today_by_focus(**filters)


def _list_totals(*, country=None, status=None, focus_area=None) -> tuple[int, int]:
    """(projects, members with projects of the country): today_totals, the projects of a focus area counted
    from the focus-area pairs (the member dropdown lists the country's members whatever the focus area)."""
    projects, members = today_totals(country=country, status=status)
    if focus_area:
        projects = focus_pairs.projects_in(focus_area=focus_area, country=country, status=status)
    return projects, members


def register() -> None:
    contributions.register(
        contributions.ProjectSection(
            key="monitoring",
            collect=_collect,
            template="monitoring/partials/project_section.html",
            status_source=_status_source,
        )
    )
    # The /projects/ chart's counts by country, member or status: from the tallies (tallies.py).
    contributions.register_focus_counts(_focus_counts)
    # Its count of projects and of members with projects, unfiltered or by country, status or focus area.
    contributions.register_list_totals(_list_totals, today_projects_total)
