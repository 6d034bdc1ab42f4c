"""The M&E report's executive summary, comparison with earlier cycles and highlighted project per member,
through the report page, its downloads and ``manage.py mereport``: every figure is worked out from the
data the test makes (two cycles, updates accepted in each), never typed."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

from hub.core.services import create_record
from hub.monitoring import services
from hub.network.models import Member
from hub.projects.models import FocusArea, Project
from tests.services.test_monitoring_support import COMMAND, open_cycle

pytestmark = pytest.mark.django_db

AREA = "industry-innovation"


def _project(slug: str, member: str, title: str) -> Project:
    project = create_record(
        Project,
        actor=COMMAND,
        data={
            "slug": slug,
            "member": Member.objects.get(slug=member),
            "title": title,
            "status": "ongoing",
            "start_date": date(2020, 1, 1),
            "start_precision": "year",
        },
    )
    project.focus_areas.set(FocusArea.objects.filter(code=AREA))
    return project


def _accept(personas, officer: str, nr: str, project: Project, cycle, **data):
    fields = {
        "status": "ongoing",
        "progress": 10,
        "milestones": [],
        "narrative": f"Narrative of {project.title}.",
        "challenges": "",
        "support_needed": "",
        **data,
    }
    update = services.create_update(actor=personas[officer], project=project, cycle=cycle, data=fields)
    update = services.submit(actor=personas[officer], update=update)
    update = services.endorse(actor=personas[nr], update=update)
    return services.accept(actor=personas["secretariat"], update=update)


@pytest.fixture
def two_cycles(personas):
    """2023–2024: one accepted update (Sumedang's portal at 40 %). 2024–2025: the portal at 70 % (a gain of 30),
    Sumedang's lamps completed (picked over the gain), Bangkok's first update at 55 %."""
    earlier, later = open_cycle(2024), open_cycle(2025)
    portal = _project("report-portal", "sumedang", "Citizen portal")
    lamps = _project("report-lamps", "sumedang", "Smart street lamps")
    canals = _project("report-canals", "bangkok", "Canal water sensors")
    sumedang = ("sumedang_officer", "indonesia_nr")
    _accept(personas, *sumedang, portal, earlier, progress=40)
    _accept(personas, *sumedang, portal, later, progress=70, challenges="Slow procurement.")
    _accept(personas, *sumedang, lamps, later, status="completed", progress=100, support_needed="A partner for upkeep.")
    _accept(personas, "bangkok_officer", "thailand_nr", canals, later, progress=55, challenges="Flooded sensors.")
    return earlier, later


def _row(html: str, table_id: str, label: str) -> list[str]:
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    row = re.search(rf"<th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", table)
    assert row, (table_id, label)
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))]


def test_the_report_page_summarises_the_cycle_against_the_previous_one(client, two_cycles):
    html = client.get("/monitoring/report/2024-2025/").content.decode()
    assert _row(html, "summary-table", "Progress updates accepted") == ["3", "1", "+2"]
    # the focus area of the test's projects: only they have accepted progress there
    assert _row(html, "focus-progress-table", "Industry &amp; Innovation")[3:] == ["75", "40"]  # (70+100+55)/3, 40
    assert "77 → 86 → 108 → 134" in html  # the published reports up to 2025, from data/me_reports.yaml
    cycles = html[html.index('id="cycle-history"') :]
    assert "2023–2024" in cycles and "2024–2025 (this report)" in cycles
    lead = re.search(r'<p id="summary-lead">(.*?)</p>', html, re.S).group(1)
    assert "3 progress updates were accepted" in lead
    assert "Smart street lamps (Sumedang)" in html  # completed in the cycle
    assert "Citizen portal (Sumedang) advanced 30 points, to 70 %" in html
    assert "2 of the 3 accepted updates name a challenge; 1 ask for support." in html
    # the exchange's section (registered by hub.exchange): challenges filed from the accepted updates
    assert "2 challenges were raised in the exchange in this cycle" in html
    assert "the most common focus areas: Industry &amp; Innovation (2)" in html
    assert 'id="report-map"' in html and 'id="member-highlights"' in html

    earlier = client.get("/monitoring/report/2023-2024/").content.decode()
    assert _row(earlier, "summary-table", "Progress updates accepted")[0] == "1"
    assert _row(earlier, "summary-table", "Average progress reported") == ["40 %", "—", "—"]  # no cycle before it
    assert "77 → 86 → 108" in earlier and "77 → 86 → 108 → 134" not in earlier


def test_one_highlighted_project_per_member_by_the_documented_rule(client, two_cycles):
    response = client.get("/monitoring/report/2024-2025/download/csv/", {"table": "highlights"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_member = {row["member"]: row for row in rows}
    assert set(by_member) == {"Sumedang", "Bangkok"}
    # Sumedang: the completed lamps beat the portal's gain of 30 points
    assert (by_member["Sumedang"]["project"], by_member["Sumedang"]["reason"]) == ("Smart street lamps", "completed")
    assert (by_member["Bangkok"]["project"], by_member["Bangkok"]["reason"]) == ("Canal water sensors", "first")
    assert by_member["Bangkok"]["progress_gain_points"] == ""
    bangkok = Member.objects.get(slug="bangkok")
    assert bangkok.local_name and by_member["Bangkok"]["member_local_name"] == bangkok.local_name

    api = client.get("/api/v1/reports/2024-2025.csv", {"table": "highlights"})
    assert api.status_code == 200 and api.content == response.content
    earlier = client.get("/monitoring/report/2023-2024/download/csv/", {"table": "highlights"}).content.decode()
    assert [r["project"] for r in csv.DictReader(io.StringIO(earlier))] == ["Citizen portal"]


def test_the_xlsx_summary_sheet_has_the_executive_figures(client, two_cycles):
    content = client.get("/monitoring/report/2024-2025/download/xlsx/").content
    sheet = load_workbook(io.BytesIO(content))["Summary"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert rows["Progress updates accepted"][:3] == (3, 1, 2)
    assert rows["Projects completed in the cycle"][0] == 1
    assert rows["Challenges raised in the exchange"][0] == 2  # from hub.exchange's registered section
    assert [rows[f"{year} ASCN M&E Report"][0] for year in (2022, 2023, 2024, 2025)] == [77, 86, 108, 134]
    assert (rows["2023–2024"][3], rows["2024–2025"][3]) == (1, 3)  # updates accepted per cycle


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_opens_with_the_summary_and_speaks_the_report_language(client, two_cycles):
    def text(language: str) -> str:
        pdf = client.get("/monitoring/report/2024-2025/download/pdf/", HTTP_ACCEPT_LANGUAGE=language).content
        out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
        return out.stdout.decode()

    english = text("en")
    pages = english.split("\f")
    assert "Executive summary" in pages[1] and "Comparison with earlier cycles" in pages[2]
    assert "The network" in pages[3]
    assert "1 October 2024 to 30 September 2025" in " ".join(pages[0].split())
    assert "Highlighted projects, one per member" in english
    assert "Picked: completed in this cycle" in english
    indonesian = " ".join(text("id").split())
    assert "1 Oktober 2024" in indonesian and "30 September 2025" in indonesian
    assert "October" not in indonesian


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_a_long_focus_area_name_wraps_at_spaces_and_is_never_cut(client, two_cycles, monkeypatch):
    from hub.projects import models as project_models

    long_name = "Industri dan inovasi berkelanjutan untuk perekonomian daerah perkotaan"
    FocusArea.objects.filter(code=AREA).update(name=long_name)
    # The PDF shows each focus area's label (the reader's language), looked up by its code.
    monkeypatch.setitem(project_models.FOCUS_AREA_LABELS, AREA, long_name)
    pdf = client.get("/monitoring/report/2024-2025/download/pdf/").content
    out = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = " ".join(out.split())
    assert "…" not in text.split("Appendix: all projects of the cycle")[-1]
    charts = text[text.index("Projects by focus area and status") : text.index("Projects by country")]
    assert charts.count(long_name) >= 2  # the chart's label (on two lines) and the table's cell
    appendix = text[text.index("Appendix: all projects of the cycle") :]
    assert appendix.count(long_name) == 3  # the three projects of the test, in Sumedang and Bangkok


def test_the_report_costs_the_same_queries_for_more_members_and_updates(client, personas, two_cycles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ("/monitoring/report/2024-2025/", "/monitoring/report/2024-2025/download/xlsx/")
    before = [queries(url) for url in urls]
    _, later = two_cycles
    for slug, officer, nr in (
        ("chiang-mai", "thailand_nr", "thailand_nr"),
        ("banyuwangi", "indonesia_nr", "indonesia_nr"),
    ):
        _accept(personas, officer, nr, _project(f"more-{slug}", slug, f"More of {slug}"), later, challenges="Budget.")
    assert [queries(url) for url in urls] == before
