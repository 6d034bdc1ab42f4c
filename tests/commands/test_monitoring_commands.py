"""The M&E commands: opencycle, sendreminders, mereport (and what the generated report says)."""

import csv
import io
import re
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from hub.monitoring import services
from hub.monitoring.models import ReportingCycle
from hub.projects.models import Project
from tests.services.test_monitoring_support import accepted, draft, open_cycle

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_opencycle_creates_and_opens(personas):
    assert "Opened the cycle 2024–2025" in _run("opencycle", "2025")
    cycle = ReportingCycle.objects.get(slug="2024-2025")
    assert cycle.state == "open" and (cycle.start_date, cycle.end_date) == (date(2024, 10, 1), date(2025, 9, 30))
    assert "open already" in _run("opencycle", "2024-2025")
    _run("opencycle", "2031", "--start-month", "1", "--due", "2031-11-30")
    calendar = ReportingCycle.objects.get(end_year=2031)
    assert (calendar.slug, calendar.start_date, calendar.due_date) == ("2031", date(2031, 1, 1), date(2031, 11, 30))
    with pytest.raises(CommandError):
        _run("opencycle", "twenty")


def test_sendreminders_twice_a_day_sends_once(personas):
    _run("opencycle", "2025")
    first = _run("sendreminders")
    assert "Sent" in first
    to_officer = [m for m in mail.outbox if "officer@sumedang.example" in m.to]
    assert len(to_officer) == 1 and "WA KEPO" in to_officer[0].body
    second = _run("sendreminders", "--cycle", "2024-2025")
    assert "Sent 0 e-mail(s)" in second
    assert len([m for m in mail.outbox if "officer@sumedang.example" in m.to]) == 1
    assert "Would send 0" in _run("sendreminders", "--dry-run")


def test_sendreminders_refuses_a_closed_cycle(personas):
    _run("opencycle", "2025")
    services.close_cycle(actor="command:test", cycle=ReportingCycle.objects.get(end_year=2025))
    with pytest.raises(CommandError, match="closed"):
        _run("sendreminders", "--cycle", "2025")
    assert "nothing to remind" in _run("sendreminders")


def _report(tmp_path, fmt: str, *extra) -> bytes:
    out = tmp_path / f"report.{fmt}"
    call_command(
        "mereport", "2024-2025", "--format", fmt, "--out", str(out), *extra, stdout=io.StringIO(), stderr=io.StringIO()
    )
    return out.read_bytes()


def test_the_report_never_contains_drafts_and_is_the_same_for_the_same_data(personas, tmp_path):
    cycle = open_cycle(2025)
    accepted(personas, cycle=cycle, narrative="Accepted narrative about portals.")
    jakarta_project = Project.objects.filter(member__slug="dki-jakarta").first()
    services.create_update(
        actor=personas["indonesia_nr"],
        project=jakarta_project,
        cycle=cycle,
        data={"status": "ongoing", "progress": 10, "narrative": "SECRET DRAFT NARRATIVE", "challenges": "SECRET"},
    )
    pdf, xlsx, csv_updates = (
        _report(tmp_path, "pdf"),
        _report(tmp_path, "xlsx"),
        _report(tmp_path, "csv", "--table", "updates"),
    )
    assert pdf.startswith(b"%PDF") and xlsx.startswith(b"PK")
    assert b"SECRET" not in csv_updates and b"Accepted narrative about portals." in csv_updates
    for name in zipfile.ZipFile(io.BytesIO(xlsx)).namelist():
        assert b"SECRET" not in zipfile.ZipFile(io.BytesIO(xlsx)).read(name)
    workbook = load_workbook(io.BytesIO(xlsx))
    sheets = ["Summary", "Projects", "Updates", "Indicator values", "Membership changes", "Highlighted projects"]
    assert workbook.sheetnames == [*sheets, "Investment"]  # Investment: hub/partnerships, a registered section
    assert [c.value for c in workbook["Updates"][2]][4] == "WA KEPO"
    # Same data, same bytes.
    assert _report(tmp_path, "pdf") == pdf
    assert _report(tmp_path, "xlsx") == xlsx
    assert _report(tmp_path, "csv", "--table", "updates") == csv_updates
    if shutil.which("pdftotext"):
        assert "SECRET" not in _pdf_text(pdf)


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_says_what_the_dashboard_shows(personas, tmp_path):
    cycle = open_cycle(2025)
    accepted(personas, cycle=cycle, narrative="Sixteen portals answered citizens.")
    draft_cycle = open_cycle(2026)
    draft(personas, cycle=draft_cycle)
    html = Client().get("/monitoring/", {"cycle": cycle.slug}).content.decode()
    shown = dict(re.findall(r'data-figure="([a-z-]+)">([^<]+)<', html))
    text = _pdf_text(_report(tmp_path, "pdf"))
    summary = (
        f"Projects: {shown['projects']} · Members with projects: {shown['members']} · Countries: {shown['countries']} "
        f"· Updates accepted: {shown['accepted']} of {shown['expected']} expected"
    )
    assert summary in text
    assert "Monitoring & Evaluation Report 2024–2025" in text
    assert "Sumedang — WA KEPO" in text and "Sixteen portals answered citizens." in text
    assert "Reporting period: 1 October 2024 to 30 September 2025" in text
    assert "Sumedang" in text  # the appendix lists the project


def test_the_csv_rows(personas, tmp_path):
    accepted(personas)
    rows = list(csv.DictReader(io.StringIO(_report(tmp_path, "csv").decode())))
    wa = [r for r in rows if r["project"] == "WA KEPO"]
    assert wa and wa[0]["reported_in_cycle"] == "yes" and wa[0]["progress_percent"] == "70"
    assert rows == sorted(rows, key=lambda r: (r["country"].lower(), r["member"].lower(), r["project"].lower()))


def test_mereport_errors():
    with pytest.raises(CommandError, match="No reporting cycle"):
        call_command("mereport", "1999-2000", stdout=io.StringIO())
