"""Writes with the browser session: they need the CSRF token, like every form of the site."""

import pytest
from django.test import Client

from hub.core.models import ChangeEntry
from hub.network.models import Member
from tests.personas import make_user

pytestmark = pytest.mark.django_db

CSRF_SECRET = "a" * 32  # what Django keeps in the csrftoken cookie; the header may carry it unmasked


def session_client(persona_email: str, organisation: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(persona_email, organisation, password=None))
    return client


def patch(client, url, body, **headers):
    return client.patch(url, body, content_type="application/json", **headers)


def with_csrf(client: Client) -> dict:
    client.cookies["csrftoken"] = CSRF_SECRET
    return {"HTTP_X_CSRFTOKEN": CSRF_SECRET}


def test_session_write_without_csrf_token_is_refused_and_changes_nothing():
    client = session_client("officer@sumedang.example", "gov-sumedang")
    member = Member.objects.get(slug="sumedang")
    entries = ChangeEntry.objects.count()

    response = patch(client, f"/api/v1/members/{member.pk}", {"website": "https://evil.example"})

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert Member.objects.get(pk=member.pk).website == member.website
    assert ChangeEntry.objects.count() == entries


def test_session_write_with_a_wrong_csrf_token_is_refused():
    client = session_client("officer@sumedang.example", "gov-sumedang")
    client.cookies["csrftoken"] = CSRF_SECRET
    member = Member.objects.get(slug="sumedang")
    response = patch(client, f"/api/v1/members/{member.pk}", {"summary": "x"}, HTTP_X_CSRFTOKEN="b" * 32)
    assert response.status_code == 403
    assert Member.objects.get(pk=member.pk).summary == member.summary


def test_session_write_with_csrf_token_works_and_is_logged_as_the_user():
    client = session_client("officer@sumedang.example", "gov-sumedang")
    member = Member.objects.get(slug="sumedang")

    response = patch(
        client, f"/api/v1/members/{member.pk}", {"website": "https://www.sumedangkab.go.id"}, **with_csrf(client)
    )

    assert response.status_code == 200, response.content
    entry = ChangeEntry.objects.for_object(member).first()
    assert entry.actor.email == "officer@sumedang.example"
    assert entry.via == "api"
    assert entry.changes["website"] == [member.website, "https://www.sumedangkab.go.id"]


def test_session_rights_are_the_users_rights():
    client = session_client("officer@sumedang.example", "gov-sumedang")
    bangkok = Member.objects.get(slug="bangkok")
    sumedang = Member.objects.get(slug="sumedang")
    headers = with_csrf(client)
    assert patch(client, f"/api/v1/members/{bangkok.pk}", {"summary": "x"}, **headers).status_code == 403
    assert patch(client, f"/api/v1/members/{sumedang.pk}", {"kind": "city"}, **headers).status_code == 403
    assert Member.objects.get(pk=sumedang.pk).kind == "regency"


def test_secretariat_session_can_create_with_csrf_token():
    client = session_client("ascn@asean.example", "asean-secretariat-connectivity-division")
    body = {"name": "Ibu Kota Nusantara", "kind": "city", "country": "ID"}
    assert client.post("/api/v1/members", body, content_type="application/json").status_code == 403
    assert not Member.objects.filter(name="Ibu Kota Nusantara").exists()
    response = client.post("/api/v1/members", body, content_type="application/json", **with_csrf(client))
    assert response.status_code == 201, response.content


def test_reads_with_a_session_need_no_csrf_token():
    client = session_client("officer@sumedang.example", "gov-sumedang")
    assert client.get(f"/api/v1/members/{Member.objects.get(slug='sumedang').pk}").status_code == 200
    assert client.get("/api/v1/me").json()["auth"]["method"] == "session"


def test_after_logout_the_session_cannot_write():
    client = session_client("officer@sumedang.example", "gov-sumedang")
    client.logout()
    member = Member.objects.get(slug="sumedang")
    response = patch(client, f"/api/v1/members/{member.pk}", {"summary": "x"}, **with_csrf(client))
    assert response.status_code == 401
    assert Member.objects.get(pk=member.pk).summary == member.summary
