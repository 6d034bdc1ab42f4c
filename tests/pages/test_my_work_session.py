""" "My work" keeps the navigation's task count in the session (hub.accounts.inbox): it writes the session
only when the count changed or is getting old, not on every visit, and the count still follows the page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.pages.helpers import section, text
from tests.pages.test_inbox import second_project, this_cycle
from tests.services.test_monitoring_support import draft

pytestmark = pytest.mark.django_db

PAGE = "/accounts/me/"


def _session_writes(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    return sum(1 for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"])


def _nav_count(client: Client) -> int:
    html = text(client.get("/members/"))
    return int(section(html, "nav-task-count").split(">")[1].split("<")[0])


def test_a_second_visit_with_the_same_count_writes_no_session(personas):
    this_cycle()
    client = Client()
    client.force_login(personas["sumedang_officer"])
    _session_writes(client)
    assert _session_writes(client) == 0


def test_the_navigation_follows_a_changed_count_on_my_work(personas):
    cycle = this_cycle()
    client = Client()
    client.force_login(personas["sumedang_officer"])
    client.get(PAGE)
    before = _nav_count(client)
    draft(personas, cycle=cycle, project=second_project())  # one more task: a draft to finish
    assert _session_writes(client) == 1
    assert _nav_count(client) == client.get("/api/v1/me/tasks").json()["count"] == before + 1
