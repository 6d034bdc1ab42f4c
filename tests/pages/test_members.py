"""Members list and its CSV download: the MemberFilter validates the query, queries stay constant."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pages.helpers import csv_rows, member_names, text

INDONESIA = {"DKI Jakarta", "Makassar", "Banyuwangi", "Sumedang", "Denpasar", "Semarang"}
ALL_FILTERS = {"q": "a", "country": "ID", "kind": "city", "status": "member", "joined": "2018", "as_of": "2024-06-25"}


@pytest.mark.django_db
def test_members_list_shows_everyone_with_the_form_and_count(client):
    response = client.get("/members/")
    assert response.status_code == 200
    html = text(response)
    assert response.context["paginator"].count == 38
    assert "38 members found" in html
    for name in ("q", "country", "kind", "joined", "status", "as_of"):
        assert f'name="{name}"' in html
    assert '<label for="f-country">' in html
    assert 'href="/members.csv"' in html


@pytest.mark.django_db
def test_filter_by_country(client):
    response = client.get("/members/", {"country": "ID"})
    assert response.status_code == 200
    assert set(member_names(response)) == INDONESIA
    assert "6 members found" in text(response)
    # The download link keeps the filter.
    assert 'href="/members.csv?country=ID"' in text(response)


@pytest.mark.django_db
def test_filter_by_country_is_case_insensitive(client):
    assert set(member_names(client.get("/members/", {"country": "id"}))) == INDONESIA


@pytest.mark.django_db
def test_as_of_end_of_2018_gives_the_26_founding_members(client):
    response = client.get("/members/", {"as_of": "2018-12-31"})
    assert response.status_code == 200
    assert response.context["paginator"].count == 26
    assert "Sumedang" not in member_names(response)
    assert "(status on 2018-12-31)" in text(response)


@pytest.mark.django_db
def test_as_of_mid_2024_gives_31(client):
    assert client.get("/members/", {"as_of": "2024-06-30"}).context["paginator"].count == 31


@pytest.mark.django_db
def test_name_search_in_english_and_local_names(client):
    assert member_names(client.get("/members/", {"q": "jakarta"})) == ["DKI Jakarta"]
    assert set(member_names(client.get("/members/", {"q": "Kabupaten"}))) == {"Banyuwangi", "Sumedang"}


@pytest.mark.django_db
def test_filter_by_year_joined_and_kind(client):
    joined_2025 = set(member_names(client.get("/members/", {"joined": "2025"})))
    assert joined_2025 == {"Ipoh", "Putrajaya", "Seberang Perai", "Cauayan City", "Denpasar", "Semarang"}
    regencies = set(member_names(client.get("/members/", {"kind": "regency"})))
    assert regencies == {"Banyuwangi", "Sumedang"}


@pytest.mark.django_db
def test_joined_shows_the_stored_precision(client):
    html = text(client.get("/members/", {"country": "ID"}))
    assert ">2024-06<" in html  # Sumedang: month precision
    assert "2024-06-01" not in html  # never an invented day
    assert ">2025<" in html  # Denpasar, Semarang: year precision


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, field",
    [
        ({"joined": "abc"}, "Year joined"),
        ({"as_of": "2024-13-01"}, "As of"),
        ({"joined": "abc", "as_of": "2024-13-01"}, "As of"),
        ({"kind": "village"}, "Kind"),
        ({"status": "maybe"}, "Status"),
        ({"joined": "1900"}, "Year joined"),
        ({"country": "IDN"}, "Country"),
    ],
)
def test_bad_filter_input_gets_a_message_not_a_server_error(client, params, field):
    response = client.get("/members/", params)
    assert response.status_code in (200, 400)
    html = text(response)
    assert 'role="alert"' in html
    assert f"{field}:" in html
    # What the visitor typed stays in the form.
    for value in params.values():
        assert f'value="{value}"' in html or value in html


@pytest.mark.django_db
def test_bad_page_numbers_fall_back_to_a_real_page(client):
    assert client.get("/members/", {"page": "abc"}).context["page_obj"].number == 1
    assert client.get("/members/", {"page": "999"}).context["page_obj"].number == 2


@pytest.mark.django_db
def test_pagination_25_per_page_keeps_filters(client):
    first = client.get("/members/")
    assert len(first.context["page_obj"].object_list) == 25
    assert "Page 1 of 2" in text(first)
    assert 'href="?page=2"' in text(first)
    second = client.get("/members/", {"page": "2"})
    assert len(second.context["page_obj"].object_list) == 13
    names = set(member_names(first)) | set(member_names(second))
    assert len(names) == 38

    filtered = client.get("/members/", {"as_of": "2018-12-31"})
    assert 'href="?as_of=2018-12-31&amp;page=2"' in text(filtered)
    assert len(client.get("/members/", {"as_of": "2018-12-31", "page": "2"}).context["page_obj"].object_list) == 1


@pytest.mark.django_db
def test_members_list_query_count_does_not_depend_on_filters_or_rows(client, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as plain:
        client.get("/members/")
    with CaptureQueriesContext(connection) as filtered:
        client.get("/members/", {**ALL_FILTERS, "page": "1"})
    with CaptureQueriesContext(connection) as second_page:
        client.get("/members/", {"page": "2"})
    assert len(plain) == len(filtered) == len(second_page)
    with django_assert_max_num_queries(8):
        client.get("/members/", ALL_FILTERS)


@pytest.mark.django_db
def test_csv_has_every_member_with_the_documented_columns(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/members.csv")
        rows = csv_rows(response)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, data = rows[0], rows[1:]
    assert header == [
        "slug",
        "name",
        "local_name",
        "kind",
        "country_code",
        "country",
        "joined",
        "joined_precision",
        "status",
        "latitude",
        "longitude",
        "website",
        "confidence",
        "sources",
    ]
    assert len(data) == 38
    sumedang = dict(zip(header, next(r for r in data if r[0] == "sumedang"), strict=True))
    assert sumedang["kind"] == "regency"
    assert sumedang["country_code"] == "ID"
    assert sumedang["country"] == "Indonesia"
    assert sumedang["joined"] == "2024-06"
    assert sumedang["joined_precision"] == "month"
    assert sumedang["status"] == "member"
    assert sumedang["latitude"].startswith("-6.858")
    assert " " in sumedang["sources"] and all(s.startswith("http") for s in sumedang["sources"].split(" "))


@pytest.mark.django_db
def test_csv_respects_the_filters(client):
    rows = csv_rows(client.get("/members.csv", {"country": "ID"}))
    assert {r[1] for r in rows[1:]} == INDONESIA
    assert len(csv_rows(client.get("/members.csv", {"as_of": "2018-12-31"}))) == 27


@pytest.mark.django_db
def test_csv_with_bad_filters_answers_400_with_the_message(client):
    response = client.get("/members.csv", {"as_of": "2024-13-01"})
    assert response.status_code == 400
    assert "As of:" in text(response)


@pytest.mark.django_db
def test_rows_and_country_choices_follow_a_write(client, personas):
    """The table's rows and the country choices are written again as soon as what the page reads changes."""
    from hub.network import services
    from hub.network.models import Country, Member

    html = text(client.get("/members/", {"country": "id"}))
    assert "Sumedang" in html
    sumedang = Member.objects.get(slug="sumedang")
    services.update_member(actor=personas["secretariat"], member=sumedang, data={"local_name": "Kabupaten <Sumedang>"})
    html = text(client.get("/members/", {"country": "id"}))
    assert "Kabupaten &lt;Sumedang&gt;" in html
    Country.objects.filter(code="ID").update(name_id="Negara Indonesia")
    html = text(client.get("/members/", {"country": "id"}, HTTP_ACCEPT_LANGUAGE="id"))
    assert '<option value="ID" selected>Negara Indonesia</option>' in html
