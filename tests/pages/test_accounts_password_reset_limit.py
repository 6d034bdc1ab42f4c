"""The password-reset page's limit: so many e-mails per address and per client address in a window.

The page must answer the same whether an e-mail went out or not, and whether the address has an
account or not, so that it neither fills a mailbox nor tells who has an account.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hub.accounts.models import PasswordResetRequest
from tests.pages.helpers import text

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"
SENT = "/accounts/password/reset/sent/"
OFFICER = "officer@sumedang.example"


@pytest.fixture
def limits(settings):
    settings.PASSWORD_RESET_PER_EMAIL = 2
    settings.PASSWORD_RESET_PER_IP = 4
    settings.PASSWORD_RESET_WINDOW_MINUTES = 60
    settings.NUM_PROXIES = 0
    return settings


def ask(client, email, ip="10.2.2.2", **extra):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip, **extra)


def answer(response) -> tuple[int, str]:
    return response.status_code, response["Location"]


def test_an_address_gets_at_most_the_limit_of_reset_emails(client, personas, limits):
    responses = [ask(client, OFFICER) for _ in range(5)]
    assert len(mail.outbox) == 2
    assert all(m.to == [OFFICER] for m in mail.outbox)
    # The refused requests look exactly like the ones that sent an e-mail.
    assert {answer(r) for r in responses} == {(302, SENT)}
    # The limit is per address whatever its case, and whatever client asks.
    ask(client, " Officer@SUMEDANG.example ", ip="10.3.3.3")
    assert len(mail.outbox) == 2


def test_the_limit_answers_the_same_for_addresses_without_an_account(client, personas, limits):
    known = [answer(ask(client, OFFICER, ip=f"10.4.0.{i}")) for i in range(4)]
    unknown = [answer(ask(client, "nobody@nowhere.example", ip=f"10.5.0.{i}")) for i in range(4)]
    assert known == unknown == [(302, SENT)] * 4
    assert len(mail.outbox) == 2
    # Both addresses were counted alike, so the count reveals nothing either.
    assert PasswordResetRequest.objects.filter(email=OFFICER).count() == 2
    assert PasswordResetRequest.objects.filter(email="nobody@nowhere.example").count() == 2
    sent_page = client.get(SENT)
    assert sent_page.status_code == 200
    assert "If an account has this address" in text(sent_page)
    assert "at most 2 such e-mails to an address within 60 minutes" in text(sent_page)


def test_one_client_address_is_limited_across_addresses(client, personas, limits):
    for i in range(4):
        assert answer(ask(client, f"someone{i}@nowhere.example")) == (302, SENT)
    # The client used up its requests on unknown addresses: a real account gets nothing from it now...
    assert answer(ask(client, OFFICER)) == (302, SENT)
    assert mail.outbox == []
    # ...but the owner, from another address, does.
    ask(client, OFFICER, ip="10.9.9.9")
    assert [m.to for m in mail.outbox] == [[OFFICER]]


def test_the_limit_lifts_when_the_window_has_passed(client, personas, limits):
    ask(client, OFFICER)
    ask(client, OFFICER)
    ask(client, OFFICER)
    assert len(mail.outbox) == 2
    PasswordResetRequest.objects.update(at=timezone.now() - timedelta(minutes=61))
    ask(client, OFFICER)
    assert len(mail.outbox) == 3


def test_old_requests_are_forgotten(client, personas, limits):
    PasswordResetRequest.objects.create(email="old@nowhere.example", at=timezone.now() - timedelta(days=2))
    ask(client, OFFICER)
    assert not PasswordResetRequest.objects.filter(email="old@nowhere.example").exists()


def test_behind_a_proxy_the_client_cannot_escape_the_limit_with_a_forged_header(client, personas, limits):
    limits.NUM_PROXIES = 1
    for i in range(6):
        # The client writes what it likes on the left; the proxy appends the address it saw.
        ask(client, f"someone{i}@nowhere.example", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 203.0.113.7")
    assert PasswordResetRequest.objects.filter(ip="203.0.113.7").count() == 4
    ask(client, OFFICER, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.99, 203.0.113.7")
    assert mail.outbox == []
    ask(client, OFFICER, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert len(mail.outbox) == 1


def test_the_default_limits_allow_a_few_emails_per_address(client, personas):
    for _ in range(4):
        assert answer(ask(client, OFFICER)) == (302, SENT)
    assert len(mail.outbox) == 3
