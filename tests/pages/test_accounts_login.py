"""Signing in and out, the sign-in throttle, password change and password reset by e-mail."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hub.accounts.models import LoginFailure
from tests.pages.helpers import text
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
THROTTLED = "Too many failed sign-in attempts"


def attempt(client, email, password, ip="10.1.1.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def reset_password(client, email: str, new: str = "a completely new pass phrase 9") -> str:
    """Ask for the reset e-mail, follow its link and set ``new``; answers ``new``."""
    client.post("/accounts/password/reset/", {"email": email})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", mail.outbox[-1].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": new, "new_password2": new})
    return new


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_has_labelled_fields(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = text(response)
    assert '<label for="id_username">E-mail address:</label>' in html
    assert '<label for="id_password">Password:</label>' in html
    assert 'href="/accounts/password/reset/"' in html


def test_login_with_email_and_password_lands_on_my_work(client, personas):
    response = attempt(client, "officer@sumedang.example", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/me/"
    assert signed_in(client)


def test_login_ignores_the_case_of_the_email(client, personas):
    response = attempt(client, "  Officer@Sumedang.EXAMPLE ", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_login_follows_a_safe_next_and_refuses_another_site(client, personas):
    response = client.post(
        LOGIN + "?next=/accounts/tokens/", {"username": "officer@sumedang.example", "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/tokens/"
    client.logout()
    response = client.post(
        LOGIN + "?next=https://evil.example/", {"username": "officer@sumedang.example", "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/me/"


def test_wrong_password_gets_a_message_and_is_counted(client, personas):
    response = attempt(client, "officer@sumedang.example", "not the password")
    assert response.status_code == 200
    assert "The e-mail address or the password is not right" in text(response)
    assert not signed_in(client)
    assert LoginFailure.objects.filter(email="officer@sumedang.example", ip="10.1.1.1").count() == 1


@pytest.mark.parametrize(
    "data",
    [{}, {"username": "", "password": ""}, {"username": "not an address", "password": "x"}, {"username": "a" * 300}],
)
def test_bad_login_input_gets_field_messages(client, data):
    response = client.post(LOGIN, data)
    assert response.status_code == 200
    assert 'class="field-errors"' in text(response)
    assert LoginFailure.objects.count() == 0


def test_sixth_attempt_is_refused_even_with_the_right_password(client, personas):
    for _ in range(5):
        assert "not right" in text(attempt(client, "officer@sumedang.example", "wrong"))
    response = attempt(client, "officer@sumedang.example", PASSWORD)
    assert response.status_code == 200
    assert THROTTLED in text(response)
    assert "15 minutes" in text(response)
    assert not signed_in(client)
    # A stranger's failures do not lock the account: from its own network the officer still signs in.
    assert attempt(client, "officer@sumedang.example", PASSWORD, ip="10.9.9.9").status_code == 302


def test_the_throttle_does_not_tell_whether_an_account_exists(client, personas):
    for email, ip in (("officer@sumedang.example", "10.2.0.1"), ("nobody@nowhere.example", "10.2.0.2")):
        for _ in range(5):
            attempt(client, email, "wrong", ip=ip)
    known = text(attempt(client, "officer@sumedang.example", "wrong", ip="10.2.0.1"))
    unknown = text(attempt(client, "nobody@nowhere.example", "wrong", ip="10.2.0.2"))
    assert THROTTLED in known and THROTTLED in unknown

    def plain(html, email):
        return re.sub(r'value="[^"]*"', "", html.replace(email, "X"))

    assert plain(known, "officer@sumedang.example") == plain(unknown, "nobody@nowhere.example")


def test_failures_with_made_up_emails_do_not_pause_others_behind_the_same_proxy(client, personas):
    """Defect 1: behind a proxy every user may share one address; a stranger's guesses must not lock them."""
    for n in range(10):
        attempt(client, f"guess{n}@example.org", "wrong", ip="10.3.3.3")
    assert attempt(client, "ascn@asean.example", PASSWORD, ip="10.3.3.3").status_code == 302


def test_many_failures_from_one_address_pause_that_address(client, personas, settings):
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 12
    for n in range(12):
        attempt(client, f"guess{n}@example.org", "wrong", ip="10.3.3.4")
    assert THROTTLED in text(attempt(client, "officer@sumedang.example", PASSWORD, ip="10.3.3.4"))
    assert attempt(client, "officer@sumedang.example", PASSWORD, ip="10.4.4.4").status_code == 302


def test_many_addresses_guessing_one_email_pause_it_until_a_reset(client, personas, settings):
    settings.LOGIN_THROTTLE_EMAIL_ATTEMPTS = 12
    for n in range(12):
        attempt(client, "officer@sumedang.example", "wrong", ip=f"10.8.0.{n}")
    assert THROTTLED in text(attempt(client, "officer@sumedang.example", PASSWORD, ip="10.8.1.1"))
    new = reset_password(client, "officer@sumedang.example")
    assert attempt(client, "officer@sumedang.example", new, ip="10.8.1.1").status_code == 302


