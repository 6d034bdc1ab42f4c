"""The progress updates list reads its order from copies each update keeps (hub/monitoring/update_order.py):
after every kind of write that changes a name or a place, the list is in the order of the originals, and the
copies are what a full refresh would write."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models.functions import Lower
from django.test import Client

from hub.core import backup
from hub.core.bulk import written
from hub.core.services import create_record, update_record
from hub.monitoring import services, update_order
from hub.monitoring.filters import UpdateFilter
from hub.monitoring.models import ProgressUpdate, ReportingCycle
from hub.network import services as network_services
from hub.network.models import Country, Member
from hub.projects import services as project_services
from hub.projects.models import Project
from tests.services.test_monitoring_support import COMMAND, DRAFT, accepted, bangkok_project, draft, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db


def write(project, cycle, *, accept=False) -> ProgressUpdate:
    update = services.create_update(actor=COMMAND, project=project, cycle=cycle, data=DRAFT)
    if accept:
        for step in (services.submit, services.endorse, services.accept):
            update = step(actor=COMMAND, update=update)
    return update


def by_originals() -> list[int]:
    updates = ProgressUpdate.objects.order_by(
        "-cycle__start_date",
        Lower("project__member__country__name"),
        Lower("project__member__name"),
        Lower("project__title"),
        "pk",
    )
    return list(updates.values_list("pk", flat=True))


def copies() -> list[tuple]:
    return sorted(ProgressUpdate.objects.values_list("pk", *update_order.ORDER_FIELDS))


def assert_order_agrees(personas):
    listed = UpdateFilter().apply(personas["secretariat"])
    assert list(listed.values_list("pk", flat=True)) == by_originals()
    kept = copies()
    update_order.refresh()
    assert copies() == kept
    cycle = ReportingCycle.objects.order_by("-start_date").first()
    one_cycle = UpdateFilter(cycle=cycle.slug, country="id").apply(personas["secretariat"])
    expected = [
        pk
        for pk, cycle_id, code in ProgressUpdate.objects.values_list("pk", "cycle_id", "project__member__country__code")
        if cycle_id == cycle.pk and code == "ID"
    ]
    assert sorted(one_cycle.values_list("pk", flat=True)) == sorted(expected)
    assert list(one_cycle.values_list("pk", flat=True)) == [pk for pk in by_originals() if pk in expected]


def test_the_order_follows_new_updates_and_every_rename_and_move(personas):
    older = open_cycle(2024)
    accepted(personas, cycle=older)
    services.close_cycle(actor=COMMAND, cycle=ReportingCycle.objects.get(pk=older.pk))
    cycle = open_cycle(2025)
    first = accepted(personas, cycle=cycle)
    write(bangkok_project(), cycle)
    other = create_record(
        Project,
        actor=COMMAND,
        data={"slug": "order-p", "member": Member.objects.get(slug="sumedang"), "title": "alpha first"},
    )
    write(other, cycle)
    assert first.order_title == wa_kepo().title.lower()  # the instance the service returns holds its copies
    assert_order_agrees(personas)

    project_services.update_project(actor=personas["secretariat"], project=other, data={"title": "Zeta last"})
    assert_order_agrees(personas)
    update_record(Project.objects.get(pk=other.pk), actor=COMMAND, data={"member": Member.objects.get(slug="bangkok")})
    assert_order_agrees(personas)

    sumedang = Member.objects.get(slug="sumedang")
    network_services.update_member(actor=personas["secretariat"], member=sumedang, data={"name": "Zumedang"})
    assert_order_agrees(personas)
    update_record(Member.objects.get(pk=sumedang.pk), actor=COMMAND, data={"country": Country.objects.get(code="TH")})
    assert_order_agrees(personas)
    update_record(Member.objects.get(pk=sumedang.pk), actor=COMMAND, data={"country": Country.objects.get(code="ID")})

    thailand = Country.objects.get(code="TH")
    network_services.update_country(actor=personas["secretariat"], country=thailand, data={"name": "Aaa Thailand"})
    assert_order_agrees(personas)

    cycle.start_date = date(cycle.start_date.year - 3, 1, 1)  # as the admin could
    cycle.save()
    assert_order_agrees(personas)


def test_a_save_of_an_update_read_before_a_rename_keeps_the_new_copies(personas):
    update = draft(personas, cycle=open_cycle(2025))
    stale = ProgressUpdate.objects.get(pk=update.pk)
    project_services.update_project(actor=personas["secretariat"], project=wa_kepo(), data={"title": "Renamed"})
    stale.narrative = "Changed after the rename."
    stale.save()
    assert ProgressUpdate.objects.get(pk=update.pk).order_title == "renamed"
    assert_order_agrees(personas)


def test_bulk_writes_and_restore_refresh_the_copies(personas, tmp_path, settings):
    settings.MEETING_FILES_DIR = tmp_path / "files"
    update = accepted(personas, cycle=open_cycle(2025))
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    backup._empty()
    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert_order_agrees(personas)

    ProgressUpdate.objects.filter(pk=update.pk).update(order_title="", order_start=None)  # as a bulk insert leaves it
    written.send(sender=ProgressUpdate, pks=[update.pk])  # what the bulk import sends
    assert_order_agrees(personas)

    Project.objects.filter(pk=update.project_id).update(title="Bulk renamed")  # the import's bulk update
    written.send(sender=Project, pks=[update.project_id])
    assert ProgressUpdate.objects.get(pk=update.pk).order_title == "bulk renamed"
    assert_order_agrees(personas)


def test_the_api_lists_in_the_order_of_the_originals_with_the_tallies_count(personas):
    cycle = open_cycle(2025)
    accepted(personas, cycle=cycle)
    write(bangkok_project(), cycle, accept=True)
    draft(
        personas,
        project=create_record(Project, actor=COMMAND, data={"slug": "x", "member": wa_kepo().member, "title": "X"}),
    )
    countries = dict(ProgressUpdate.objects.values_list("pk", "project__member__country__code"))
    public = [pk for pk in by_originals() if ProgressUpdate.objects.get(pk=pk).state == "accepted"]
    for params, expected in (
        ({}, public),
        ({"cycle": cycle.slug}, public),
        ({"country": "th"}, [pk for pk in public if countries[pk] == "TH"]),
        ({"cycle": cycle.slug, "country": "ID"}, [pk for pk in public if countries[pk] == "ID"]),
        ({"state": "draft"}, []),
    ):
        body = Client().get("/api/v1/updates", params).json()
        assert [item["id"] for item in body["items"]] == expected
        assert body["count"] == len(expected)
