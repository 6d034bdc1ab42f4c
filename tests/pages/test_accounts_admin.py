"""The admin for accounts: users (changes logged), invitations, tokens and the change log read-only."""

import pytest

from hub.accounts.models import ApiToken, Invitation, User
from hub.accounts.tokens import create_token
from hub.core.models import ChangeEntry
from hub.network.models import Organisation
from tests.pages.helpers import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, db):
    user = User.objects.create_superuser("operator@example.org", "operator pass phrase 14")
    client.force_login(user)
    return user


def test_user_admin_lists_and_searches(client, operator, personas, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get("/admin/accounts/user/")
    assert response.status_code == 200
    assert "officer@sumedang.example" in text(response)
    found = text(client.get("/admin/accounts/user/", {"q": "kemendagri"}))
    assert "nr@kemendagri.example" in found and "officer@sumedang.example" not in found


def test_adding_a_user_in_the_admin_is_logged_without_the_password(client, operator):
    organisation = Organisation.objects.get(slug="gov-bangkok")
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New.Officer@Bangkok.example",
            "name": "New Officer",
            "organisation": organisation.pk,
            "usable_password": "true",
            "password1": "a new officer pass 15",
            "password2": "a new officer pass 15",
        },
    )
    assert response.status_code == 302, text(response)
    user = User.objects.get(email="new.officer@bangkok.example")
    assert user.organisation == organisation
    entry = ChangeEntry.objects.for_object(user).get()
    assert entry.actor == operator and entry.via == "admin" and entry.action == "create"
    assert entry.changes["organisation"] == [None, organisation.name]
    assert "password" not in entry.changes


def test_a_duplicate_email_in_the_admin_gets_a_message(client, operator, personas):
    response = client.post(
        "/admin/accounts/user/add/",
        {"email": "OFFICER@sumedang.example", "usable_password": "false"},
    )
    assert response.status_code == 200
    assert "An account with this e-mail address already exists." in text(response)


def test_changing_a_users_organisation_is_logged_before_and_after(client, operator, personas):
    user = personas["sumedang_officer"]
    response = client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert response.status_code == 200
    bangkok = Organisation.objects.get(slug="gov-bangkok")
    response = client.post(
        f"/admin/accounts/user/{user.pk}/change/",
        {
            "email": user.email,
            "name": user.name,
            "organisation": bangkok.pk,
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, text(response)
    entry = ChangeEntry.objects.for_object(user).get()
    assert entry.changes == {"organisation": ["Sumedang Regency Government", bangkok.name]}
    assert entry.via == "admin"


def test_setting_a_password_in_the_admin_is_logged(client, operator, personas):
    user = personas["sumedang_officer"]
    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"usable_password": "true", "password1": "set by the operator 16", "password2": "set by the operator 16"},
    )
    assert response.status_code == 302
    entry = ChangeEntry.objects.for_object(user).get()
    assert set(entry.changes) == {"password"}
    assert "set by the operator" not in str(entry.changes)


def test_invitations_are_read_only_in_the_admin(client, operator, personas):
    from datetime import timedelta

    from django.utils import timezone

    invitation = Invitation.objects.create(
        email="x@example.org",
        organisation=Organisation.objects.get(slug="adb"),
        invited_by=personas["secretariat"],
        token_digest="a" * 64,
        expires_at=timezone.now() + timedelta(days=7),
    )
    assert client.get("/admin/accounts/invitation/").status_code == 200
    page = client.get(f"/admin/accounts/invitation/{invitation.pk}/change/")
    assert page.status_code == 200
    assert "a" * 64 not in text(page)
    assert 'name="_save"' not in text(page)
    assert client.get("/admin/accounts/invitation/add/").status_code == 403
    assert client.post(f"/admin/accounts/invitation/{invitation.pk}/delete/").status_code == 403
    client.post(f"/admin/accounts/invitation/{invitation.pk}/change/", {"email": "y@example.org"})
    invitation.refresh_from_db()
    assert invitation.email == "x@example.org"


def test_api_tokens_are_read_only_and_never_show_the_digest(client, operator, personas):
    record, _ = create_token(user=personas["partner"], name="dash")
    page = client.get(f"/admin/accounts/apitoken/{record.pk}/change/")
    assert page.status_code == 200
    assert record.prefix in text(page)
    assert record.digest not in text(page)
    assert record.digest not in text(client.get("/admin/accounts/apitoken/"))
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
    assert client.post(f"/admin/accounts/apitoken/{record.pk}/delete/").status_code == 403
    assert ApiToken.objects.filter(pk=record.pk).exists()


def test_the_change_log_cannot_be_edited_or_deleted_in_the_admin(client, operator):
    entry = ChangeEntry.objects.order_by("pk").first()
    assert client.get("/admin/core/changeentry/").status_code == 200
    page = client.get(f"/admin/core/changeentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in text(page)
    assert client.get("/admin/core/changeentry/add/").status_code == 403
    assert client.post(f"/admin/core/changeentry/{entry.pk}/delete/").status_code == 403
    response = client.post(
        "/admin/core/changeentry/", {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert ChangeEntry.objects.filter(pk=entry.pk).exists()
    client.post(f"/admin/core/changeentry/{entry.pk}/change/", {"note": "tampered"})
    entry.refresh_from_db()
    assert entry.note != "tampered"
