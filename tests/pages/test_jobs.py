"""Background jobs: a large import and the annual report's build leave the request for a job (django-tasks;
the suite's immediate backend runs it at once), whose page shows progress, then the result, to the person
who started it and the Secretariat only, and whose end is told by e-mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.jobs.models import Job, JobState
from hub.projects.importing import INLINE_ROWS
from hub.projects.models import IndicatorValue

pytestmark = pytest.mark.django_db


def values_file(rows: int, *, bad_line: int | None = None) -> bytes:
    lines = ["project,indicator,unit,period,value,source"]
    for i in range(rows):
        year, month = 2000 + i // 12, i % 12 + 1
        value = "not-a-number" if bad_line == i + 2 else str(i)
        lines.append(f"wa-kepo,Messages answered,messages,{year}-{month:02d},{value},https://sumedangkab.go.id")
    return ("\n".join(lines) + "\n").encode()


def upload(client, content: bytes, **fields):
    return client.post(
        "/projects/import/", {"file": SimpleUploadedFile("values.csv", content, content_type="text/csv"), **fields}
    )


def test_a_large_import_runs_as_a_job_with_its_page_and_an_e_mail(client, personas):
    officer = personas["sumedang_officer"]
    client.force_login(officer)
    rows = INLINE_ROWS + 50
    response = upload(client, values_file(rows))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.owner == officer and job.state == JobState.DONE and job.total == rows
    assert job.checked == rows and job.written == rows and job.errors == 0
    assert IndicatorValue.objects.filter(indicator__name="Messages answered").count() == rows
    page = client.get(f"/jobs/{job.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"values: {rows} created" in html
    assert 'http-equiv="refresh"' not in html  # finished: no more reloading
    (message,) = mail.outbox
    assert message.to == [officer.email] and "is finished" in message.subject
    assert f"values: {rows} created" in message.body
    assert f"/jobs/{job.pk}/" in message.body and "://" in message.body  # an absolute link


def test_a_small_import_still_runs_in_the_request(client, personas):
    client.force_login(personas["sumedang_officer"])
    response = upload(client, values_file(3))
    assert response.status_code == 200 and "values: 3 created" in response.content.decode()
    assert not Job.objects.exists()


def test_a_job_s_problems_are_listed_by_line_and_nothing_is_written(client, personas):
    client.force_login(personas["sumedang_officer"])
    upload(client, values_file(INLINE_ROWS + 10, bad_line=7))
    job = Job.objects.get()
    assert job.state == JobState.DONE and job.errors == 1
    assert not IndicatorValue.objects.filter(indicator__name="Messages answered").exists()
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "1 problem: nothing was imported." in html
    assert '<td class="num">7</td><td>value</td>' in html
    assert "nothing was imported" in mail.outbox[0].body


def test_a_running_job_shows_its_progress_and_reloads_itself(client, personas):
    officer = personas["sumedang_officer"]
    job = Job.objects.create(
        kind="import", owner=officer, title="Import of big.csv", total=1000, checked=400, written=0, errors=2
    )
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    client.force_login(officer)
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert '<progress max="100" value="20"' in html
    assert "400 / 1000" in html and 'id="job-errors">2<' in html
    assert f'href="/jobs/{job.pk}/"' in html  # the plain reload link


def test_only_the_owner_and_the_secretariat_see_a_job(client, personas):
    job = Job.objects.create(kind="import", owner=personas["sumedang_officer"], title="Import of mine.csv")
    for name in ("bangkok_officer", "indonesia_nr", "partner"):
        client.force_login(personas[name])
        assert client.get(f"/jobs/{job.pk}/").status_code == 404
        assert "mine.csv" not in client.get("/jobs/").content.decode()
    client.logout()
    assert client.get(f"/jobs/{job.pk}/").status_code == 302  # to sign in
    for name in ("sumedang_officer", "secretariat"):
        client.force_login(personas[name])
        assert client.get(f"/jobs/{job.pk}/").status_code == 200
        assert "mine.csv" in client.get("/jobs/").content.decode()


def test_the_annual_report_is_prepared_in_the_background_for_download(client, personas):
    from hub.monitoring.models import ReportingCycle
    from hub.monitoring.services import create_cycle

    cycle = ReportingCycle.objects.first() or create_cycle(actor=personas["secretariat"], end_year=2025)
    user = personas["indonesia_nr"]
    client.force_login(user)
    assert "Prepare the PDF in the background" in client.get(f"/monitoring/report/{cycle.slug}/").content.decode()
    response = client.post(f"/jobs/report/{cycle.slug}/xlsx/")
    job = Job.objects.get()
    # The report is public: its build is everyone's (no owner), the one who asked gets the e-mail.
    assert response.status_code == 302 and job.state == JobState.DONE and job.owner is None
    download_url = f"/monitoring/report/{cycle.slug}/download/xlsx/"
    assert client.get(f"/jobs/{job.pk}/file/")["Location"] == download_url  # the file of the current data
    download = client.get(download_url)
    assert download.status_code == 200 and bytes(download.content[:2]) == b"PK"  # an XLSX (zip) file
    assert "attachment" in download["Content-Disposition"]
    assert Job.objects.count() == 1  # served from the build, not built again
    assert mail.outbox[0].to == [user.email] and "ready to download" in mail.outbox[0].body
    assert client.get(f"/jobs/report/{cycle.slug}/pdf/").status_code == 405  # only by POST


def test_a_job_that_fails_says_so_and_tells_its_owner(client, personas, monkeypatch):
    from hub.monitoring import report

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(report, "render", broken)
    from hub.monitoring.models import ReportingCycle
    from hub.monitoring.services import create_cycle

    cycle = ReportingCycle.objects.first() or create_cycle(actor=personas["secretariat"], end_year=2025)
    client.force_login(personas["secretariat"])
    client.post(f"/jobs/report/{cycle.slug}/pdf/")
    job = Job.objects.get()
    assert job.state == JobState.FAILED
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "The report could not be built" in html and 'id="job-download"' not in html
    assert f'<a href="/monitoring/report/{cycle.slug}/download/pdf/" id="job-retry">' in html  # try again
    assert "The report could not be built" in mail.outbox[0].body


def test_a_large_dry_run_reports_what_would_happen_and_writes_nothing(client, personas):
    client.force_login(personas["sumedang_officer"])
    rows = INLINE_ROWS + 1
    upload(client, values_file(rows), dry_run="on")
    job = Job.objects.get()
    assert job.state == JobState.DONE and job.result["dry_run"] and not job.result["written"]
    assert not IndicatorValue.objects.filter(indicator__name="Messages answered").exists()
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Nothing was written (dry run)" in html and f"values: {rows} created" in html
