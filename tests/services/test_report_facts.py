"""The annual M&E report reads its figures from the tallies and its rows with a few queries (report/facts.py):
everything it says agrees with CycleFacts, the one definition of what counts in a cycle, for every cycle and
in both languages, through the edge cases of that definition (a project without a start date recorded on a
cycle's last local day or the day after, a withdrawn member's project with or without an update accepted for
the cycle, a status from an earlier cycle's update, an update of a later cycle that must not reach an
earlier report, demo projects)."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from dataclasses import asdict
from datetime import date, datetime, time

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from hub.core.services import create_record
from hub.monitoring import report, services
from hub.monitoring.models import ReportingCycle
from hub.monitoring.selectors import CycleFacts
from hub.network import services as network_services
from hub.network.models import Member
from hub.projects.models import FocusArea, Project
from tests.pages.test_monitoring_report_summary import _accept
from tests.services.test_monitoring_support import COMMAND, open_cycle

pytestmark = pytest.mark.django_db


def _project(slug: str, member: str, *, start: date | None = date(2020, 1, 1), areas=("civic-social",), **data):
    project = create_record(
        Project,
        actor=COMMAND,
        data={
            "slug": slug,
            "member": Member.objects.get(slug=member),
            "title": slug.replace("-", " ").title(),
            "status": "ongoing",
            "start_date": start,
            "start_precision": "year" if start else "",
            **data,
        },
    )
    project.focus_areas.set(FocusArea.objects.filter(code__in=areas))
    return project


@pytest.fixture
def edges(personas):
    c2024, c2025, c2026 = open_cycle(2024), open_cycle(2025), open_cycle(2026)
    sumedang, bangkok = ("sumedang_officer", "indonesia_nr"), ("bangkok_officer", "thailand_nr")
    portal = _project("edge-portal", "sumedang", areas=("civic-social", "health-well-being"))
    lamps = _project("edge-lamps", "sumedang", areas=("quality-environment",))
    _accept(personas, *sumedang, portal, c2024, progress=40)
    _accept(personas, *sumedang, portal, c2025, progress=70, challenges="Slow procurement.")
    _accept(personas, *sumedang, lamps, c2024, status="completed", progress=100)  # completed before 2025
    canals = _project("edge-canals", "bangkok")
    _accept(personas, *bangkok, canals, c2026, progress=20)  # a later cycle's update only
    sensors = _project("edge-sensors", "bangkok", areas=())
    _accept(personas, *bangkok, sensors, c2025, progress=55)  # counts in 2025 although Bangkok withdrew
    _project("edge-demo", "sumedang", is_demo=True)
    # Recorded with no start date on the last local day of 2024-2025 (counts in it) and just after (does not),
    # on both sides of UTC's date: Jakarta's midnight is 17:00 UTC the day before.
    last_day = c2025.end_date
    on_time = _project("edge-recorded-in-time", "sumedang", start=None)
    late = _project("edge-recorded-after", "sumedang", start=None)
    Project.objects.filter(pk=on_time.pk).update(
        created_at=timezone.make_aware(datetime.combine(last_day, time(23, 30)))
    )
    Project.objects.filter(pk=late.pk).update(
        created_at=timezone.make_aware(datetime.combine(date(last_day.year, 10, 1), time(0, 30)))
    )
    network_services.create_membership_event(
        actor=personas["secretariat"],
        data={
            "member": Member.objects.get(slug="bangkok"),
            "status": "withdrawn",
            "effective_date": date(2025, 3, 1),
            "effective_date_precision": "day",
            "sources": ["https://example.org/withdrawn"],
            "confidence": "low",
        },
    )
    call_command("rebuildtallies", stdout=io.StringIO())  # created_at was changed without the services
    return c2024, c2025, c2026


def _figures(figures) -> dict:
    found = asdict(figures)
    found["by_focus"] = [(area.pk, counts) for area, counts in figures.by_focus]
    found.pop("cycle")
    return found


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def assert_report_agrees(cycle: ReportingCycle) -> None:
    facts = CycleFacts()
    data = report.build(cycle)
    counted = facts.counted(cycle)
    here = {pid for pid, u in facts.updates.get(cycle.pk, {}).items() if u.state == "accepted"}
    assert [(line.row.id, line.status, line.progress, line.reported) for line in data.projects] == [
        (pid, facts.status_in(cycle, pid), facts.progress_in(cycle, pid), pid in here) for pid in counted
    ]
    names = {f.pk: f.name for f in facts.focus_areas}
    order = [f.pk for f in facts.focus_areas]
    assert [line.focus_areas for line in data.projects] == [
        [names[f] for f in sorted(facts.projects[pid].focus_ids, key=order.index)] for pid in counted
    ]
    assert _figures(data.figures) == _figures(facts.figures(cycle))
    assert data.demo_projects == sum(1 for pid in counted if facts.projects[pid].is_demo)

    summary = data.summary
    earlier = [c for c in facts.cycles if c.start_date < cycle.start_date]
    previous = earlier[-1] if earlier else None
    assert summary.previous == previous
    if previous:
        before = facts.figures(previous)
        assert (summary.projects.before, summary.members.before) == (before.projects, before.members)
        assert (summary.countries.before, summary.accepted.before) == (before.countries, before.accepted)
        assert summary.average_progress.before == before.average_progress

    def per_focus(target):
        projects, completed, progress = Counter(), Counter(), defaultdict(list)
        for pid in facts.counted(target):
            for focus_id in facts.projects[pid].focus_ids:
                projects[focus_id] += 1
                completed[focus_id] += facts.status_in(target, pid) == "completed"
                if (value := facts.progress_in(target, pid)) is not None:
                    progress[focus_id].append(value)
        return projects, completed, progress

    now, then = per_focus(cycle), per_focus(previous) if previous else None
    assert [(r.projects.now, r.projects.before, r.completed, r.average_progress.now, r.average_progress.before)
            for r in summary.focus] == [
        (now[0][f], then[0][f] if then else None, now[1][f], _mean(now[2][f]), _mean(then[2][f]) if then else None)
        for f in order
    ]  # fmt: skip

    expected_cycles = []
    for other in facts.cycles:
        if other.start_date <= cycle.start_date:
            rows = [facts.projects[pid] for pid in facts.counted(other)]
            accepted = sum(1 for u in facts.updates.get(other.pk, {}).values() if u.state == "accepted")
            members, countries = len({p.member_id for p in rows}), len({p.country_id for p in rows})
            expected_cycles.append((other.slug, len(rows), members, countries, accepted, sum(p.is_demo for p in rows)))
    assert [(c.slug, c.projects, c.members, c.countries, c.accepted, c.demo) for c in summary.history.cycles] == (
        expected_cycles
    )

    for h in [*summary.highlights, *summary.completed, *summary.gains]:
        pid = Project.objects.get(slug=h.slug).pk
        earlier_update = facts.accepted_before(cycle, pid)
        assert h.gain == (h.progress - earlier_update.progress if earlier_update else None)
    with_update = {h.member_id for h in summary.highlights}
    without = {
        (p.country_name.lower(), p.member_name.lower(), p.member_name)
        for p in (facts.projects[pid] for pid in counted)
        if p.member_id not in with_update
    }
    assert summary.without_update == [name for _c, _m, name in sorted(without)]
    assert {p.name for p in summary.map_points if p.has_projects} == {
        facts.projects[pid].member_name for pid in counted
    } & {p.name for p in summary.map_points}
    page = report.build(cycle, rows=False)  # the report page's: the same summary, no rows
    assert (page.projects, page.values) == ([], [])
    assert page.summary == summary and page.figures == data.figures


def test_the_report_agrees_with_cyclefacts_in_every_cycle_and_language(edges):
    c2024, c2025, c2026 = edges
    facts = CycleFacts()
    counted_2025 = {facts.projects[pid].slug for pid in facts.counted(c2025)}
    # the edges are where they should be, so the comparison below is not between two empty lists
    assert {"edge-portal", "edge-lamps", "edge-sensors", "edge-recorded-in-time", "edge-demo"} <= counted_2025
    assert not {"edge-canals", "edge-recorded-after"} & counted_2025
    assert "edge-recorded-after" in {facts.projects[pid].slug for pid in facts.counted(c2026)}
    for language in ("en", "id"):
        with translation.override(language):
            for cycle in (c2024, c2025, c2026):
                assert_report_agrees(cycle)


def test_the_late_list_agrees_with_cyclefacts(edges, personas, session_client):
    """The Secretariat's late list (page and API) works CycleFacts.late out in a few queries: the same
    projects in the same order, the same expected count and members, the drafts named."""
    c2024, c2025, c2026 = edges
    _project("edge-ended", "sumedang", end_date=date(2023, 6, 1), end_precision="day")  # ended before: not expected
    _project("edge-done", "sumedang", status="completed")  # finished per the catalogue: not expected
    drafted = Project.objects.get(slug="edge-recorded-in-time")
    officer = personas["sumedang_officer"]
    fields = {"status": "ongoing", "progress": 5, "milestones": [], "narrative": "Begun.", "challenges": ""}
    draft = services.create_update(actor=officer, project=drafted, cycle=c2026, data={**fields, "support_needed": ""})
    submitted = services.create_update(
        actor=officer, project=Project.objects.get(slug="edge-demo"), cycle=c2026, data={**fields, "support_needed": ""}
    )
    services.submit(actor=officer, update=submitted)
    secretariat = session_client(personas["secretariat"])
    facts = CycleFacts()
    for cycle in (c2024, c2025, c2026):
        late = facts.late(cycle)
        body = secretariat.get("/api/v1/late-reports", {"cycle": cycle.slug, "limit": 500}).json()
        assert [item["project"]["id"] for item in body["items"]] == late
        page = secretariat.get("/monitoring/late/", {"cycle": cycle.slug})
        assert page.context["late_count"] == len(late)
        assert page.context["expected_count"] == len(facts.expected(cycle))
        assert page.context["late_members"] == len({facts.projects[pid].member_id for pid in late})
        assert not {"edge-ended", "edge-done"} & {item["project"]["slug"] for item in body["items"]}
    in_2026 = {item["project"]["slug"]: item for item in body["items"]}
    assert "edge-demo" not in in_2026  # submitted: reported after all
    assert (in_2026["edge-recorded-in-time"]["update_state"], in_2026["edge-recorded-in-time"]["update_id"]) == (
        "draft",
        draft.pk,
    )
    assert in_2026["edge-portal"]["update_state"] == "not_started"
