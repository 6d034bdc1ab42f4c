"""Input no view can use is refused with a 4xx naming the parameter or field, never a 500 (defects 3, 5, 8, 11).

PostgreSQL cannot store NUL and holds at most 2**63 - 1 in an id: these tests matter most there (CI runs the
suite on both databases).
"""

from __future__ import annotations

import json

import pytest

from hub.network.models import Member

pytestmark = pytest.mark.django_db

HUGE = str(2**63)
NUL = "\x00"


def loc_of(response) -> list:
    body = response.json()
    assert isinstance(body["detail"], list), body
    return body["detail"][0]["loc"]


@pytest.mark.parametrize(
    ("url", "params", "loc"),
    [
        ("/api/v1/members", {"country": NUL}, ["query", "country"]),
        ("/api/v1/members", {"q": "Sume" + NUL}, ["query", "q"]),
        ("/api/v1/projects", {"q": NUL}, ["query", "q"]),
        ("/api/v1/organisations", {"q": "\x1b[31m"}, ["query", "q"]),
        ("/api/v1/role-terms", {"member": NUL}, ["query", "member"]),
        ("/api/v1/meetings", {"q": NUL}, ["query", "q"]),
        ("/api/v1/cycles/a" + NUL, {}, ["path"]),
        ("/api/v1/members/sumedang" + NUL, {}, ["path"]),
    ],
)
def test_nul_and_control_characters_in_the_query_are_a_422_naming_the_parameter(client, url, params, loc):
    response = client.get(url, params)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert loc_of(response) == loc
    assert "character" in response.json()["detail"][0]["msg"]


def test_a_nul_in_a_written_text_is_a_422_and_writes_nothing(token_client, personas):
    client = token_client(personas["secretariat"])
    member = Member.objects.get(slug="sumedang")
    response = client.patch(
        f"/api/v1/members/{member.pk}", {"summary": "WA KEPO" + NUL}, content_type="application/json"
    )
    assert response.status_code == 422
    assert loc_of(response) == ["body", "payload", "summary"]
    member.refresh_from_db()
    assert NUL not in member.summary


def test_a_line_break_in_a_name_is_refused_by_field(token_client, personas):
    client = token_client(personas["secretariat"])
    member = Member.objects.get(slug="sumedang")
    response = client.patch(
        f"/api/v1/members/{member.pk}", {"name": "Sumedang\nRegency"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert loc_of(response) == ["body", "payload", "name"]
    assert Member.objects.get(pk=member.pk).name == member.name


@pytest.mark.parametrize(
    ("url", "params", "loc"),
    [
        ("/api/v1/members", {"offset": HUGE}, ["query", "offset"]),
        ("/api/v1/projects", {"offset": "-" + HUGE + "0"}, ["query", "offset"]),
        ("/api/v1/action-items", {"meeting": HUGE}, ["query", "meeting"]),
        ("/api/v1/indicators", {"project": HUGE}, ["query", "project"]),
    ],
)
def test_numbers_beyond_64_bits_in_the_query_are_a_422(client, url, params, loc):
    response = client.get(url, params)
    assert response.status_code == 422
    assert loc_of(response) == loc


def test_offsets_are_bounded_in_the_schema(client):
    response = client.get("/api/v1/members", {"offset": 10**9 + 1})
    assert response.status_code == 422
    assert client.get("/api/v1/members", {"offset": 10**9}).json()["items"] == []


@pytest.mark.parametrize("url", ["/api/v1/members/" + HUGE, "/api/v1/updates/" + HUGE, "/api/v1/meetings/" + HUGE])
def test_an_id_beyond_64_bits_in_the_path_is_not_found(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_a_number_beyond_64_bits_in_a_body_is_a_422(token_client, personas):
    client = token_client(personas["secretariat"])
    response = client.post(
        "/api/v1/meetings/1/agenda", json.dumps({"title": "x", "decisions": [2**63]}), content_type="application/json"
    )
    assert response.status_code == 422
    assert loc_of(response) == ["body", "payload", "decisions", 0]


def test_unknown_query_parameters_are_a_400_naming_the_accepted_ones(client):
    response = client.get("/api/v1/members", {"name": "Bangkok"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "name" in detail
    assert "accepts: as_of, country, joined, kind, limit, offset, q, status" in detail
    assert client.get("/api/v1/members", {"q": "Bangkok"}).json()["count"] == 1


@pytest.mark.parametrize("value", ["0", "1700000000", "2024-1-1", "01/02/2024"])
def test_as_of_is_a_day_written_yyyy_mm_dd_and_nothing_else(client, value):
    response = client.get("/api/v1/members", {"as_of": value})
    assert response.status_code == 422
    assert loc_of(response) == ["query", "as_of"]
    assert client.get("/api/v1/members", {"as_of": "2019-01-01"}).status_code == 200


def test_multipart_without_a_boundary_is_a_400_in_json(token_client, personas):
    client = token_client(personas["secretariat"])
    response = client.generic("POST", "/api/v1/members", b"--x\r\n", content_type="multipart/form-data")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_a_body_over_the_limit_is_a_413_in_json(token_client, personas, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = token_client(personas["secretariat"])
    response = client.post("/api/v1/members", {"name": "x" * 2000}, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}


def test_unparsable_json_is_a_400_in_json(token_client, personas):
    client = token_client(personas["secretariat"])
    response = client.post("/api/v1/members", '{"name": "x', content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_server_error_in_the_api_is_answered_in_json_in_production(client, settings, monkeypatch):
    from hub.network import api as network_api

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    member = Member.objects.get(slug="sumedang")
    settings.DEBUG = False
    monkeypatch.setattr(network_api, "_member", broken)
    lenient = type(client)(raise_request_exception=False)
    response = lenient.get(f"/api/v1/members/{member.pk}")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith("Server error")


def test_a_digit_that_is_no_number_in_the_path_is_not_a_server_error(client):
    assert client.get("/api/v1/countries/\u00b2").status_code == 404
    assert client.get("/api/v1/members/" + "9" * 5000).status_code == 404
    assert client.get("/api/v1/members", {"offset": "9" * 5000}).status_code == 422


def test_update_texts_have_a_length_limit(token_client, personas):
    """Defect 11: a progress update's narrative took 1 MB."""
    from hub.monitoring.models import UPDATE_TEXT_MAX, ProgressUpdate
    from tests.services.test_monitoring_support import open_cycle, wa_kepo

    project, cycle = wa_kepo(), open_cycle()
    client = token_client(personas["sumedang_officer"])
    body = {"project": project.slug, "cycle": cycle.slug, "status": "ongoing", "progress": 40}
    response = client.post(
        "/api/v1/updates", {**body, "narrative": "x" * (UPDATE_TEXT_MAX + 1)}, content_type="application/json"
    )
    assert response.status_code == 422
    assert any(item["loc"][-1] == "narrative" for item in response.json()["detail"])
    assert not ProgressUpdate.objects.filter(project=project).exists()
    response = client.post("/api/v1/updates", {**body, "milestones": ["m"] * 51}, content_type="application/json")
    assert response.status_code == 422
    ok = client.post("/api/v1/updates", {**body, "narrative": "x" * UPDATE_TEXT_MAX}, content_type="application/json")
    assert ok.status_code == 201, ok.content
