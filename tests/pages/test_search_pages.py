"""The search page, the header's search box and "Similar elsewhere" on project pages."""

from __future__ import annotations

import pytest
from django.test import Client

from hub.core.services import create_record
from hub.network.models import Member
from hub.projects.models import FocusArea, Project
from hub.search.matchindex import reset_index
from tests.pages.helpers import text
from tests.services.test_monitoring_support import COMMAND, draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_match_index():
    reset_index()
    yield
    reset_index()


def make_project(slug, title, description, *, member, language="en", areas=("safety-security",)):
    project = create_record(
        Project,
        actor=COMMAND,
        data={
            "slug": slug,
            "member": Member.objects.get(slug=member),
            "title": title,
            "description": description,
            "language": language,
        },
    )
    project.focus_areas.set(FocusArea.objects.filter(code__in=areas))
    return project


@pytest.mark.parametrize("url", ["/", "/members/", "/projects/", "/meetings/", "/search/"])
def test_every_page_has_the_search_box_in_its_header(client, url):
    html = text(client.get(url))
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert 'role="search"' in header and 'action="/search/"' in header and 'name="q"' in header
    assert 'for="header-search-q"' in header  # labelled


def test_results_grouped_by_kind_with_facets_and_marked_snippets(client):
    make_project(
        "flood-sensors", "River flood sensors", "Sensors <b>warn</b> residents before floods.", member="bangkok"
    )
    html = text(client.get("/search/", {"q": "flood"}))
    assert "<h3>Projects</h3>" in html
    assert "<mark>floods</mark>" in html
    assert "&lt;b&gt;warn&lt;/b&gt;" in html  # the record's own markup is escaped
    assert "Thailand" in html and "Safety &amp; Security" in html  # facets and the hit's labels
    assert 'href="?q=flood&amp;kind=project"' in html


def test_a_facet_narrows_and_keeps_the_query(client):
    make_project("flood-sensors", "River flood sensors", "Flood sensors.", member="bangkok")
    response = client.get("/search/", {"q": "sumedang", "kind": "member"})
    html = text(response)
    assert response.status_code == 200
    assert "<h3>Members</h3>" in html and "<h3>Projects</h3>" not in html


def test_the_page_in_bahasa_indonesia_finds_across_languages(client):
    make_project("flood-sensors", "River flood sensors", "Sensors warn residents before floods.", member="bangkok")
    response = client.get("/search/", {"q": "banjir"}, HTTP_ACCEPT_LANGUAGE="id")
    html = text(response)
    assert response.headers["Content-Language"] == "id"
    assert "Proyek" in html and "River flood sensors" in html
    assert "<mark>floods</mark>" in html


@pytest.mark.parametrize("q", ['"unbalanced', "NEAR(a b) * -c", "'; DROP TABLE x; --", "ນ້ຳຖ້ວມ 洪水 banjir", "x" * 499])
def test_odd_queries_get_a_page_never_an_error(client, q):
    assert client.get("/search/", {"q": q}).status_code == 200


def test_an_empty_form_is_just_the_form_and_bad_input_gets_a_message(client):
    assert client.get("/search/").status_code == 200
    too_long = client.get("/search/", {"q": "x" * 2000})
    assert too_long.status_code == 400 and "At most 500 characters." in text(too_long)
    blank = client.get("/search/", {"q": "  ", "kind": "project"})
    assert blank.status_code == 400 and "Type a word to search for." in text(blank)
    unknown = client.get("/search/", {"q": "flood", "kind": "nope"})
    assert unknown.status_code == 400 and "Unknown kind" in text(unknown)


def test_drafts_on_the_page_only_for_their_readers(client, personas):
    draft(personas, narrative="Seaweed cooperative started.")
    assert "Seaweed" not in text(client.get("/search/", {"q": "seaweed"}))
    officer = Client()
    officer.force_login(personas["sumedang_officer"])
    assert "<mark>Seaweed</mark>" in text(officer.get("/search/", {"q": "seaweed"}))


def test_a_project_page_shows_similar_projects_elsewhere_with_reasons(client):
    mine = make_project(
        "peringatan-banjir",
        "Sistem peringatan dini banjir",
        "Sensor ketinggian air di sungai mengirim peringatan kepada warga sebelum banjir.",
        member="sumedang",
        language="id",
    )
    make_project(
        "tidal-warning", "Flood early warning", "River sensors warn residents before floods.", member="bangkok"
    )
    make_project("own-other", "Another Sumedang flood warning", "River flood warning sirens.", member="sumedang")
    html = text(client.get(mine.get_absolute_url()))
    assert "Similar elsewhere" in html
    section = html[html.index('id="similar-heading"') :]
    assert "Flood early warning" in section
    assert "Another Sumedang flood warning" not in section  # never the member's own projects
    assert "Shared focus areas:" in section and "Matching words:" in section
    assert "banjir ↔ flood" in section or "peringatan ↔ warning" in section


def test_the_challenge_tag_lists_matches_for_a_text(rf):
    from django.template import Context, Template

    make_project(
        "tidal-warning", "Flood early warning", "River sensors warn residents before floods.", member="bangkok"
    )
    sumedang = Member.objects.get(slug="sumedang")
    html = Template("{% load search %}{% similar_for_text text member codes 'knowledge' %}").render(
        Context({"text": "Banjir datang tanpa peringatan.", "member": sumedang, "codes": ["safety-security"]})
    )
    assert "Flood early warning" in html and "banjir ↔ flood" in html


def test_a_nul_in_the_query_is_a_400_page_not_an_error(client):
    # The request guard (hub/core/guard.py) refuses NUL before any query: PostgreSQL cannot hold it.
    assert client.get("/search/", {"q": "a\x00b"}).status_code == 400
