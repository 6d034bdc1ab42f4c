"""Invitations: who may invite whom into which organisation, and the invitee's link."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hub.accounts.models import Invitation, User
from hub.accounts.permissions import scope_for
from hub.core.models import ChangeEntry
from hub.network.models import Organisation
from tests.pages.helpers import section, text

pytestmark = pytest.mark.django_db

PAGE = "/accounts/invitations/"
NEW_PASSWORD = "a fresh pass phrase for 2026"


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def invite(client, user, email: str, organisation_slug: str):
    client.force_login(user)
    return client.post(PAGE, {"email": email, "organisation": org(organisation_slug).pk})


def link_from_mail(message) -> str:
    return re.search(r"http://testserver(/accounts/invitation/[\w-]+/)", message.body).group(1)


@pytest.mark.parametrize(
    "slug", ["gov-bangkok", "gov-sumedang", "adb", "asean-secretariat-connectivity-division", "th-mdes"]
)
def test_the_secretariat_invites_anyone_into_any_organisation(client, personas, slug):
    response = invite(client, personas["secretariat"], "Someone@Example.org", slug)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "someone@example.org"
    assert invitation.organisation.slug == slug
    assert invitation.invited_by == personas["secretariat"]
    assert invitation.accepted_at is None
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=7)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["someone@example.org"]
    assert org(slug).name in mail.outbox[0].subject
    secret = link_from_mail(mail.outbox[0]).split("/")[-2]
    # Only the digest is stored; the secret travels in the e-mail alone.
    assert secret not in invitation.token_digest and len(invitation.token_digest) == 64
    entry = ChangeEntry.objects.for_object(invitation).get()
    assert entry.actor == personas["secretariat"]
    assert entry.changes["email"] == [None, "someone@example.org"]
    page = client.get(PAGE)
    assert "someone@example.org" in text(page) and "Invitation sent" in text(page)


def test_indonesias_national_representative_invites_into_its_members_governments(client, personas):
    client.force_login(personas["indonesia_nr"])
    form = text(client.get(PAGE))
    assert "Sumedang Regency Government" in form
    assert "Bangkok" not in form
    assert "ASEAN Secretariat" not in form
    assert invite(client, personas["indonesia_nr"], "new@sumedang.example", "gov-sumedang").status_code == 302
    assert Invitation.objects.get().organisation.slug == "gov-sumedang"


@pytest.mark.parametrize("slug", ["gov-bangkok", "asean-secretariat-connectivity-division", "kemendagri-bina-adwil"])
def test_a_national_representative_cannot_invite_elsewhere(client, personas, slug):
    response = invite(client, personas["indonesia_nr"], "new@example.org", slug)
    assert response.status_code == 400
    assert "You may not invite people into this organisation." in text(response)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("persona", ["sumedang_officer", "bangkok_officer", "partner"])
def test_officers_and_partners_cannot_invite(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(PAGE).status_code == 403
    response = client.post(PAGE, {"email": "x@example.org", "organisation": org("gov-sumedang").pk})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_anonymous_visitors_cannot_invite(client):
    response = client.post(PAGE, {"email": "x@example.org", "organisation": org("gov-sumedang").pk})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "", "organisation": ""}, "This field is required."),
        ({"email": "not an address", "organisation": "1"}, "Enter a valid email address."),
        ({"email": "x@example.org", "organisation": "abc"}, "You may not invite people into this organisation."),
        ({"email": "x@example.org", "organisation": "999999"}, "You may not invite people into this organisation."),
        ({"email": "officer@sumedang.example"}, "An account with this e-mail address already exists."),
    ],
)
def test_bad_invitation_input_gets_field_messages(client, personas, data, message):
    client.force_login(personas["secretariat"])
    data = {"organisation": str(org("gov-sumedang").pk), **data}
    response = client.post(PAGE, data)
    assert response.status_code == 400
    assert message in text(response)
    assert not Invitation.objects.exists()


@pytest.mark.argon2
def test_accepting_creates_the_user_in_the_organisation_once(client, personas):
    invite(client, personas["indonesia_nr"], "ayu@sumedang.example", "gov-sumedang")
    link = link_from_mail(mail.outbox[0])
    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "Sumedang Regency Government" in text(page) and "ayu@sumedang.example" in text(page)
    response = client.post(link, {"name": "Ayu Lestari", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/me/"
    user = User.objects.get(email="ayu@sumedang.example")
    assert user.name == "Ayu Lestari"
    assert user.organisation.slug == "gov-sumedang"
    assert user.password.startswith("argon2$argon2id$")
    assert scope_for(user).officer_member_ids == {org("gov-sumedang").member_id}
    assert int(client.session["_auth_user_id"]) == user.pk
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None and invitation.accepted_user == user
    created = ChangeEntry.objects.for_object(user).get()
    assert created.changes["organisation"] == [None, "Sumedang Regency Government"]
    assert "password" not in created.changes
    assert ChangeEntry.objects.for_object(invitation).count() == 2
    # The link cannot be used again.
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "already been used" in text(again)
    reuse = client.post(link, {"name": "Mallory", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert reuse.status_code == 410
    assert User.objects.filter(email="ayu@sumedang.example").count() == 1
    assert User.objects.get(email="ayu@sumedang.example").name == "Ayu Lestari"
    assert client.login(username="ayu@sumedang.example", password=NEW_PASSWORD)


def test_an_expired_link_is_refused(client, personas):
    invite(client, personas["secretariat"], "late@example.org", "adb")
    link = link_from_mail(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "This invitation expired on" in text(response)
    post = client.post(link, {"name": "Late", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert post.status_code == 410
    assert not User.objects.filter(email="late@example.org").exists()


@pytest.mark.parametrize("token", ["unknown-token", "x" * 300])
def test_an_unknown_link_is_refused(client, token):
    response = client.get(f"/accounts/invitation/{token}/")
    assert response.status_code == 404
    assert "We do not know this invitation link" in text(response)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, "This field is required."),
        ({"name": "Ayu", "password1": "short", "password2": "short"}, "This password is too short."),
        ({"name": "Ayu", "password1": "12345678901", "password2": "12345678901"}, "entirely numeric"),
        ({"name": "Ayu", "password1": NEW_PASSWORD, "password2": "something else"}, "The two passwords differ."),
        ({"name": "Ayu", "password1": "ayu@sumedang.example", "password2": "ayu@sumedang.example"}, "too similar"),
    ],
)
def test_bad_input_on_the_invitation_page_gets_field_messages(client, personas, data, message):
    invite(client, personas["secretariat"], "ayu@sumedang.example", "gov-sumedang")
    link = link_from_mail(mail.outbox[0])
    client.logout()
    response = client.post(link, data)
    assert response.status_code == 400
    assert message in text(response)
    assert not User.objects.filter(email="ayu@sumedang.example").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_account_made_meanwhile_stops_the_invitation_cleanly(client, personas):
    invite(client, personas["secretariat"], "twice@example.org", "adb")
    link = link_from_mail(mail.outbox[0])
    User.objects.create_user("twice@example.org", "another pass phrase 11")
    client.logout()
    response = client.post(link, {"name": "Twice", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 400
    assert "An account with this e-mail address already exists." in text(response)
    assert Invitation.objects.get().accepted_at is None


def test_the_invitations_list_shows_a_national_representative_only_its_own(client, personas):
    invite(client, personas["secretariat"], "one@example.org", "adb")
    invite(client, personas["indonesia_nr"], "two@sumedang.example", "gov-sumedang")
    client.force_login(personas["indonesia_nr"])
    html = section(text(client.get(PAGE)), "invitations-table")
    assert "two@sumedang.example" in html and "one@example.org" not in html
    client.force_login(personas["secretariat"])
    html = section(text(client.get(PAGE)), "invitations-table")
    assert "two@sumedang.example" in html and "one@example.org" in html


def test_the_invitations_list_has_constant_queries(client, personas, django_assert_max_num_queries):
    client.force_login(personas["secretariat"])
    for n in range(3):
        invite(client, personas["secretariat"], f"few{n}@example.org", "adb")
    with django_assert_max_num_queries(12) as few:
        client.get(PAGE)
    few_count = len(few.captured_queries)
    for n in range(30):
        invite(client, personas["secretariat"], f"many{n}@example.org", "adb")
    with django_assert_max_num_queries(few_count):
        response = client.get(PAGE)
    assert response.status_code == 200


def test_when_the_email_cannot_be_sent_no_invitation_is_left(client, personas, monkeypatch):
    import smtplib

    def refuse(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "mail server away")

    monkeypatch.setattr("hub.accounts.services.send_mail", refuse)
    response = invite(client, personas["secretariat"], "x@example.org", "adb")
    assert response.status_code == 400
    assert "could not be sent" in text(response)
    assert not Invitation.objects.exists()
    assert not ChangeEntry.objects.filter(object_repr__startswith="x@example.org").exists()
