"""Sessions (hub/core/sessions.py: Django's database sessions, read with plain SQL): a signed-in visitor stays
signed in from page to page, an expired, deleted or unknown session signs nobody in, and signing out ends it."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.personas import PASSWORD, make_persona

pytestmark = pytest.mark.django_db


def _signed_in_as(client, email: str) -> bool:
    return 'action="/accounts/logout/"' in client.get("/members/").content.decode() and (
        client.get("/accounts/me/").status_code == 200
    )


def _sign_in(client) -> str:
    user = make_persona("secretariat")
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return user.email


def test_a_session_keeps_its_visitor_signed_in(client):
    email = _sign_in(client)
    assert _signed_in_as(client, email)
    assert _signed_in_as(client, email)  # read again on the next request


def test_an_expired_session_signs_nobody_in(client):
    email = _sign_in(client)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not _signed_in_as(client, email)
    assert client.get("/accounts/me/").status_code == 302  # to the sign-in page


def test_a_deleted_or_unknown_session_signs_nobody_in(client):
    email = _sign_in(client)
    Session.objects.all().delete()
    assert not _signed_in_as(client, email)
    client.cookies["sessionid"] = "x" * 32
    assert not _signed_in_as(client, email)


def test_signing_out_ends_the_session(client):
    email = _sign_in(client)
    key = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # the old cookie, replayed
    assert not _signed_in_as(client, email)
