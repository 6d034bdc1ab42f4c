"""The projects pages: list with filters and chart, CSV, a project's page with indicators, and the edit pages."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.core.models import ChangeEntry
from hub.network.models import Member
from hub.projects import services
from hub.projects.models import Project
from tests.pages.helpers import csv_rows, section, text

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [p.title for p in response.context["page_obj"].object_list]


def project_form(project: Project | None = None, **overrides) -> dict:
    data = {
        "member": "",
        "title": "Smart street lighting",
        "local_title": "",
        "language": "en",
        "summary": "LED street lights with remote control.",
        "description": "",
        "focus_areas": ["quality-environment"],
        "status": "planning",
        "start": "2024",
        "end": "",
        "partners_text": "",
        "funding": "",
        "links": "",
        "sdgs": "",
        "sources": "",
        "confidence": "medium",
        "source_note": "",
        "version": "",
    }
    if project is not None:
        data.update(
            {
                "member": str(project.member_id),
                "title": project.title,
                "local_title": project.local_title,
                "language": project.language,
                "summary": project.summary,
                "description": project.description,
                "focus_areas": [fa.code for fa in project.focus_areas.all()],
                "status": project.status,
                "start": project.start_display,
                "end": project.end_display,
                "partners_text": project.partners_text,
                "funding": project.funding,
                "links": "\n".join(link["url"] for link in project.links),
                "sources": "\n".join(project.sources),
                "confidence": project.confidence,
                "source_note": project.source_note,
                "version": str(project.version),
            }
        )
    data.update(overrides)
    return data


def browser_data(form, **changes) -> dict:
    """What a browser posts from an edit form as shown: each field's value and its hidden initial value."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        posted = [str(v) for v in value] if isinstance(value, (list, tuple)) else ("" if value is None else str(value))
        data[name] = posted
        if name != "version":
            data[form.add_initial_prefix(name)] = posted
    data.update(changes)
    return data


# --- the list ------------------------------------------------------------------------------------------


def test_the_list_shows_every_reference_project(client):
    response = client.get("/projects/")
    assert response.status_code == 200
    # The 142 distinct projects of the M&E reports 2022–2025 and the two programmes they do not list.
    assert "144 projects found" in text(response)
    response = client.get("/projects/", {"country": "ID"})
    assert {
        "HomeCare Dottoro'ta",
        "Homestay Naik Kelas",
        "JAKI (Jakarta Kini)",
        "Lorong Wisata",
        "Smart Kampung",
        "WA KEPO",
    } <= set(titles(response))
    html = text(response)
    assert "22 projects found" in html
    assert 'href="/projects/wa-kepo/"' in html
    assert 'href="/projects/export.csv?country=ID"' in html
    # Each listed project cites its source: its latest M&E report row, else its sources.
    assert "ASCN M&E Report 2025, Appendix A, No. 24" in html  # JAKI
    assert "ASCN M&E Report 2023, Appendix, No. 18" in html  # Smart Kampung, last listed in 2023
    assert "5 sources</a>" in html  # Homestay Naik Kelas, which no report lists


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"member": "sumedang", "q": "kepo"}, ["WA KEPO"]),
        ({"member": "makassar", "focus_area": "health-well-being"}, ["HomeCare Dottoro'ta"]),
        (
            {"member": "banyuwangi", "focus_area": "industry-innovation"},
            ["Homestay Naik Kelas", "Spearing Industrial Growth through Education"],
        ),
        ({"status": "planning"}, []),
        ({"q": "homestay"}, ["Homestay Naik Kelas"]),
        ({"q": "lorong"}, ["Lorong Wisata"]),
    ],
)
def test_list_filters(client, query, expected):
    response = client.get("/projects/", query)
    assert response.status_code == 200
    assert titles(response) == expected
    if not expected:
        assert "No project matches these filters." in text(response)


def test_bad_filters_get_a_400_with_the_message(client):
    response = client.get("/projects/", {"status": "finished"})
    assert response.status_code == 400
    assert "Status:" in text(response)


def test_the_chart_counts_projects_by_focus_area_and_status_with_a_table(client):
    html = text(client.get("/projects/", {"country": "ID"}))
    chart = section(html, "projects-by-focus-status")
    # Its segments are links, so it is a group of labelled links (an image would hide them from screen readers).
    assert "<svg" in chart and 'role="group"' in chart
    assert 'aria-label="Civic &amp; Social, Ongoing: 8"' in chart
    assert "Projects by focus area and status" in chart
    # The table: one row per focus area, one column per status, then the total. Indonesia's Civic & Social
    # projects: JAKI, Jakarta Smart City Goes to School, Digital Public Service Mall, Smart Kampung, Smart
    # E-Tax, Lorong Wisata, E-Office Desa and WA KEPO ongoing; Banyuwangi's tourism-based growth completed.
    row = re.search(r"<tr><th scope=\"row\"><a[^>]*>Civic &amp; Social</a></th>(.*?)</tr>", chart).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["0", "8", "1", "0", "9"]
    row = re.search(r"<tr><th scope=\"row\"><a[^>]*>Safety &amp; Security</a></th>(.*?)</tr>", chart).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["0", "0", "0", "0", "0"]
    # Each segment links to the list with that focus area and status.
    assert "focus_area=civic-social&amp;status=ongoing" in chart


