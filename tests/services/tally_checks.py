"""Checks for tests/services/test_monitoring_tallies.py that the tallies added for issue 10 say what a fresh
count says: the focus-area pairs (hub/monitoring/focus_pairs.py: /projects/ filtered by a focus area) and the
report page's highlights (hub/monitoring/highlights.py)."""

from __future__ import annotations

from collections import Counter

from hub.monitoring import focus_pairs, report
from hub.monitoring.models import CountryFocusPairTally, HighlightTally, ProgressUpdate, ReportingCycle, UpdateState
from hub.network.models import Country, Member
from hub.projects.filters import ProjectFilter
from hub.projects.models import FocusArea, Project


def _fresh(**params) -> tuple[int, Counter]:
    """(projects in the list, per (focus area id, public status) of its projects) counted from the list itself."""
    listed = ProjectFilter(**params).apply(Project.objects.all())
    bars: Counter = Counter()
    statuses = dict(listed.values_list("pk", "public_status"))
    for project_id, area_id in Project.focus_areas.through.objects.filter(project_id__in=list(statuses)).values_list(
        "project_id", "focusarea_id"
    ):
        bars[(area_id, statuses[project_id])] += 1
    return listed.count(), bars


def _tallied(**params) -> tuple[int, Counter]:
    rows = focus_pairs.by_focus(**params)
    return focus_pairs.projects_in(**params), Counter({(r["focusarea_id"], r["public_status"]): r["n"] for r in rows})


def _rollup() -> list[tuple]:
    rows = CountryFocusPairTally.objects.filter(projects__gt=0)
    return sorted(rows.values_list("country_id", "focus_area_id", "with_area_id", "status", "projects"))


def assert_focus_pairs_agree() -> None:
    """For every focus area, unfiltered and by each country with projects, by a member and by a status: the
    tallies' count and bars are the list's; the country roll-up is the members' rows summed again."""
    kept = _rollup()
    assert kept or not Project.focus_areas.through.objects.exists()
    focus_pairs.refresh_countries()
    assert _rollup() == kept
    countries = [
        None,
        *Country.objects.filter(members__projects__isnull=False).distinct().values_list("code", flat=True),
    ]
    member = Member.objects.filter(projects__isnull=False).order_by("pk").values_list("slug", flat=True).first()
    for area in FocusArea.objects.values_list("code", flat=True):
        scopes = [{"country": c} for c in countries] + [{"member": member}, {"status": "ongoing"}]
        for scope in scopes:
            params = {"focus_area": area, **{k: v for k, v in scope.items() if v}}
            assert _tallied(**params) == _fresh(**params), params


def assert_highlights_agree() -> None:
    """In every cycle, the report page's picks from the highlight tallies (highlights.page_picks) are those of
    every accepted update of the cycle ranked again (highlights.pick, what the report's files use)."""
    for cycle in ReportingCycle.objects.all():
        full, page = report.build(cycle), report.build(cycle, rows=False)
        assert page.summary == full.summary, cycle
    assert HighlightTally.objects.exists() or not ProgressUpdate.objects.filter(state=UpdateState.ACCEPTED).exists()
