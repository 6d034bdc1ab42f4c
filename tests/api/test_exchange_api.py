"""The challenges API: list with the page's filters, detail, writes with ETag/If-Match, drafts hidden."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.accounts.tokens import create_token
from hub.exchange.models import Challenge
from tests.personas import PERSONAS, make_user
from tests.services.test_exchange_support import make_challenge, officer_of

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": "Bearer " + create_token(user=user, name="t", can_write=True)[1]}


def user(persona: str):
    email, organisation = PERSONAS[persona]
    return make_user(email, organisation, password=None)


BODY = {
    "member": "sumedang",
    "title": "Older citizens do not use the online services",
    "text": "Warga lansia tidak memakai layanan daring.",
    "language": "id",
    "focus_areas": ["civic-social"],
    "severity": 3,
    "wants_knowledge": True,
    "published": True,
}


def test_an_officer_posts_and_edits_with_if_match(client):
    officer = user("sumedang_officer")
    response = client.post("/api/v1/challenges", BODY, content_type="application/json", **bearer(officer))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["member"]["slug"] == "sumedang" and data["help_wanted"] == ["knowledge"]
    assert [fa["code"] for fa in data["focus_areas"]] == ["civic-social"]
    url = response["Location"]
    etag = response["ETag"]
    assert etag == f'"challenge-{data["id"]}-v1"'
    changed = client.patch(url, {"severity": 4}, content_type="application/json", HTTP_IF_MATCH=etag, **bearer(officer))
    assert changed.status_code == 200 and changed.json()["severity"] == 4
    stale = client.patch(url, {"severity": 1}, content_type="application/json", HTTP_IF_MATCH=etag, **bearer(officer))
    assert stale.status_code == 412
    assert Challenge.objects.get().severity == 4


def test_writes_are_refused_to_the_others(client):
    anonymous = client.post("/api/v1/challenges", BODY, content_type="application/json")
    assert anonymous.status_code == 401
    for persona in ("bangkok_officer", "indonesia_nr", "secretariat", "partner"):
        response = client.post("/api/v1/challenges", BODY, content_type="application/json", **bearer(user(persona)))
        assert response.status_code == 403, persona
    assert not Challenge.objects.exists()


def test_bad_input_is_a_422_naming_the_field(client):
    officer = user("sumedang_officer")
    for body, field in (
        ({**BODY, "focus_areas": ["nope"]}, "focus_areas"),
        ({**BODY, "member": "atlantis"}, "member"),
        ({**BODY, "severity": 9}, "severity"),
        ({**BODY, "title": "x" * 201}, "title"),
        ({**BODY, "status": "solved"}, "solution"),
    ):
        response = client.post("/api/v1/challenges", body, content_type="application/json", **bearer(officer))
        assert response.status_code == 422, (field, response.content)
        assert field in str(response.json()["detail"]), field
    assert not Challenge.objects.exists()


def test_the_nr_classifies_but_may_not_rewrite(client, personas):
    challenge = make_challenge(personas["sumedang_officer"])
    nr = bearer(personas["indonesia_nr"])
    url = f"/api/v1/challenges/{challenge.pk}"
    ok = client.patch(url, {"severity": 1, "focus_areas": ["safety-security"]}, content_type="application/json", **nr)
    assert ok.status_code == 200, ok.content
    assert client.patch(url, {"title": "Mine now"}, content_type="application/json", **nr).status_code == 403


def test_drafts_are_404_for_those_who_may_not_read_them(client, personas):
    draft = make_challenge(personas["sumedang_officer"])
    public = make_challenge(personas["sumedang_officer"], published=True, title="Public one")
    assert client.get(f"/api/v1/challenges/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/challenges/{public.pk}").status_code == 200
    assert [c["id"] for c in client.get("/api/v1/challenges").json()["items"]] == [public.pk]
    nr_view = client.get("/api/v1/challenges", **bearer(personas["indonesia_nr"])).json()
    assert nr_view["count"] == 2
    thai = client.get(f"/api/v1/challenges/{draft.pk}", **bearer(personas["thailand_nr"]))
    assert thai.status_code == 404


def test_filters_are_the_pages_and_bad_ones_a_422(client, personas):
    make_challenge(personas["sumedang_officer"], published=True)
    make_challenge(
        officer_of("makassar"),
        "makassar",
        published=True,
        title="Doctors",
        focus_areas=["health-well-being"],
        wants_knowledge=False,
        wants_funding=True,
        severity=1,
    )
    get = lambda **q: client.get("/api/v1/challenges", q).json()["count"]  # noqa: E731
    assert get() == 2
    assert get(help="funding") == 1 and get(focus_area="health-well-being") == 1
    assert get(min_severity=3) == 1 and get(member="makassar") == 1 and get(country="TH") == 0
    assert get(q="doctors") == 1 and get(q="floods") == 2
    assert client.get("/api/v1/challenges", {"min_severity": 7}).status_code == 422


def test_the_list_costs_the_same_queries_whatever_the_page(client, personas):
    for n in range(6):
        make_challenge(personas["sumedang_officer"], published=True, title=f"Challenge {n}")
    counts = {}
    for limit in (50, 2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/challenges", {"limit": limit})
        assert response.status_code == 200
        counts[limit] = len(queries)
    assert counts[50] == counts[2] <= 3  # a count, a page, the focus areas


def test_nul_characters_and_odd_queries_get_a_message_never_a_500(client):
    officer = bearer(user("sumedang_officer"))
    for params in ({"q": "banjir\x00"}, {"q": "x" * 101}, {"q": "' OR 1=1 --"}, {"q": '"unbalanced'}):
        response = client.get("/api/v1/challenges", params)
        assert response.status_code in (200, 422), params
    assert client.get("/api/v1/challenges", {"q": "a\x00"}).status_code == 422
    assert client.get("/challenges/", {"q": "a\x00"}).status_code == 400
    body = {**BODY, "text": "Flooding\x00"}
    response = client.post("/api/v1/challenges", body, content_type="application/json", **officer)
    assert response.status_code == 422 and "text" in str(response.json())
    sent = client.post(
        "/api/v1/collaboration-requests",
        {"from_member": "sumedang", "to_member": "bangkok", "kind": "study_visit", "subject": "S", "message": "M\x00"},
        content_type="application/json",
        **officer,
    )
    assert sent.status_code == 422 and "message" in str(sent.json())
    assert not Challenge.objects.exists()


def test_a_request_to_no_member_is_a_422_on_the_field_not_a_server_error(client, personas):
    # Found by the API fuzzing: a reference to nothing was checked outside the error handling.
    body = {"from_member": 0, "to_member": "bangkok", "kind": "study_visit", "subject": "s", "message": "m"}
    response = client.post(
        "/api/v1/collaboration-requests", body, content_type="application/json", **bearer(personas["sumedang_officer"])
    )
    assert response.status_code == 422
    assert "from_member" in response.content.decode()