def test_the_chart_follows_the_filters(client):
    chart = section(text(client.get("/projects/", {"member": "makassar"})), "projects-by-focus-status")
    counts = {
        name: re.findall(r'<td class="num">(\d+)</td>', row)[-1]
        for name, row in re.findall(r"<tr><th scope=\"row\"><a[^>]*>([^<]+)</a></th>(.*?)</tr>", chart)
    }
    # Smart Health Care (HomeCare Dottoro'ta); Smart E-Tax and Tourism Alleys (Lorong Wisata); the two
    # economic centres.
    assert counts["Health &amp; Well-Being"] == "1"
    assert counts["Built Infrastructure"] == "0"
    assert counts["Civic &amp; Social"] == "2"
    assert counts["Industry &amp; Innovation"] == "2"


def test_list_and_csv_query_counts_do_not_grow(client, personas, django_assert_max_num_queries):
    secretariat = personas["secretariat"]
    for n in range(30):
        services.create_project(
            actor=secretariat,
            data={"member": Project.objects.get(slug="wa-kepo").member, "title": f"Extra project {n}"},
            focus_areas=["civic-social", "safety-security"],
        )
    counts = {}
    for page in ("1", "2"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/projects/", {"page": page}).status_code == 200
        counts[page] = len(queries)
    assert counts["1"] == counts["2"]
    with django_assert_max_num_queries(12):
        client.get("/projects/")
    with django_assert_max_num_queries(6):
        rows = csv_rows(client.get("/projects/export.csv"))
    assert len(rows) == 1 + 144 + 30  # the header, the reference projects, the extra ones


def test_csv_download_has_the_filtered_projects(client):
    response = client.get("/projects/export.csv", {"member": "makassar"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["slug", "title", "local_title", "member_slug"]
    assert sorted(r[0] for r in body) == [
        "homecare-dottorota",
        "lorong-wisata",
        "makassar-incubator-centre",
        "makassar-smart-e-tax",
        "makassar-virtual-economic-centre",
    ]
    dottorota = next(r for r in body if r[0] == "homecare-dottorota")
    record = dict(zip(header, dottorota, strict=True))
    assert record["focus_areas"] == "health-well-being"
    assert record["start"] == "2015-01"
    assert record["country_code"] == "ID"
    assert record["is_demo"] == "no"
    assert client.get("/projects/export.csv", {"status": "bad"}).status_code == 400


# --- a project's page ------------------------------------------------------------------------------------


def test_the_project_page_shows_facts_indicators_values_and_sources(client):
    response = client.get("/projects/homecare-dottorota/")
    assert response.status_code == 200
    html = text(response)
    assert "HomeCare Dottoro&#x27;ta" in html
    assert 'href="/members/makassar/"' in html
    assert "Health &amp; Well-Being" in html
    assert "2015-01" in html
    assert "https://www.dottoro-ta.com/" in html
    assert "Patients served" in html and "Users" in html
    # Values over time with their periods, in a chart and a table with sources.
    for period, value in [
        ("2016", "4,685"),
        ("2019", "5,181"),
        ("2020", "4,253"),
        ("2021", "3,505"),
        ("2022-01/2022-06", "1,935"),
    ]:
        assert re.search(rf"<th scope=\"row\">{re.escape(period)}\s*</th>\s*<td class=\"num\">{value}</td>", html), (
            period
        )
    assert "<svg" in html and "Patients served (patients) by period" in html
    assert 'href="https://makassarkota.go.id/home-care-inovasi-program-dottoro-ta"' in html
    assert "lintascelebes.com" in html
    assert "January to June only" in html


def test_an_undated_figure_says_so(client):
    html = text(client.get("/projects/homestay-naik-kelas/"))
    assert "undated (after 2022-12)" in html
    assert '<span class="badge">undated</span>' in html
    assert "64 upgraded of 684 homestays" in html
    assert "1,000" in html  # the target


def test_unknown_project_is_a_404(client):
    assert client.get("/projects/no-such-project/").status_code == 404
    assert client.get("/projects/no-such-project/edit/").status_code in (302, 404)


def test_the_page_has_the_progress_timeline_and_the_catalogue_status(client):
    html = text(client.get("/projects/wa-kepo/"))
    assert "Progress reports" in html  # the monitoring timeline, empty before any accepted update
    assert "No progress update of this project has been accepted yet." in html
    assert "as recorded in the catalogue; no accepted progress update yet" in html


def test_edit_link_only_for_those_allowed(client, personas):
    assert "Edit this project" not in text(client.get("/projects/wa-kepo/"))
    client.force_login(personas["bangkok_officer"])
    assert "Edit this project" not in text(client.get("/projects/wa-kepo/"))
    client.force_login(personas["sumedang_officer"])
    assert "/projects/wa-kepo/edit/" in text(client.get("/projects/wa-kepo/"))


# --- create and edit pages -------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client):
    for url in ("/projects/new/", "/projects/wa-kepo/edit/", "/projects/import/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "next=" in response["Location"]


def test_partner_and_other_officers_are_refused(client, personas):
    client.force_login(personas["partner"])
    assert client.get("/projects/new/").status_code == 403
    assert client.get("/projects/import/").status_code == 403
    client.force_login(personas["bangkok_officer"])
    assert client.get("/projects/wa-kepo/edit/").status_code == 403
    response = client.post("/projects/wa-kepo/edit/", project_form(Project.objects.get(slug="wa-kepo"), title="Hacked"))
    assert response.status_code == 403
    assert Project.objects.get(slug="wa-kepo").title == "WA KEPO"


def test_an_officer_adds_a_project_for_its_member_only(client, personas):
    client.force_login(personas["sumedang_officer"])
    response = client.get("/projects/new/")
    assert response.status_code == 200
    members = list(response.context["form"].fields["member"].queryset.values_list("slug", flat=True))
    assert members == ["sumedang"]
    sumedang = response.context["form"].fields["member"].queryset.get()
    response = client.post("/projects/new/", project_form(member=str(sumedang.pk)))
    assert response.status_code == 302
    project = Project.objects.get(slug="smart-street-lighting")
    assert response["Location"] == "/projects/smart-street-lighting/"
    assert project.member == sumedang and project.start_display == "2024"
    assert ChangeEntry.objects.for_object(project).filter(action="create", via="page").exists()
    # A member outside the officer's scope is not a valid choice.
    response = client.post("/projects/new/", project_form(member=str(Member.objects.get(slug="bangkok").pk), title="X"))
    assert response.status_code == 400
    assert not Project.objects.filter(title="X").exists()


def test_bad_input_shows_messages_and_saves_nothing(client, personas):
    client.force_login(personas["indonesia_nr"])
    before = Project.objects.count()
    response = client.post(
        "/projects/new/",
        project_form(
            member=str(Member.objects.get(slug="banyuwangi").pk),
            focus_areas=[],
            start="2024-13",
            links="not-a-url",
            sdgs="19",
        ),
    )
    assert response.status_code == 400
    html = text(response)
    assert "Please correct the following" in html
    form = response.context["form"]
    assert {"focus_areas", "start", "links", "sdgs"} <= set(form.errors)
    assert Project.objects.count() == before


def test_editing_a_project_saves_only_what_changed(client, personas):
    project = Project.objects.get(slug="wa-kepo")
    client.force_login(personas["indonesia_nr"])
    response = client.get("/projects/wa-kepo/edit/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["start"] == "2021-07-15"
    response = client.post("/projects/wa-kepo/edit/", browser_data(form, status="completed", end="2025"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "completed" and project.end_display == "2025"
    assert project.version == 2
    entry = ChangeEntry.objects.for_object(project).first()
    assert set(entry.changes) == {"status", "end_date", "end_precision"}
    assert entry.via == "page" and entry.actor == personas["indonesia_nr"]


def test_a_stale_edit_is_refused_keeps_the_input_and_then_keeps_both_changes(client, personas):
    project = Project.objects.get(slug="wa-kepo")
    client.force_login(personas["sumedang_officer"])
    opened = client.get("/projects/wa-kepo/edit/").context["form"]
    # Someone else saves while the officer types.
    services.update_project(actor=personas["secretariat"], project=project, data={"funding": "Regency budget (APBD)."})
    response = client.post("/projects/wa-kepo/edit/", browser_data(opened, summary="My new summary."))
    assert response.status_code == 409
    html = text(response)
    assert "someone else saved this project" in html
    assert "Regency budget (APBD)." in html  # what the other person saved, from the change log
    assert "My new summary." in html  # the reader's input is kept
    project.refresh_from_db()
    assert project.summary != "My new summary."
    assert response.context["form"]["version"].value() == str(project.version)
    # Saving the form as shown applies the reader's change on top of theirs: both survive.
    shown = response.context["form"].data
    again = {name: shown.getlist(name) for name in shown}
    assert client.post("/projects/wa-kepo/edit/", again).status_code == 302
    project.refresh_from_db()
    assert project.summary == "My new summary."
    assert project.funding == "Regency budget (APBD)."


def test_a_plain_post_without_initial_values_still_saves_everything_it_sends(client, personas):
    project = Project.objects.get(slug="wa-kepo")
    client.force_login(personas["secretariat"])
    response = client.post("/projects/wa-kepo/edit/", project_form(project, status="discontinued"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "discontinued"
