"""The dashboards' tallies (hub/monitoring/tallies.py) agree with CycleFacts after every kind of write."""

import io
from collections import Counter
from dataclasses import asdict
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from hub.core import backup
from hub.core.services import create_record, delete_record, update_record
from hub.monitoring import services
from hub.monitoring.models import CountryTally, CycleTally, IndicatorTally, ProgressUpdate
from hub.monitoring.selectors import (
    CycleFacts,
    annotate_public_progress,
    indicator_series,
    published_values,
    today_by_focus,
)
from hub.monitoring.tallies import Tallies, bulk_written, refresh_countries
from hub.network import services as network_services
from hub.network.models import Member, MembershipEvent
from hub.projects import services as project_services
from hub.projects.models import FocusArea, Indicator, IndicatorValue, Project, PublicProgress
from hub.projects.periods import parse_period
from tests.services.tally_checks import assert_focus_pairs_agree, assert_highlights_agree
from tests.services.test_monitoring_support import COMMAND, accepted, draft, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db


def _figures(source, cycle) -> dict:
    figures = asdict(source.figures(cycle))
    figures["by_focus"] = [(area.pk, counts) for area, counts in source.figures(cycle).by_focus]
    return figures


def assert_agree(**scope):
    facts, tallies = CycleFacts(**scope), Tallies(**scope)
    for cycle in [*facts.cycles, None]:
        assert _figures(tallies, cycle) == _figures(facts, cycle), (scope, cycle)
    assert tallies.series() == facts.series()
    assert tallies.demo_projects() == sum(1 for p in facts.projects.values() if p.is_demo)


def assert_public_progress_agrees():
    """annotate_public_progress (PublicProgress) and the /projects/ chart's tallies say what CycleFacts says."""
    facts = CycleFacts()
    for p in annotate_public_progress(Project.objects.all()):
        assert (p.public_status, p.public_progress) == (facts._status_now(p.pk), facts._progress_now(p.pk))
        assert (p.public_cycle is None) == (p.public_progress is None)
    counted = Counter()
    for p in facts.projects.values():
        for focus_id in p.focus_ids:
            counted[(focus_id, facts._status_now(p.id))] += 1
    assert {(r["focusarea_id"], r["public_status"]): r["n"] for r in today_by_focus()} == counted


def rollup() -> list[tuple]:
    """The roll-up's rows, those fallen to zeros left out (a write takes its counts back, not the row)."""
    rows = CountryTally.objects.values_list(
        *("cycle_id", "country_id", "focus_area_id", "status", "counted", "demo", "expected", "reported"),
        *("accepted", "progress_sum", "progress_n", "members"),
    )
    return sorted((row for row in rows if any(row[4:])), key=str)


def assert_rollup_agrees():
    """The per-country roll-up is what summing the member tallies again gives, row for row, and the network's
    and each country's figures from it are CycleFacts' (assert_agree)."""
    kept = rollup()
    refresh_countries()
    assert rollup() == kept
    for country_id in {row[1] for row in kept}:
        assert_agree(country_ids=[country_id])


def assert_all_agree():
    assert_public_progress_agrees()
    assert_focus_pairs_agree()
    assert_highlights_agree()
    assert_rollup_agrees()
    sumedang = Member.objects.get(slug="sumedang")
    assert_agree()
    assert_agree(country_ids=[sumedang.country_id])
    assert_agree(member_ids=[sumedang.pk])


def test_tallies_follow_projects_updates_events_and_cycles(personas):
    cycle = open_cycle(2025)
    assert CycleTally.objects.exists()
    assert_all_agree()

    sumedang = Member.objects.get(slug="sumedang")
    project = create_record(
        Project,
        actor=COMMAND,
        data={
            "slug": "tally-p",
            "member": sumedang,
            "title": "Tally",
            "start_date": date(2024, 1, 1),
            "start_precision": "year",
            "is_demo": True,
        },
    )
    project.focus_areas.set(FocusArea.objects.all()[:2])
    assert_all_agree()

    accepted(personas, status="completed", progress=100)  # WA KEPO's update, through the review chain
    update = draft(personas, project=project, status="ongoing", progress=40)
    assert_all_agree()
    update = services.submit(actor=personas["sumedang_officer"], update=update)
    assert_all_agree()

    services.reopen(
        actor=personas["secretariat"], update=wa_kepo().progress_updates.get(cycle=cycle), comment="Figures to check."
    )
    assert_all_agree()

    project.focus_areas.remove(FocusArea.objects.first())
    update_record(
        project,
        actor=COMMAND,
        data={"status": "discontinued", "title": "Tally renamed", "member": Member.objects.get(slug="bangkok")},
    )
    assert_all_agree()

    event = network_services.create_membership_event(
        actor=personas["secretariat"],
        data={
            "member": sumedang,
            "status": "withdrawn",
            "effective_date": date(2025, 3, 1),
            "effective_date_precision": "day",
            "sources": ["https://example.org/withdrawn"],
            "confidence": "low",
        },
    )
    assert_all_agree()
    network_services.delete_membership_event(
        actor=personas["secretariat"], event=MembershipEvent.objects.get(pk=event.pk)
    )
    assert_all_agree()

    services.create_cycle(actor=COMMAND, end_year=2027)
    assert_all_agree()

    delete_record(Project.objects.get(pk=project.pk), actor=COMMAND)
    assert_all_agree()


