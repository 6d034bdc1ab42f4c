"""The home page's latest accepted progress comes from AcceptedFeed (hub/monitoring/feed.py): after every kind
of write it lists what the live query over every accepted update lists."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client

from hub.core import backup
from hub.core.bulk import written
from hub.core.services import create_record, delete_record, update_record
from hub.monitoring import feed, services
from hub.monitoring.models import AcceptedFeed, ProgressUpdate
from hub.network.models import Member
from hub.projects.models import Project
from tests.services.test_monitoring_support import COMMAND, accepted, draft, open_cycle

pytestmark = pytest.mark.django_db


def live(limit=50) -> list[int]:
    updates = ProgressUpdate.objects.accepted().filter(project__is_demo=False).order_by("-accepted_at", "-pk")
    return list(updates.values_list("pk", flat=True)[:limit])


def assert_feed_agrees():
    assert [u.pk for u in feed.latest(50)] == live()
    assert [u.pk for u in feed.latest(2)] == live(2)
    kept = sorted(AcceptedFeed.objects.values_list("update_id", "accepted_at"))
    feed.refresh()
    assert sorted(AcceptedFeed.objects.values_list("update_id", "accepted_at")) == kept


def second_project() -> Project:
    sumedang = Member.objects.get(slug="sumedang")
    data = {"slug": "feed-p", "member": sumedang, "title": "Feed", "start_date": date(2024, 1, 1)}
    return create_record(Project, actor=COMMAND, data={**data, "start_precision": "year"})


def test_the_feed_follows_submit_review_accept_reopen_demo_flag_and_delete(personas):
    cycle = open_cycle(2025)
    assert_feed_agrees()
    update = services.submit(actor=personas["sumedang_officer"], update=draft(personas, cycle=cycle))
    assert_feed_agrees()
    first = accepted(personas, project=second_project(), status="ongoing")
    assert_feed_agrees()
    assert first.pk in [u.pk for u in feed.latest(5)]

    services.reopen(actor=personas["secretariat"], update=first, comment="Figures to check.")
    assert_feed_agrees()
    assert first.pk not in [u.pk for u in feed.latest(5)]

    update_record(Project.objects.get(slug="feed-p"), actor=COMMAND, data={"is_demo": True})
    again = services.submit(actor=personas["sumedang_officer"], update=ProgressUpdate.objects.get(pk=first.pk))
    again = services.endorse(actor=personas["indonesia_nr"], update=again)
    services.accept(actor=personas["secretariat"], update=again)
    assert_feed_agrees()  # accepted again, but now of a demo project: left out
    update_record(Project.objects.get(slug="feed-p"), actor=COMMAND, data={"is_demo": False})
    assert_feed_agrees()
    assert first.pk in [u.pk for u in feed.latest(5)]

    delete_record(ProgressUpdate.objects.get(pk=update.pk), actor=COMMAND)
    delete_record(Project.objects.get(slug="feed-p"), actor=COMMAND)
    assert_feed_agrees()


def test_bulk_writes_rebuild_and_restore_keep_the_feed(personas, tmp_path, settings):
    settings.MEETING_FILES_DIR = tmp_path / "files"
    open_cycle(2025)
    update = accepted(personas)
    AcceptedFeed.objects.all().delete()  # as rows written without their save signals would leave it
    written.send(sender=ProgressUpdate, pks=[update.pk])  # what the bulk import sends
    assert_feed_agrees()
    assert AcceptedFeed.objects.filter(update=update).exists()

    AcceptedFeed.objects.all().delete()
    call_command("rebuildtallies", verbosity=0)
    assert_feed_agrees()

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    backup._empty()
    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert_feed_agrees()
    assert AcceptedFeed.objects.filter(update_id=update.pk).exists()


def test_the_home_page_lists_the_feed(personas):
    open_cycle(2025)
    update = accepted(personas, narrative="Sixteen portals answered citizens.")
    page = Client().get("/")
    assert page.status_code == 200
    assert [u.pk for u in page.context["latest"]] == live(5) == [update.pk]
