"""GET /api/v1/members and /members/{id}: the network on a given day, against the reference dataset."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/members"


def get_members(client, **params):
    response = client.get(URL, {"limit": 500, **params})
    assert response.status_code == 200, response.content
    return response.json()


def by_slug(items):
    return {item["slug"]: item for item in items}


@pytest.mark.parametrize(("as_of", "count"), [("2018-12-31", 26), ("2024-06-30", 31), ("2026-11-27", 38)])
def test_members_on_a_day(client, as_of, count):
    body = get_members(client, as_of=as_of)
    assert body["count"] == count
    assert len(body["items"]) == count
    for item in body["items"]:
        assert item["name"]
        assert item["kind"]
        assert item["country"]["code"] and item["country"]["name"]
        assert item["joined"]
        assert item["joined_date"] <= as_of
        assert item["status"] == "member"


def test_sumedang_is_a_regency_of_indonesia_that_joined_in_june_2024(client):
    sumedang = by_slug(get_members(client, q="Sumedang")["items"])["sumedang"]
    assert sumedang["kind"] == "regency"
    assert sumedang["country"] == {"code": "ID", "name": "Indonesia"}
    assert sumedang["joined"] == "2024-06"
    assert sumedang["joined_precision"] == "month"
    assert sumedang["joined_date"] == "2024-06-01"
    assert isinstance(sumedang["id"], int)
    assert isinstance(sumedang["latitude"], float) and isinstance(sumedang["longitude"], float)
    assert sumedang["url"].endswith("/members/sumedang/")
    assert sumedang["provenance"]["confidence"] == "high"
    assert sumedang["provenance"]["sources"]


def test_sumedang_was_not_yet_a_member_in_2023(client):
    assert "sumedang" not in by_slug(get_members(client, as_of="2023-12-31")["items"])
    assert "sumedang" in by_slug(get_members(client, as_of="2024-06-30")["items"])


def test_filter_by_country(client):
    items = get_members(client, country="id")["items"]
    assert items
    assert {item["country"]["code"] for item in items} == {"ID"}


def test_filter_by_kind(client):
    items = get_members(client, kind="regency")["items"]
    assert "sumedang" in by_slug(items)
    assert {item["kind"] for item in items} == {"regency"}


def test_filter_by_text_in_the_local_name(client):
    assert "sumedang" in by_slug(get_members(client, q="kabupaten sumedang")["items"])


def test_filter_by_join_year(client):
    items = get_members(client, joined=2024)["items"]
    assert "sumedang" in by_slug(items)
    assert {item["joined"][:4] for item in items} == {"2024"}


def test_filter_by_status(client):
    members = get_members(client, status="member", as_of="2024-06-30")
    assert members["count"] == 31
    candidates = get_members(client, status="candidate", as_of="2024-06-30")
    assert {item["status"] for item in candidates["items"]} <= {"candidate"}
    assert not set(by_slug(candidates["items"])) & set(by_slug(members["items"]))


def test_without_as_of_the_list_has_everyone_with_todays_status(client):
    everyone = get_members(client)
    current = get_members(client, status="member")
    assert everyone["count"] >= current["count"] >= 38


def test_pagination(client):
    whole = get_members(client, as_of="2026-11-27")
    page = client.get(URL, {"as_of": "2026-11-27", "limit": 5, "offset": 5}).json()
    assert page["count"] == whole["count"]
    assert [item["id"] for item in page["items"]] == [item["id"] for item in whole["items"][5:10]]


def test_default_page_is_50(client):
    body = client.get(URL).json()
    assert len(body["items"]) == min(50, body["count"])


def test_member_detail_has_its_membership_events(client):
    sumedang = by_slug(get_members(client, q="Sumedang")["items"])["sumedang"]
    response = client.get(f"{URL}/{sumedang['id']}")
    assert response.status_code == 200
    detail = response.json()
    assert detail["slug"] == "sumedang"
    assert detail["status"] == "member"
    assert detail["events"][0]["status"] == "member"
    assert detail["events"][0]["effective"] == "2024-06"
    assert detail["events"][0]["effective_precision"] == "month"
    assert detail["events"][0]["effective_date"] == "2024-06-01"


def test_member_detail_status_on_a_day(client):
    sumedang = by_slug(get_members(client, q="Sumedang")["items"])["sumedang"]
    detail = client.get(f"{URL}/{sumedang['id']}", {"as_of": "2020-01-01"}).json()
    assert detail["status"] is None
    assert detail["joined"] == "2024-06"
