"""Each published ASCN M&E report's figures, counted by the hub from the projects it loaded (data/me_projects.yaml,
data/projects.yaml), equal what the report printed.

The expected numbers are written here from the reports themselves (the text's totals and status split, the
appendix's rows counted by focus area and by country), not computed by the code under test; the hub's
counts are read through GET /api/v1/published-figures (its `lines`: official and hub, side by side).
"""

import io

import pytest
from django.core.management import call_command

from hub.projects.models import FocusArea, Project, ProjectReportEntry

pytestmark = pytest.mark.django_db

AREAS = (
    "civic-social",
    "health-well-being",
    "safety-security",
    "quality-environment",
    "built-infrastructure",
    "industry-innovation",
)


def _report(client, year: int) -> dict:
    items = client.get("/api/v1/published-figures").json()["items"]
    return next(item for item in items if item["report_year"] == year)


def _hub(report: dict, group: str) -> dict:
    return {line["key"]: line["hub"] for line in report["lines"] if line["group"] == group and line["hub"]}


def _check(client, year, *, total, appendix_status, text_status, focus, countries):
    report = _report(client, year)
    assert report["projects"] == total
    assert _hub(report, "total") == {"total": total}
    assert _hub(report, "status") == appendix_status
    assert report["by_status"] == text_status  # the text's split, kept beside the appendix's grouping
    assert sum(text_status.values()) == total
    assert _hub(report, "focus_area") == dict(zip(AREAS, focus, strict=True))
    assert _hub(report, "country") == countries
    assert report["agrees"] is True
    return report


def test_2022_report_77_projects(client):
    # "grown from 65 projects in 2021 to 77 projects this year"; 75.32% ongoing, 22.08% planning (58 and 17
    # of 77); the appendix lists all 77 without a status per project.
    report = _check(
        client,
        2022,
        total=77,
        appendix_status={"listed": 77},
        text_status={"ongoing": 58, "planning": 17, "completed": 2},
        focus=(22, 5, 10, 17, 19, 4),
        countries={"BN": 5, "KH": 7, "ID": 11, "LA": 6, "MY": 15, "MM": 11, "PH": 6, "SG": 3, "TH": 7, "VN": 6},
    )
    # The text's "2.94% completed" does not fit 2 of 77 (2.60%): kept, and marked as disagreeing.
    status = next(line for line in report["lines"] if line["group"] == "status")
    assert "completed 2 (2.94%)" in status["text"] and status["text_differs"] is True


def test_2023_report_86_projects(client):
    # "the number of smart city projects under the ASCN stood at 86": 77.9% ongoing, 19.8% planning, 2.3%
    # completed.
    report = _check(
        client,
        2023,
        total=86,
        appendix_status={"listed": 86},
        text_status={"ongoing": 67, "planning": 17, "completed": 2},
        focus=(25, 5, 10, 18, 20, 8),
        countries={"BN": 7, "KH": 8, "ID": 14, "LA": 6, "MY": 15, "MM": 12, "PH": 6, "SG": 3, "TH": 9, "VN": 6},
    )
    # Exhibit 1 says Civic & Social 30%, which is not 25 of 86: both readings kept, the line marked.
    civic = next(line for line in report["lines"] if line["key"] == "civic-social")
    assert (civic["official"], civic["hub"], civic["text_differs"]) == (25, 25, True)
    assert civic["text"] == "30% in the text's chart"


def test_2024_report_108_projects(client):
    # "81 smart city projects (around 75%) are on-going with 16 (14.8%) in planning stage, and 11 (10.2%)
    # completed"; appendix A lists the 97 ongoing and planning ones together, appendix B the 11 completed.
    _check(
        client,
        2024,
        total=108,
        appendix_status={"ongoing_or_planning": 97, "completed": 11},
        text_status={"ongoing": 81, "planning": 16, "completed": 11},
        focus=(28, 6, 12, 20, 28, 14),
        countries={"BN": 7, "KH": 15, "ID": 15, "LA": 7, "MY": 15, "MM": 13, "PH": 6, "SG": 5, "TH": 19, "VN": 6},
    )


def test_2025_report_134_projects(client):
    # "On-going: 108 projects (81%)", "Completed: 18 projects (13%)", "Planning: 8 projects (6%)"; appendix
    # A lists 116 ongoing and planning, appendix B 18 completed; no project of Denpasar, Semarang or Dili.
    _check(
        client,
        2025,
        total=134,
        appendix_status={"ongoing_or_planning": 116, "completed": 18},
        text_status={"ongoing": 108, "planning": 8, "completed": 18},
        focus=(34, 8, 19, 25, 32, 16),
        countries={"BN": 7, "KH": 17, "ID": 18, "LA": 9, "MY": 29, "MM": 14, "PH": 8, "SG": 6, "TH": 20, "VN": 6},
    )
    assert not ProjectReportEntry.objects.filter(project__member__slug__in=["denpasar", "semarang", "dili"]).exists()