def test_success_clears_the_emails_failures(client, personas):
    for _ in range(4):
        attempt(client, "officer@sumedang.example", "wrong", ip="10.5.5.1")
    assert attempt(client, "officer@sumedang.example", PASSWORD, ip="10.5.5.2").status_code == 302
    assert not LoginFailure.objects.filter(email="officer@sumedang.example").exists()
    client.logout()
    for _ in range(4):
        attempt(client, "officer@sumedang.example", "wrong", ip="10.5.5.3")
    assert attempt(client, "officer@sumedang.example", PASSWORD, ip="10.5.5.4").status_code == 302


def test_failures_older_than_the_window_do_not_count(client, personas):
    old = timezone.now() - timedelta(minutes=16)
    LoginFailure.objects.bulk_create(
        LoginFailure(email="officer@sumedang.example", ip="10.6.6.6", at=old) for _ in range(10)
    )
    assert attempt(client, "officer@sumedang.example", PASSWORD, ip="10.6.6.6").status_code == 302


def test_logout_is_a_post(client, personas):
    client.force_login(personas["sumedang_officer"])
    assert client.get("/accounts/logout/").status_code == 405
    assert signed_in(client)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not signed_in(client)


@pytest.mark.parametrize(
    "path", ["/accounts/me/", "/accounts/tokens/", "/accounts/invitations/", "/accounts/password/"]
)
def test_account_pages_ask_anonymous_visitors_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")


def test_password_change(client, personas):
    client.force_login(personas["sumedang_officer"])
    page = client.get("/accounts/password/")
    assert page.status_code == 200
    bad = client.post("/accounts/password/", {"old_password": "wrong", "new_password1": "x", "new_password2": "y"})
    assert bad.status_code == 200
    html = text(bad)
    assert "Your old password was entered incorrectly" in html
    assert 'aria-invalid="true"' in html
    new = "a completely new pass phrase 7"
    good = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert good.status_code == 302
    assert good["Location"] == "/accounts/password/done/"
    client.logout()
    assert client.login(username="officer@sumedang.example", password=new)


def test_password_reset_by_email(client, personas):
    response = client.post("/accounts/password/reset/", {"email": "Officer@Sumedang.example"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@sumedang.example"]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert "Choose a new password" in text(form)
    set_url = form.redirect_chain[-1][0]
    short = client.post(set_url, {"new_password1": "abc", "new_password2": "abc"})
    assert short.status_code == 200
    assert "This password is too short" in text(short)
    new = "a completely new pass phrase 8"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/done/"
    assert client.login(username="officer@sumedang.example", password=new)
    # The link works once.
    assert "This link does not work" in text(client.get(link, follow=True))


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, personas):
    response = client.post("/accounts/password/reset/", {"email": "nobody@nowhere.example"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_password_reset_ends_a_sign_in_pause(client, personas):
    for _ in range(5):
        attempt(client, "officer@sumedang.example", "wrong")
    new = reset_password(client, "officer@sumedang.example")
    assert attempt(client, "officer@sumedang.example", new, ip="10.7.7.7").status_code == 302


def test_bad_password_reset_input_gets_a_message(client):
    response = client.post("/accounts/password/reset/", {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter a valid email address." in text(response)


def test_the_account_links_partial(rf, personas):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/members/")
    request.user = AnonymousUser()
    html = render_to_string("partials/account_nav.html", {"user": request.user}, request=request)
    assert 'href="/accounts/login/?next=/members/"' in html
    request.user = personas["sumedang_officer"]
    html = render_to_string("partials/account_nav.html", {"user": request.user}, request=request)
    assert 'href="/accounts/me/"' in html
    assert 'action="/accounts/logout/" method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_admin_sign_in_is_throttled_like_the_other(client):
    """Defect 2: /admin/login/ took 30 wrong superuser passwords in 3.5 s."""
    from hub.accounts.models import User

    User.objects.create_superuser("root@example.org", PASSWORD)
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "root@example.org", "password": "wrong"})
        assert response.status_code == 200
    assert LoginFailure.objects.filter(email="root@example.org").count() == 5
    response = client.post("/admin/login/", {"username": "root@example.org", "password": PASSWORD})
    assert THROTTLED in text(response)
    assert not signed_in(client)


def test_the_admin_sign_in_still_works_and_only_for_staff(client, personas):
    from hub.accounts.models import User

    assert (
        client.post("/admin/login/", {"username": "officer@sumedang.example", "password": PASSWORD}).status_code == 200
    )
    assert not signed_in(client)
    User.objects.create_superuser("root@example.org", PASSWORD)
    response = client.post("/admin/login/?next=/admin/", {"username": "root@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in(client)
