"""One member's page: profile, membership history with other readings, roles."""

import pytest

from tests.pages.helpers import section, text


@pytest.mark.django_db
def test_sumedang_profile(client, django_assert_max_num_queries):
    # One more than before for the Smart City Action Plan's summary (hub/plans); three more for its
    # projects (and their focus areas) and its meetings (meetings/templatetags/member_work.py); one fewer
    # since its CSCO and National Representative terms are read in one query.
    with django_assert_max_num_queries(9):
        response = client.get("/members/sumedang/")
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Sumedang" in html
    assert "Kabupaten Sumedang" in html
    assert "regency" in html
    assert 'href="/countries/id/">Indonesia</a>' in html
    assert "2024-06" in html
    assert "2024-06-01" not in html
    assert "https://sumedangkab.go.id" in html
    assert "-6.858, 107.924" in html
    # Its country's National Representative today.
    assert "National Representative of Indonesia" in html
    assert "Directorate General of Regional Administration" in html
    # A small map with just this member.
    figure = section(html, "member-map")
    assert figure.count('<circle class="map-point') == 1


@pytest.mark.django_db
def test_chiang_mai_shows_both_readings_of_its_join_date(client):
    html = text(client.get("/members/chiang-mai/"))
    history = html[html.index('id="history-title"') : html.index('id="people-title"')]
    assert "from 2023-07" in history
    assert "Other reading:" in history
    assert "Joined 2024" in history
    assert "antaranews.com" in history
    assert "6th ASCN Annual Meeting" in history
    assert "Confidence: high" in history


@pytest.mark.django_db
def test_csco_terms_are_listed_and_current_ones_marked(client):
    html = text(client.get("/members/singapore/"))
    roles = html[html.index('id="people-title"') : html.index('id="record-sources-title"')]
    assert "Smart Nation and Digital Government Office" in roles
    assert ">current<" in roles


@pytest.mark.django_db
def test_unknown_member_is_404(client):
    assert client.get("/members/atlantis/").status_code == 404


@pytest.mark.django_db
def test_projects_section_follows_a_write(client):
    """The projects and meetings section is written again as soon as the rows it reads change."""
    from tests.services.test_search_index import make_project

    html = text(client.get("/members/sumedang/"))
    assert "Flood sensors for the river" not in html
    project = make_project("Flood sensors for the river", "Water level sensors along the Cimanuk.")
    html = text(client.get("/members/sumedang/"))
    assert "Flood sensors for the river" in html
    type(project).objects.filter(pk=project.pk).update(title="Flood <sensors> renamed")
    html = text(client.get("/members/sumedang/"))
    assert "Flood &lt;sensors&gt; renamed" in html and "Flood sensors for the river" not in html
