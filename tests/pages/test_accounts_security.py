"""Security basics: the Content-Security-Policy on every response, Argon2 password hashes."""

import pytest

from hub.accounts.models import User
from hub.network.models import Member

pytestmark = pytest.mark.django_db

EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/members/",
        "/members/sumedang/",
        "/governance/",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/accounts/invitation/unknown/",
        "/api/v1/docs",
        "/api/v1/members",
        "/api/v1/openapi.json",
        "/admin/login/",
        "/no-such-page/",
    ],
)
def test_every_response_carries_the_strict_policy(client, path):
    response = client.get(path)
    assert policy(response) == EXPECTED


@pytest.mark.parametrize("path", ["/accounts/me/", "/accounts/tokens/", "/accounts/invitations/", "/admin/"])
def test_signed_in_pages_carry_the_policy(client, personas, path):
    client.force_login(personas["secretariat"])
    personas["secretariat"].is_staff = True
    personas["secretariat"].save()
    response = client.get(path)
    assert response.status_code == 200
    assert policy(response) == EXPECTED


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/"])
def test_account_templates_have_no_inline_script_or_style(client, path):
    html = client.get(path).content.decode()
    assert "style=" not in html
    assert "<style" not in html
    assert "<script>" not in html and "<script " not in html.replace('<script src="', "")


@pytest.mark.argon2
def test_passwords_are_hashed_with_argon2id(personas):
    user = User.objects.get(email="officer@sumedang.example")
    assert user.password.startswith("argon2$argon2id$")
    assert "m=19456,t=2,p=1" in user.password
    assert user.check_password("correct horse battery staple 42")


@pytest.mark.argon2
def test_an_old_pbkdf2_hash_still_works_and_is_upgraded(client):
    from django.contrib.auth.hashers import make_password

    user = User.objects.create(
        email="old@example.org", password=make_password("an old pass phrase 13", hasher="pbkdf2_sha256")
    )
    assert client.login(username="old@example.org", password="an old pass phrase 13")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


def test_member_pages_still_render(client):
    member = Member.objects.get(slug="sumedang")
    assert client.get(member.get_absolute_url()).status_code == 200
