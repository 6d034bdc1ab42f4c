"""Countries, memberships, organisations and people."""

import pytest

pytestmark = pytest.mark.django_db


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_countries(client):
    body = get_json(client, "/api/v1/countries")
    by_code = {item["code"]: item for item in body["items"]}
    assert body["count"] == len(by_code) >= 10
    assert by_code["ID"]["name"] == "Indonesia"
    assert by_code["ID"]["provenance"]["sources"] or by_code["ID"]["provenance"]["source_note"]


def test_country_detail_by_code_in_either_case(client):
    body = get_json(client, "/api/v1/countries/id")
    assert body["code"] == "ID"
    assert body["url"].endswith("/countries/id/")
    assert "sumedang" in {member["slug"] for member in body["members"]}


def test_memberships_of_one_member(client):
    body = get_json(client, "/api/v1/memberships", member="sumedang")
    assert body["count"] >= 1
    event = body["items"][0]
    assert event["member"]["slug"] == "sumedang"
    assert event["status"] == "member"
    assert event["effective"] == "2024-06"
    assert event["effective_precision"] == "month"
    assert event["effective_date"] == "2024-06-01"
    assert "decided_by" in event and "provenance" in event


def test_memberships_by_year_and_status(client):
    items = get_json(client, "/api/v1/memberships", year=2018, status="member", limit=500)["items"]
    assert len(items) >= 26
    assert {item["effective_date"][:4] for item in items} == {"2018"}


def test_organisations_and_detail(client):
    body = get_json(client, "/api/v1/organisations", country="ID", limit=500)
    assert body["count"] >= 1
    assert {item["country"]["code"] for item in body["items"]} == {"ID"}
    detail = get_json(client, f"/api/v1/organisations/{body['items'][0]['id']}")
    assert detail["id"] == body["items"][0]["id"]
    assert isinstance(detail["units"], list) and isinstance(detail["people"], list)


def test_people(client):
    body = get_json(client, "/api/v1/people")
    assert body["count"] == len(body["items"]) or len(body["items"]) == 50
    for person in body["items"]:
        assert person["name"]
