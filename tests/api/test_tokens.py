"""Personal API tokens: who they let in, what they let write, and /api/v1/tokens to list, make and revoke them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hub.accounts.models import ApiToken
from hub.accounts.tokens import create_token
from hub.core.models import ChangeEntry
from hub.network.models import Member
from tests.personas import make_user

pytestmark = pytest.mark.django_db

CSRF_SECRET = "c" * 32


@pytest.fixture
def secretariat():
    return make_user("ascn@asean.example", "asean-secretariat-connectivity-division", password=None)


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def patch_sumedang(client, body, **headers):
    member = Member.objects.get(slug="sumedang")
    return client.patch(f"/api/v1/members/{member.pk}", body, content_type="application/json", **headers)


def expired_token(user) -> str:
    record, token = create_token(user=user, name="old", can_write=True, days=1)
    ApiToken.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    return token


def revoked_token(user) -> str:
    record, token = create_token(user=user, name="revoked", can_write=True)
    ApiToken.objects.filter(pk=record.pk).update(revoked_at=timezone.now())
    return token


# -- Who a token lets in ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(expired_token, id="expired"),
        pytest.param(revoked_token, id="revoked"),
        pytest.param(lambda user: "ascn_00000000_" + "x" * 43, id="unknown"),
        pytest.param(lambda user: "not-even-a-token", id="garbage"),
    ],
)
def test_a_bad_token_is_a_401_for_reads_and_writes_alike(client, secretariat, make):
    token = make(secretariat)
    before = Member.objects.get(slug="sumedang")
    entries = ChangeEntry.objects.count()

    read = client.get("/api/v1/members", **bearer(token))
    write = patch_sumedang(client, {"summary": "Never saved."}, **bearer(token))

    assert read.status_code == 401, "a bad token must not be read as anonymous"
    assert write.status_code == 401
    assert "unknown, expired or revoked" in write.json()["detail"]
    assert Member.objects.get(slug="sumedang").summary == before.summary
    assert ChangeEntry.objects.count() == entries


def test_an_authorization_header_that_is_not_bearer_is_a_401(client):
    response = client.get("/api/v1/members", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_a_read_only_token_reads_but_cannot_write(client, secretariat):
    _, token = create_token(user=secretariat, name="read", can_write=False)
    before = Member.objects.get(slug="sumedang")
    entries = ChangeEntry.objects.count()

    assert client.get("/api/v1/members", **bearer(token)).status_code == 200
    response = patch_sumedang(client, {"summary": "Never saved."}, **bearer(token))
    created = client.post(
        "/api/v1/members", {"name": "Nusantara", "country": "ID"}, content_type="application/json", **bearer(token)
    )

    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert created.status_code == 403
    assert Member.objects.get(slug="sumedang").summary == before.summary
    assert not Member.objects.filter(name="Nusantara").exists()
    assert ChangeEntry.objects.count() == entries


def test_a_read_write_token_writes_as_its_user(client, secretariat):
    _, token = create_token(user=secretariat, name="rw", can_write=True, days=30)
    response = patch_sumedang(client, {"website": "https://www.sumedangkab.go.id"}, **bearer(token))
    assert response.status_code == 200
    entry = ChangeEntry.objects.for_object(Member.objects.get(slug="sumedang")).first()
    assert entry.actor == secretariat and entry.via == "api"


def test_a_token_of_a_deactivated_user_stops_working(client, secretariat):
    _, token = create_token(user=secretariat, name="rw", can_write=True)
    secretariat.is_active = False
    secretariat.save()
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


# -- /api/v1/tokens ---------------------------------------------------------------------------------------


def test_anonymous_cannot_list_or_make_tokens(client):
    assert client.get("/api/v1/tokens").status_code == 401
    assert client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json").status_code == 401


def test_the_list_shows_own_tokens_without_their_secret(client, secretariat):
    _, mine = create_token(user=secretariat, name="laptop", can_write=True, days=90)
    create_token(user=secretariat, name="old", can_write=False)
    other = make_user("officer@sumedang.example", "gov-sumedang", password=None)
    create_token(user=other, name="someone else's")

    response = client.get("/api/v1/tokens", **bearer(mine))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["name"] for item in body["items"]] == ["old", "laptop"]  # newest first
    laptop = body["items"][1]
    assert set(laptop) == {"id", "name", "prefix", "can_write", "created", "expires", "last_used", "revoked", "active"}
    assert laptop["can_write"] is True and laptop["active"] is True
    assert laptop["expires"] and laptop["last_used"] and laptop["revoked"] is None
    assert mine.startswith(laptop["prefix"])
    assert mine not in response.content.decode()
    secret = mine[len(laptop["prefix"]) + 1 :]  # the secret itself may contain "_"
    assert len(secret) >= 40 and secret not in response.content.decode()


def test_the_list_is_paginated_with_constant_queries(client, secretariat, django_assert_max_num_queries):
    _, token = create_token(user=secretariat, name="main", can_write=True)
    for number in range(12):
        create_token(user=secretariat, name=f"t{number}")
    client.get("/api/v1/me", **bearer(token))  # settles last_used, which is written at most every 5 minutes
    with django_assert_max_num_queries(4):  # token, count, page (+ a possible last-used update)
        response = client.get("/api/v1/tokens", {"limit": 5}, **bearer(token))
    assert response.json()["count"] == 13
    assert len(response.json()["items"]) == 5


def test_a_session_makes_a_token_shown_once(secretariat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    client.cookies["csrftoken"] = CSRF_SECRET

    response = client.post(
        "/api/v1/tokens",
        {"name": "curl", "can_write": True, "days": 7},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=CSRF_SECRET,
    )

    assert response.status_code == 201, response.content
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    token = body["token"]
    assert token.startswith(body["prefix"]) and body["can_write"] is True
    assert body["expires"][:10] == (timezone.now() + timedelta(days=7)).date().isoformat()
    record = ApiToken.objects.get(pk=body["id"])
    assert token not in (record.digest, record.prefix)  # only a digest is kept
    # The token works, and is never shown again.
    assert Client().get("/api/v1/me", **bearer(token)).json()["user"]["email"] == "ascn@asean.example"
    assert token not in client.get("/api/v1/tokens").content.decode()
    assert ChangeEntry.objects.for_object(record).get().action == "create"


def test_a_session_without_csrf_token_cannot_make_a_token(secretariat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    response = client.post("/api/v1/tokens", {"name": "curl"}, content_type="application/json")
    assert response.status_code == 403
    assert not ApiToken.objects.filter(user=secretariat).exists()


def test_a_read_write_token_may_make_a_token_a_read_only_one_may_not(client, secretariat):
    _, read_only = create_token(user=secretariat, name="ro")
    _, read_write = create_token(user=secretariat, name="rw", can_write=True)
    body = {"name": "child", "days": 7}
    assert client.post("/api/v1/tokens", body, content_type="application/json", **bearer(read_only)).status_code == 403
    response = client.post("/api/v1/tokens", body, content_type="application/json", **bearer(read_write))
    assert response.status_code == 201
    assert response.json()["can_write"] is False  # read-only unless asked
    assert ApiToken.objects.filter(user=secretariat).count() == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "   "}, "name"),
        ({}, "name"),
        ({"name": "x", "days": 0}, "days"),
        ({"name": "x", "days": 100000}, "days"),
        ({"name": "never expires, made with a token"}, "days"),
        ({"name": "x", "days": 31}, "days"),
        ({"name": "x", "scope": "admin"}, "scope"),
    ],
)
def test_bad_token_requests_are_a_422_naming_the_field(client, secretariat, body, field):
    _, token = create_token(user=secretariat, name="rw", can_write=True)
    response = client.post("/api/v1/tokens", body, content_type="application/json", **bearer(token))
    assert response.status_code == 422
    assert field in {error["loc"][-1] for error in response.json()["detail"]}
    assert ApiToken.objects.filter(user=secretariat).count() == 1


def test_revoking_an_own_token_stops_it_at_once(client, secretariat):
    _, main = create_token(user=secretariat, name="main", can_write=True)
    record, spare = create_token(user=secretariat, name="spare", can_write=True)

    response = client.delete(f"/api/v1/tokens/{record.pk}", **bearer(main))

    assert response.status_code == 200
    assert response.json()["revoked"] and response.json()["active"] is False
    assert client.get("/api/v1/me", **bearer(spare)).status_code == 401
    assert client.get("/api/v1/me", **bearer(main)).status_code == 200
    assert ChangeEntry.objects.for_object(record).filter(action="update").exists()


def test_a_token_can_revoke_itself(client, secretariat):
    record, token = create_token(user=secretariat, name="leaked", can_write=True)
    assert client.delete(f"/api/v1/tokens/{record.pk}", **bearer(token)).status_code == 200
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_another_users_token_is_a_404_and_stays_active(client, secretariat):
    other = make_user("officer@sumedang.example", "gov-sumedang", password=None)
    theirs, their_token = create_token(user=other, name="theirs", can_write=True)
    _, mine = create_token(user=secretariat, name="mine", can_write=True)

    assert client.delete(f"/api/v1/tokens/{theirs.pk}", **bearer(mine)).status_code == 404
    assert client.delete("/api/v1/tokens/999999", **bearer(mine)).status_code == 404
    assert client.get("/api/v1/me", **bearer(their_token)).status_code == 200


def test_a_read_only_token_cannot_revoke(client, secretariat):
    record, token = create_token(user=secretariat, name="ro")
    assert client.delete(f"/api/v1/tokens/{record.pk}", **bearer(token)).status_code == 403
    assert ApiToken.objects.get(pk=record.pk).revoked_at is None


def test_a_token_made_with_a_token_cannot_outlive_it(client, secretariat):
    """Defect 11: a stolen read-write token minted never-expiring tokens that outlived its revocation."""
    _, parent = create_token(user=secretariat, name="rw", can_write=True, days=3)
    body = {"name": "child", "can_write": True, "days": 7}
    response = client.post("/api/v1/tokens", body, content_type="application/json", **bearer(parent))
    assert response.status_code == 422
    assert "outlive" in response.json()["detail"][0]["msg"]
    body["days"] = 2
    assert client.post("/api/v1/tokens", body, content_type="application/json", **bearer(parent)).status_code == 201


def test_live_tokens_per_user_are_bounded(client, secretariat):
    from hub.accounts.tokens import MAX_LIVE_TOKENS

    for n in range(MAX_LIVE_TOKENS):
        create_token(user=secretariat, name=f"t{n}", can_write=True, days=1)
    session = Client()
    session.force_login(secretariat)
    response = session.post("/api/v1/tokens", {"name": "too many"}, content_type="application/json")
    assert response.status_code == 422
    assert ApiToken.objects.filter(user=secretariat).count() == MAX_LIVE_TOKENS


def test_revoking_a_token_revokes_the_tokens_made_with_it(client, secretariat):
    """Issue 9: a token minted by a stolen token must die with it, down every generation; others live on."""
    from hub.core.models import ChangeEntry

    parent_record, parent = create_token(user=secretariat, name="rw", can_write=True, days=10)
    _, sibling = create_token(user=secretariat, name="session-made", can_write=True)
    body = {"name": "child", "can_write": True, "days": 5}
    child = client.post("/api/v1/tokens", body, content_type="application/json", **bearer(parent)).json()["token"]
    body = {"name": "grandchild", "can_write": False, "days": 2}
    grandchild = client.post("/api/v1/tokens", body, content_type="application/json", **bearer(child)).json()["token"]
    for token in (parent, child, grandchild, sibling):
        assert client.get("/api/v1/me", **bearer(token)).status_code == 200

    assert client.delete(f"/api/v1/tokens/{parent_record.pk}", **bearer(sibling)).status_code == 200

    for token in (parent, child, grandchild):
        assert client.get("/api/v1/me", **bearer(token)).status_code == 401
    assert client.get("/api/v1/me", **bearer(sibling)).status_code == 200
    notes = list(
        ChangeEntry.objects.filter(note__contains=f"made with {parent_record.prefix}").values_list("note", flat=True)
    )
    assert len(notes) == 2, notes
