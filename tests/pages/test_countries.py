"""Countries list and country pages."""

import pytest

from tests.pages.helpers import text


@pytest.mark.django_db
def test_countries_list_counts_members_today_in_one_query(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/countries/")
    assert response.status_code == 200
    counts = {c.code: c.members_count for c in response.context["countries"]}
    assert counts["ID"] == 6
    assert counts["TL"] == 1
    assert sum(counts.values()) == 38
    html = text(response)
    assert 'href="/countries/id/"' in html
    assert 'href="/members/?country=ID&amp;status=member">6</a>' in html


@pytest.mark.django_db
def test_indonesia_page(client, django_assert_max_num_queries):
    # 4 for the registry's part, at most 11 for the national view (hub/partnerships/national.py), 3 for its
    # members' open challenges and collaborations (hub/exchange).
    with django_assert_max_num_queries(18):
        response = client.get("/countries/id/")
    assert response.status_code == 200
    html = text(response)
    for name in ("DKI Jakarta", "Makassar", "Banyuwangi", "Sumedang", "Denpasar", "Semarang"):
        assert name in html
    assert "Joined ASEAN" in html
    # Its role terms: National Representative, the year it chaired, its Shepherd term.
    assert "National Representative" in html
    assert "Shepherd" in html
    assert ">2023<" in html or "2023</span>" in html
    assert "Other reading:" in html  # the disputed Shepherd term


@pytest.mark.django_db
def test_country_code_upper_case_redirects_and_unknown_is_404(client):
    response = client.get("/countries/ID/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/id/"
    assert client.get("/countries/zz/").status_code == 404


@pytest.mark.django_db
def test_a_country_page_lists_its_members_open_challenges_and_collaborations(client, personas):
    from hub.exchange import services
    from tests.services.test_exchange_support import make_challenge, make_request, make_user

    make_challenge(personas["sumedang_officer"], published=True, title="Tidal flooding in the coastal villages")
    request = make_request(
        make_user("asker@bangkok.example", "gov-bangkok"), "bangkok", "sumedang", subject="Learning from WA KEPO"
    )
    services.accept_request(actor=personas["sumedang_officer"], request=request, reply="Welcome")
    page = text(client.get("/countries/id/"))
    assert "Tidal flooding in the coastal villages" in page
    assert "Learning from WA KEPO" in page
    assert "Tidal flooding" not in text(client.get("/countries/th/"))
