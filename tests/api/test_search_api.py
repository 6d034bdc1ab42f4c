"""GET /api/v1/search and GET /api/v1/match: results, permissions, bad input (never a 500)."""

from __future__ import annotations

import pytest
from django.test import Client

from hub.core.services import create_record
from hub.network.models import Member
from hub.projects.models import FocusArea, Project
from hub.search.matchindex import reset_index
from tests.services.test_monitoring_support import COMMAND, draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_match_index():
    reset_index()
    yield
    reset_index()


def make_project(slug, title, description, *, member, language="en", areas=("civic-social",)):
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


@pytest.fixture
def flood_projects():
    return [
        make_project(
            "tidal-pumps",
            "Tidal flood pumps and sea wall",
            "Pumps and a sea wall keep tidal floods out of the coastal districts in the rainy season.",
            member="bangkok",
            areas=("safety-security", "built-infrastructure"),
        ),
        make_project(
            "sistem-peringatan-banjir",
            "Sistem peringatan dini banjir",
            "Sensor ketinggian air di sungai mengirim data ke ruang kendali dan sirene memperingatkan warga "
            "sebelum banjir datang.",
            member="sumedang",
            language="id",
            areas=("safety-security",),
        ),
        make_project(
            "elderly-online",
            "Digital skills for older residents",
            "Volunteers teach elderly citizens to use online public services on their phones.",
            member="bangkok",
            areas=("civic-social",),
        ),
    ]


def test_search_answers_count_items_and_facets(client):
    body = client.get("/api/v1/search", {"q": "Sumedang"}).json()
    assert body["count"] >= 1
    assert {"kind", "id", "title", "url", "snippet", "country", "focus_areas", "status", "is_demo"} <= set(
        body["items"][0]
    )
    assert set(body["facets"]) == {"kind", "country", "status", "focus_area"}


def test_search_filters_by_kind_and_country(client, flood_projects):
    body = client.get("/api/v1/search", {"q": "banjir", "kind": "project", "country": "th"}).json()
    assert [item["title"] for item in body["items"]] == ["Tidal flood pumps and sea wall"]


def test_drafts_in_search_only_with_the_right_token_or_session(client, personas):
    draft(personas, narrative="Seaweed cooperative started.")
    assert client.get("/api/v1/search", {"q": "seaweed"}).json()["count"] == 0
    officer = Client()
    officer.force_login(personas["sumedang_officer"])
    assert officer.get("/api/v1/search", {"q": "seaweed"}).json()["count"] == 1


@pytest.mark.parametrize(
    "q",
    ['"unbalanced', "flood*", "NEAR(a b)", "-flood", "x'; DROP TABLE x;--", "ນ້ຳຖ້ວມ banjir 洪水", "x" * 500],
)
def test_search_bad_input_never_500(client, q):
    response = client.get("/api/v1/search", {"q": q})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [{}, {"q": ""}, {"q": "   "}, {"q": "x" * 2000}, {"q": "a", "kind": "nope"}, {"q": "a", "focus_area": "x"}],
)
def test_search_unsearchable_input_gets_422_with_field_messages(client, params):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"]


def test_match_finds_across_languages_and_says_why(client, flood_projects):
    body = client.get(
        "/api/v1/match", {"text": "Our river town floods every monsoon and people get no warning.", "member": "bangkok"}
    ).json()
    first = body["items"][0]
    assert first["slug"] == "sistem-peringatan-banjir"  # an English question finds the Indonesian project
    assert {"query": "warning", "project": "peringatan"} in first["terms"] or any(
        t["project"] != t["query"] for t in first["terms"]
    )
    assert first["contact"] is not None  # Sumedang's local government, whose people are its officers


def test_match_indonesian_question_finds_english_project(client, flood_projects):
    body = client.get(
        "/api/v1/match", {"text": "Lansia di kota kami tidak bisa memakai layanan daring.", "member": "sumedang"}
    ).json()
    assert body["items"][0]["slug"] == "elderly-online"


def test_match_never_returns_the_asking_member_s_projects(client, flood_projects):
    for member in ("bangkok", "sumedang"):
        body = client.get("/api/v1/match", {"text": "banjir flood warning pumps", "member": member, "limit": 50}).json()
        assert body["count"] >= 1
        assert all(item["member_slug"] != member for item in body["items"])


def test_match_uses_focus_areas_the_caller_gives(client, flood_projects):
    body = client.get("/api/v1/match", {"text": "flood", "focus_area": "built-infrastructure"}).json()
    pumps = next(i for i in body["items"] if i["slug"] == "tidal-pumps")
    assert "built-infrastructure" in pumps["focus_areas"]


def test_match_sees_a_project_edit_at_once(client, personas, flood_projects):
    from hub.projects import services

    client.get("/api/v1/match", {"text": "flood"})
    services.update_project(
        actor=personas["secretariat"],
        project=flood_projects[2],
        data={"title": "Mangrove replanting", "description": "Mangroves replanted along the shore."},
    )
    body = client.get("/api/v1/match", {"text": "mangrove replanting along the shore"}).json()
    assert body["items"][0]["title"] == "Mangrove replanting"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"text": ""},
        {"text": "x" * 6000},
        {"text": "flood", "member": "no-such-member"},
        {"text": "flood", "limit": 0},
        {"text": "flood", "limit": 1000},
        {"text": "flood", "help_wanted": "money"},
        {"text": "flood", "focus_area": "nope"},
    ],
)
def test_match_bad_input_gets_422(client, params):
    response = client.get("/api/v1/match", params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"]


@pytest.mark.parametrize("text", ['"unbalanced', "NEAR(x) * -y", "'; DROP TABLE x;--", "ນ້ຳຖ້ວມ 洪水 banjir"])
def test_match_odd_text_gets_a_result(client, flood_projects, text):
    assert client.get("/api/v1/match", {"text": text, "help_wanted": "knowledge"}).status_code == 200


def _queries(client, url, params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_search_and_match_cost_a_constant_number_of_queries(client, personas):
    officer = Client()
    officer.force_login(personas["sumedang_officer"])
    make_project("few-1", "Flood gauge one", "Flood gauge.", member="bangkok")
    client.get("/api/v1/match", {"text": "flood gauge"})  # vectors computed once, outside the count
    few = (_queries(officer, "/api/v1/search", {"q": "flood"}), _queries(client, "/api/v1/match", {"text": "flood"}))
    for i in range(12):
        make_project(f"more-{i}", f"Flood gauge {i}", "Flood gauge on the river.", member="bangkok")
    client.get("/api/v1/match", {"text": "flood gauge"})
    many = (_queries(officer, "/api/v1/search", {"q": "flood"}), _queries(client, "/api/v1/match", {"text": "flood"}))
    assert many == few


@pytest.mark.parametrize(("url", "name"), [("/api/v1/search", "q"), ("/api/v1/match", "text")])
def test_a_nul_in_the_query_is_a_422_naming_the_parameter(client, url, name):
    # PostgreSQL cannot hold NUL: the request guard (hub/core/guard.py) refuses it before any query.
    response = client.get(url, {name: "a\x00b"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", name]
    assert "NUL" in response.json()["detail"][0]["msg"]
