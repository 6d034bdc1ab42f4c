"""The API tokens page: create (shown once), list, revoke; only one's own tokens."""

import re

import pytest

from hub.accounts.models import ApiToken
from hub.accounts.tokens import create_token, revoke_token
from hub.core.models import ChangeEntry
from tests.pages.helpers import text

pytestmark = pytest.mark.django_db

PAGE = "/accounts/tokens/"
TOKEN = re.compile(r'<code class="token-secret" id="new-token">(ascn_\w+_[\w-]+)</code>')


def test_a_created_token_is_shown_once_and_works(client, personas):
    client.force_login(personas["sumedang_officer"])
    response = client.post(PAGE, {"name": "monitoring script", "access": "write", "days": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = TOKEN.search(text(response)).group(1)
    record = ApiToken.objects.get()
    assert record.user == personas["sumedang_officer"]
    assert record.name == "monitoring script" and record.can_write
    assert record.expires_at is not None
    assert token.startswith(record.prefix)
    assert token not in record.digest
    # Later the page lists the token by its prefix only.
    later = text(client.get(PAGE))
    assert token not in later
    assert f"{record.prefix}…" in later and "monitoring script" in later and "read and write" in later
    # And the token is a working bearer token.
    client.logout()
    api = client.get("/api/v1/members", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200
    assert ApiToken.objects.get().last_used_at is not None
    assert ChangeEntry.objects.for_object(record).exists()


def test_a_read_only_token_without_expiry(client, personas):
    client.force_login(personas["partner"])
    client.post(PAGE, {"name": "dashboard", "access": "read", "days": ""})
    record = ApiToken.objects.get()
    assert not record.can_write and record.expires_at is None
    assert "read only" in text(client.get(PAGE))


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "access": "read"}, "This field is required."),
        ({"name": "   ", "access": "read"}, "This field is required."),
        ({"name": "x", "access": "admin"}, "Select a valid choice."),
        ({"name": "x", "access": "read", "days": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"name": "x", "access": "read", "days": "99999"}, "Ensure this value is less than or equal to 3650."),
        ({"name": "x", "access": "read", "days": "soon"}, "Enter a whole number."),
        ({"name": "x" * 101, "access": "read"}, "Ensure this value has at most 100 characters"),
    ],
)
def test_bad_token_input_gets_field_messages(client, personas, data, message):
    client.force_login(personas["sumedang_officer"])
    response = client.post(PAGE, data)
    assert response.status_code == 400
    assert message in text(response)
    assert not ApiToken.objects.exists()
    assert not TOKEN.search(text(response))


def test_revoke(client, personas):
    user = personas["sumedang_officer"]
    record, token = create_token(user=user, name="old script")
    client.force_login(user)
    response = client.post(f"/accounts/tokens/{record.pk}/revoke/")
    assert response.status_code == 302
    assert response["Location"] == PAGE
    record.refresh_from_db()
    assert record.revoked_at is not None
    page = text(client.get(PAGE))
    assert "is revoked" in page and "revoked " in page
    client.logout()
    assert client.get("/api/v1/members", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_revoke_is_a_post(client, personas):
    record, _ = create_token(user=personas["sumedang_officer"], name="x")
    client.force_login(personas["sumedang_officer"])
    assert client.get(f"/accounts/tokens/{record.pk}/revoke/").status_code == 405
    record.refresh_from_db()
    assert record.revoked_at is None


def test_another_users_token_cannot_be_revoked_or_seen(client, personas):
    record, _ = create_token(user=personas["bangkok_officer"], name="bangkok script")
    client.force_login(personas["sumedang_officer"])
    assert client.post(f"/accounts/tokens/{record.pk}/revoke/").status_code == 404
    assert client.post("/accounts/tokens/999999/revoke/").status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None
    assert "bangkok script" not in text(client.get(PAGE))


def test_the_token_list_has_constant_queries(client, personas, django_assert_max_num_queries):
    user = personas["sumedang_officer"]
    client.force_login(user)
    for n in range(3):
        create_token(user=user, name=f"few {n}")
    with django_assert_max_num_queries(10) as few:
        client.get(PAGE)
    few_count = len(few.captured_queries)
    for n in range(40):  # revoked as made: at most MAX_LIVE_TOKENS may be live, and revoked ones are listed
        revoke_token(actor=user, token=create_token(user=user, name=f"many {n}")[0])
    with django_assert_max_num_queries(few_count):
        response = client.get(PAGE)
    assert "Page 1 of 2" in text(response)