def test_a_project_across_the_reports_keeps_one_record_with_its_history(client):
    # Jakarta's JAKI: the catalogue's record, listed in all four reports.
    jaki = Project.objects.get(slug="jaki")
    assert Project.objects.filter(title__startswith="JAKI").count() == 1
    assert list(jaki.report_entries.values_list("report_year", "appendix", "row", "title")) == [
        (2022, "", 20, "JAKI"),
        (2023, "", 23, "JAKI"),
        (2024, "A", 25, "JAKI"),
        (2025, "A", 24, "JAKI"),
    ]
    # Renamed between reports: "Iskandar Malaysia Urban Observatory has been rebranded to Iskandar Malaysia
    # Analytics Centre (IMAC) in 2024" (2024 report) — one project, each report's title kept.
    imac = Project.objects.get(slug="johor-bahru-iskandar-malaysia-analytics-centre")
    assert Project.objects.filter(member__slug="johor-bahru", title__startswith="Iskandar Malaysia").count() == 2
    entries = list(imac.report_entries.order_by("report_year"))
    assert [e.title for e in entries] == ["Iskandar Malaysia Urban Observatory"] * 2 + [
        "Iskandar Malaysia Analytics Centre"
    ] * 2
    assert [e.match for e in entries] == ["new", "exact", "judged", "exact"]
    assert entries[2].confidence == "high" and "rebranded" in entries[2].source_note
    assert "Title: Iskandar Malaysia Urban Observatory" in imac.alternatives[0]["reading"]
    # Makassar's Smart Health Care is the catalogue's HomeCare Dottoro'ta, Tourism Alleys its Lorong Wisata.
    assert set(Project.objects.get(slug="homecare-dottorota").report_entries.values_list("title", flat=True)) == {
        "Smart Health Care"
    }
    lorong = Project.objects.get(slug="lorong-wisata")
    assert list(lorong.report_entries.values_list("report_year", "focus_area__code")) == [
        (2023, "civic-social"),
        (2024, "civic-social"),
        (2025, "civic-social"),
    ]
    assert list(lorong.focus_areas.values_list("code", flat=True)) == ["civic-social"]
    # The API's project gives the same history.
    reports = client.get(f"/api/v1/projects/{imac.pk}").json()["reports"]
    assert [(r["citation"], r["match"], r["confidence"]) for r in reports] == [
        ("ASCN M&E Report 2022, Appendix, No. 30", "new", "high"),
        ("ASCN M&E Report 2023, Appendix, No. 36", "exact", "high"),
        ("ASCN M&E Report 2024, Appendix A, No. 38", "judged", "high"),
        ("ASCN M&E Report 2025, Appendix A, No. 46", "exact", "high"),
    ]
    # The page shows the history, each row with its citation.
    html = client.get("/projects/johor-bahru-iskandar-malaysia-analytics-centre/").content.decode()
    assert 'id="report-history-title"' in html
    for citation in (
        "ASCN M&amp;E Report 2022, Appendix, No. 30",
        "ASCN M&amp;E Report 2023, Appendix, No. 36",
        "ASCN M&amp;E Report 2024, Appendix A, No. 38",
        "ASCN M&amp;E Report 2025, Appendix A, No. 46",
    ):
        assert citation in html


def test_every_row_of_every_report_is_loaded_once():
    rows = ProjectReportEntry.objects.values_list("report_year", "appendix", "row")
    assert len(rows) == len(set(rows)) == 77 + 86 + 108 + 134
    assert Project.objects.filter(report_entries__isnull=False).distinct().count() == 142
    assert not ProjectReportEntry.objects.filter(is_demo=True).exists()
    assert all(FocusArea.objects.filter(report_entries__isnull=False).values_list("code", flat=True))


def test_demo_data_never_changes_a_report_year(client):
    before = client.get("/api/v1/published-figures").json()["items"]
    call_command("loaddemo", "--per-member", "1", "--cycles", "2", stdout=io.StringIO(), stderr=io.StringIO())
    # Even a demo project given a row of a report year is not counted in it.
    demo = Project.objects.filter(is_demo=True).first()
    ProjectReportEntry.objects.create(
        project=demo,
        report_year=2025,
        appendix="A",
        row=999,
        title=demo.title,
        focus_area=FocusArea.objects.get(code="civic-social"),
        status="ongoing_or_planning",
        match="new",
        is_demo=True,
    )
    after = client.get("/api/v1/published-figures").json()["items"]
    assert [(i["report_year"], i["lines"], i["agrees"]) for i in after] == [
        (i["report_year"], i["lines"], i["agrees"]) for i in before
    ]
    html = client.get("/monitoring/").content.decode()
    assert html.count("yes, every figure") == 4
