"""E-mails link to the address the hub is served at: the request's (checked host) during a request,
SITE_URL outside one (commands). One way for every e-mail: hub.core.links.absolute."""

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client

from hub.core import links
from hub.monitoring import notify
from tests.services.test_monitoring_support import draft, open_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def served_at(settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["hub.example.org", "testserver"]
    settings.SITE_URL = "http://127.0.0.1:8000"
    # The review notice goes out when the step commits, inside the request as on a live server (the test's
    # own transaction would otherwise hold it back until after the response).
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def test_a_review_notice_sent_from_a_page_links_to_the_address_in_use(personas, served_at):
    update = draft(personas, cycle=open_cycle(2025))
    client = Client(HTTP_HOST="hub.example.org")
    client.force_login(personas["sumedang_officer"])
    mail.outbox.clear()
    response = client.post(f"/monitoring/updates/{update.pk}/submit/", {"comment": ""})
    assert response.status_code == 302
    bodies = [m.body for m in mail.outbox]
    assert bodies and all(f"http://hub.example.org/monitoring/updates/{update.pk}/" in b for b in bodies)
    assert not any("127.0.0.1:8000" in b for b in bodies)


def test_outside_a_request_links_use_site_url(personas, served_at, settings):
    settings.SITE_URL = "https://hub.asean.example/"
    update = draft(personas, cycle=open_cycle(2025))
    assert links.absolute("/x/") == "https://hub.asean.example/x/"
    mail.outbox.clear()
    notify.transition(update, "return", "Please add figures.")
    assert f"https://hub.asean.example/monitoring/updates/{update.pk}/" in mail.outbox[0].body


def test_an_unknown_host_never_reaches_a_link(settings):
    settings.ALLOWED_HOSTS = ["hub.example.org"]
    settings.SITE_URL = "http://hub.example.org"
    assert Client(HTTP_HOST="evil.example").get("/").status_code == 400
    assert links.absolute("/a/") == "http://hub.example.org/a/"
