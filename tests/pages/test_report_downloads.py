"""The annual M&E report's downloads as stored background builds (issue 10, target 6), through the pages:
a file of the current data is served at once, a missing one is built in the background (one build per
cycle, format, table, language and data version, whoever asks), its public page shows the progress, then
the file; a download after a write is never the old file; a failure says so. The report page's summary
comes from the cache of the current data version, and is new after a write.

The suite's immediate backend runs a build in the request that starts it; the tests that look at a build
under way use django-tasks' dummy backend, which keeps the task until the test runs it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from hub.jobs.models import Job, JobState
from hub.jobs.tasks import run_job
from tests import reference_copy
from tests.pages import test_monitoring_report_summary as summary_tests
from tests.pages.test_monitoring_report_summary import _accept, _project, _row

pytestmark = pytest.mark.django_db
two_cycles = summary_tests.two_cycles  # the fixture: two cycles with accepted updates

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
CSV = "/monitoring/report/2024-2025/download/csv/"
PDF = "/monitoring/report/2024-2025/download/pdf/"


def test_a_built_file_is_served_at_once_and_not_built_again(client, two_cycles):
    first = client.get(PDF)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert first["Content-Disposition"] == 'attachment; filename="ascn-me-report-2024-2025.pdf"'
    (job,) = Job.objects.all()
    assert job.state == JobState.DONE and job.owner is None
    again = client.get(PDF, HTTP_COOKIE="")
    assert again.content == first.content
    assert Job.objects.count() == 1  # served from the stored build
    csv_file = client.get(CSV, {"table": "updates"})
    assert csv_file["Content-Disposition"] == 'attachment; filename="ascn-me-report-2024-2025-updates.csv"'
    assert Job.objects.count() == 2  # another file, another build


def test_a_download_after_a_write_is_never_the_old_file(client, personas, two_cycles):
    _, later = two_cycles
    before = client.get(CSV).content.decode()
    assert "Canal water sensors" in before and "Night market lights" not in before
    _accept(
        personas, "bangkok_officer", "thailand_nr", _project("report-lights", "bangkok", "Night market lights"), later
    )
    after = client.get(CSV).content.decode()
    assert "Night market lights" in after
    old, new = Job.objects.order_by("pk")
    assert old.key != new.key and new.state == JobState.DONE
    assert not old.output_name  # the older data's file is dropped once the new one is built
    assert client.get(f"/jobs/{old.pk}/file/")["Location"] == CSV + "?table=projects"  # never the old file
    client.get("/monitoring/report/2024-2025/")  # the page, and a download in another language, build apart
    client.get(CSV, HTTP_ACCEPT_LANGUAGE="id")
    assert Job.objects.count() == 3


@override_settings(TASKS=DUMMY)
def test_two_visitors_asking_at_once_follow_one_build_then_get_the_file(client, personas, two_cycles):
    from django.test import Client

    member = Client()
    member.force_login(personas["sumedang_officer"])  # (signing in writes: before the data version is read)
    visitor = client.get(PDF)
    (job,) = Job.objects.all()
    assert visitor.status_code == 302 and visitor["Location"] == f"/jobs/{job.pk}/"
    assert job.state == JobState.QUEUED
    assert member.get(PDF)["Location"] == f"/jobs/{job.pk}/"
    assert Job.objects.count() == 1  # joined, not started again

    page = client.get(f"/jobs/{job.pk}/")  # anonymous: the build's page is public
    html = page.content.decode()
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]  # never in the public cache
    assert '<meta http-equiv="refresh" content="2">' in html and '<progress max="100" value="0"' in html
    assert "M&amp;E report 2024–2025 (PDF)" in html and "Reading the report" in html
    assert "@" not in html.split("<main", 1)[1].split("</main>")[0]  # nobody's address
    assert 'id="job-subscribe"' not in html  # e-mail is for signed-in visitors

    signed_in = member.get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="job-subscribe"' in signed_in
    member.post(f"/jobs/{job.pk}/subscribe/")
    assert 'id="job-subscribed"' in member.get(f"/jobs/{job.pk}/").content.decode()

    run_job.call(job.pk)  # the worker
    done = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "refresh" not in done and f'href="{PDF}"' in done and 'id="job-download"' in done
    for someone in (client, member):
        response = someone.get(PDF)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert Job.objects.count() == 1
    (message,) = mail.outbox
    assert message.to == [personas["sumedang_officer"].email] and f"/jobs/{job.pk}/" in message.body


def test_a_failed_build_says_so_and_the_next_try_builds_again(client, two_cycles, monkeypatch):
    from hub.monitoring import report

    real = report.render

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(report, "render", broken)
    response = client.get(PDF)
    failed = Job.objects.get()
    assert response["Location"] == f"/jobs/{failed.pk}/" and failed.state == JobState.FAILED
    html = client.get(response["Location"]).content.decode()
    assert "The report could not be built" in html and "disk full" not in html
    assert f'<a href="{PDF}" id="job-retry">' in html
    assert not mail.outbox  # nobody asked to be told
    monkeypatch.setattr(report, "render", real)
    again = client.get(PDF)
    assert again.status_code == 200 and again.content.startswith(b"%PDF")
    assert Job.objects.filter(state=JobState.DONE).count() == 1


def test_other_jobs_stay_private(client, personas):
    job = Job.objects.create(kind="import", owner=personas["sumedang_officer"], title="Import of mine.csv")
    assert client.get(f"/jobs/{job.pk}/").status_code == 302  # to sign in
    client.force_login(personas["bangkok_officer"])
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.post(f"/jobs/{job.pk}/subscribe/").status_code == 404


def test_the_report_page_is_kept_per_data_version_and_new_after_a_write(client, personas, two_cycles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas["partner"])  # a signed-in page: never from the public cache, always rendered

    def view() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/monitoring/report/2024-2025/")
        assert response.status_code == 200
        return response.content.decode(), len(captured)

    first, cold = view()
    again, warm = view()

    def summary(html: str) -> str:
        return html[html.index('id="summary-table"') : html.index('id="status-table"')]

    assert warm < cold and summary(again) == summary(first)  # the summary came from the cache, the same
    projects = int(_row(first, "summary-table", "Projects")[0])
    _, later = two_cycles
    _accept(
        personas, "bangkok_officer", "thailand_nr", _project("report-lights", "bangkok", "Night market lights"), later
    )
    after, fresh = view()
    assert fresh == cold  # read again after the write
    assert int(_row(after, "summary-table", "Projects")[0]) == projects + 1


def test_the_api_serves_the_stored_file_of_the_current_data(client, personas, two_cycles, monkeypatch):
    from hub.monitoring import report

    page = client.get(CSV)
    real = report.render

    def unused(*args, **kwargs):
        raise AssertionError("built again")

    monkeypatch.setattr(report, "render", unused)
    api = client.get("/api/v1/reports/2024-2025.csv")
    assert api.status_code == 200 and api.content == page.content  # the stored build, not a new one
    monkeypatch.setattr(report, "render", real)
    _, later = two_cycles
    _accept(
        personas, "bangkok_officer", "thailand_nr", _project("report-lights", "bangkok", "Night market lights"), later
    )
    assert "Night market lights" in client.get("/api/v1/reports/2024-2025.csv").content.decode()


@pytest.fixture
def reference_in_empty_database(transactional_db):
    """A transactional test's database is emptied after each such test (the browser tests' too): load the
    dataset back first, before the personas, as tests/e2e/conftest.py does."""
    from django.db import connections

    if connections["default"].vendor == "sqlite":
        pytest.skip("SQLite's test database is one connection; PostgreSQL shows the race")
    reference_copy.put_back()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DUMMY)
def test_two_visitors_at_the_same_moment_start_one_build(reference_in_empty_database, personas, two_cycles):
    """Two requests in two threads (two database connections) asking at the same moment: the key's constraint
    lets one insert win, the other follows its build."""
    import threading

    from django.db import connections
    from django.test import Client

    ready = threading.Barrier(2)
    locations: list[str] = []

    def visit() -> None:
        try:
            client = Client()
            ready.wait(timeout=30)
            locations.append(client.get(PDF)["Location"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=visit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    (job,) = Job.objects.all()
    assert locations == [f"/jobs/{job.pk}/"] * 2


def test_a_build_whose_file_was_dropped_is_built_again(client, personas, two_cycles):
    """A build of older data that ends after the current one drops files of lower ids only, but should the
    current build's file be gone anyway, the next download builds it again in the same job."""
    client.force_login(personas["partner"])  # signed in: past the public cache, to the view each time
    first = client.get(CSV).content
    Job.objects.update(output=None, output_name="")
    again = client.get(CSV)
    assert again.status_code == 200 and again.content == first
    (job,) = Job.objects.all()
    assert job.state == JobState.DONE and job.output_name