def test_rebuildtallies_recreates_them(personas):
    open_cycle(2025)
    accepted(personas)
    before = sorted(
        CycleTally.objects.values_list("cycle_id", "member_id", "focus_area_id", "status", "counted"), key=str
    )
    CycleTally.objects.all().delete()
    call_command("rebuildtallies", verbosity=0)
    after = sorted(
        CycleTally.objects.values_list("cycle_id", "member_id", "focus_area_id", "status", "counted"), key=str
    )
    assert after == before and after


def _direct_counts() -> dict[int, int]:
    values = published_values(IndicatorValue.objects.filter(undated=False))
    return dict(values.values("indicator_id").annotate(n=Count("pk")).order_by().values_list("indicator_id", "n"))


def test_indicator_tallies_follow_each_value_and_lead_the_dashboard_series(personas):
    project = Project.objects.get(slug="homecare-dottorota")
    indicator = project_services.create_indicator(
        actor=personas["indonesia_nr"], project=project, data={"name": "Vehicles", "unit": "vehicles"}
    )
    made = [
        project_services.add_indicator_value(
            actor=personas["indonesia_nr"], indicator=indicator, data={**parse_period(str(year)).fields(), "value": n}
        )
        for year, n in ((2021, 10), (2022, 20), (2023, 30))
    ]
    assert dict(IndicatorTally.objects.values_list("indicator_id", "dated_values")) == _direct_counts()
    assert IndicatorTally.objects.get(indicator=indicator).dated_values == 3
    series = indicator_series(member_ids=[project.member_id], limit=12)
    assert indicator.pk in [entry["indicator"].pk for entry in series]

    project_services.delete_indicator_value(actor=personas["indonesia_nr"], value=made[0])
    assert IndicatorTally.objects.get(indicator=indicator).dated_values == 2
    project_services.delete_indicator(actor=personas["indonesia_nr"], indicator=indicator)
    assert not IndicatorTally.objects.filter(indicator_id=indicator.pk).exists()
    assert dict(IndicatorTally.objects.values_list("indicator_id", "dated_values")) == _direct_counts()


def test_bulk_writes_refresh_through_the_bulk_written_receiver(personas):
    """The bulk import writes without save signals and then sends hub.core.bulk.written(model, pks)."""
    open_cycle(2025)
    sumedang = Member.objects.get(slug="sumedang")
    made = Project.objects.bulk_create(
        Project(slug=f"bulk-{i}", member=sumedang, title=f"Bulk {i}", status="ongoing") for i in range(3)
    )
    bulk_written(Project, pks=[p.pk for p in made])
    assert_all_agree()
    indicator = Indicator.objects.create(project=made[0], name="Bulk", unit="x")
    values = IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, value=n, **parse_period(str(2020 + n)).fields()) for n in range(3)
    )
    bulk_written(IndicatorValue, pks=[v.pk for v in values])
    assert IndicatorTally.objects.get(indicator=indicator).dated_values == 3


def _public(project) -> tuple:
    p = Project.objects.filter(pk=project.pk).with_public_progress().get()
    return p.public_status, p.public_progress, p.public_cycle


def test_public_progress_keeps_the_cycle_slug_through_renames_rebuilds_and_deletes(personas):
    """projects.PublicProgress holds the cycle by its slug (projects holds no key to monitoring): a renamed
    cycle, a rebuild and a deleted update leave it as the accepted updates say."""
    cycle = open_cycle(2025)
    update = accepted(personas, status="completed", progress=100)
    project = update.project
    assert _public(project) == ("completed", 100, cycle.slug)

    update_record(cycle, actor=COMMAND, data={"slug": "renamed-2025"})
    assert _public(project) == ("completed", 100, "renamed-2025")

    PublicProgress.objects.all().delete()
    call_command("rebuildtallies", verbosity=0)
    assert _public(project) == ("completed", 100, "renamed-2025")

    ProgressUpdate.objects.filter(pk=update.pk).delete()
    assert not PublicProgress.objects.filter(project=project).exists()
    assert _public(project) == (project.status, None, None)
    assert_public_progress_agrees()


def test_the_country_rollup_follows_a_member_moving_country(personas):
    cycle = open_cycle(2025)
    accepted(personas, status="completed", progress=100)
    assert CountryTally.objects.filter(cycle=cycle).exists()
    sumedang = Member.objects.get(slug="sumedang")
    thailand = Member.objects.get(slug="bangkok").country
    in_thailand = CountryTally.objects.filter(cycle=None, country=thailand, status="").get().counted
    update_record(sumedang, actor=COMMAND, data={"country": thailand})
    assert_all_agree()
    moved = CycleTally.objects.filter(cycle=None, member=sumedang, focus_area=None).aggregate(n=Sum("counted"))["n"]
    assert moved and CountryTally.objects.get(cycle=None, country=thailand, status="").counted == in_thailand + moved


def test_a_restore_rebuilds_the_rollup(personas, tmp_path, settings):
    settings.MEETING_FILES_DIR = tmp_path / "files"
    open_cycle(2025)
    accepted(personas)
    before = rollup()
    assert before
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    backup._empty()
    assert not CountryTally.objects.exists()
    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert_all_agree()
    assert [row[2:] for row in rollup()] == [row[2:] for row in before]


def test_the_dashboards_read_the_rollup_in_a_few_rows(personas, client):
    """/monitoring/ and a country's dashboard show the roll-up's figures: emptied, the network shows none."""
    open_cycle(2025)
    accepted(personas)

    def shown():
        page = client.get("/monitoring/?cycle=now")
        assert page.status_code == 200
        return asdict(page.context["figures"])

    seen = shown()
    assert seen["projects"] > 0
    CountryTally.objects.all().delete()
    assert shown()["projects"] == 0
    refresh_countries()
    assert shown() == seen
