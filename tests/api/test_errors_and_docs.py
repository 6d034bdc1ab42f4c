"""Bad input is a 422 with the field named, unknown ids a JSON 404, and the OpenAPI schema builds."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/members", {"as_of": "2024-13-01"}, "as_of"),
        ("/api/v1/members", {"joined": "abc"}, "joined"),
        ("/api/v1/members", {"kind": "village"}, "kind"),
        ("/api/v1/members", {"status": "emperor"}, "status"),
        ("/api/v1/role-terms", {"role": "king"}, "role"),
        ("/api/v1/role-terms", {"as_of": "yesterday"}, "as_of"),
        ("/api/v1/memberships", {"year": "soon"}, "year"),
        ("/api/v1/members", {"limit": "0"}, "limit"),
        ("/api/v1/members", {"offset": "-1"}, "offset"),
        ("/api/v1/members/sumedang", {}, "member_id"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, url, params, field):
    response = client.get(url, params)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert any(error["loc"][-1] == field and error["msg"] for error in errors), errors


def test_a_limit_over_500_is_rejected_not_clamped(client):
    assert client.get("/api/v1/members", {"limit": 500}).status_code == 200
    response = client.get("/api/v1/members", {"limit": 501})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "limit"


def test_blank_parameters_from_a_form_are_ignored(client):
    response = client.get("/api/v1/members", {"q": "", "country": "", "kind": "", "as_of": "2024-06-30"})
    assert response.status_code == 200
    assert response.json()["count"] == 31


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/members/999999",
        "/api/v1/countries/xx",
        "/api/v1/organisations/999999",
        "/api/v1/role-terms/999999",
    ],
)
def test_unknown_id_is_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith("Not Found")


def test_openapi_schema_has_every_path_with_a_summary(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    expected = {
        "/api/v1/countries",
        "/api/v1/countries/{code}",
        "/api/v1/members",
        "/api/v1/members/{member_id}",
        "/api/v1/memberships",
        "/api/v1/organisations",
        "/api/v1/organisations/{organisation_id}",
        "/api/v1/people",
        "/api/v1/role-terms",
        "/api/v1/role-terms/{term_id}",
    }
    assert expected <= set(paths)
    for path in expected:
        assert paths[path]["get"]["summary"]
    parameters = {p["name"]: p for p in paths["/api/v1/members"]["get"]["parameters"]}
    assert {"q", "country", "kind", "status", "joined", "as_of", "limit", "offset"} <= set(parameters)
    assert parameters["as_of"]["description"]
    assert parameters["limit"]["schema"]["maximum"] == 500


def test_docs_page_answers(client):
    assert client.get("/api/v1/docs").status_code == 200
