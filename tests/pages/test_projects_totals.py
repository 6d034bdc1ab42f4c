"""The projects list's count and member drop-down, read from the pre-computed tallies when the list is unfiltered
or filtered by country or status (flat with the size of the network): always the list's own count, after every
kind of write that changes it."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.network.models import Member
from hub.projects import services
from hub.projects.models import Project
from tests.pages.helpers import csv_rows, text
from tests.pages.test_projects_progress import accept_completed

pytestmark = pytest.mark.django_db

FILTERS = [{}, {"country": "ID"}, {"country": "th"}, {"status": "completed"}, {"country": "ID", "status": "ongoing"}]


def shown_count(client, params: dict) -> int:
    found = re.search(r"([\d,.]+) projects? found", text(client.get("/projects/", params)))
    assert found, params
    return int(re.sub(r"\D", "", found.group(1)))


def counted(client, params: dict) -> int:
    """The same filter's rows in the CSV export, which reads the projects themselves."""
    return len(csv_rows(client.get("/projects/export.csv", params))) - 1


def assert_counts_match(client) -> list[int]:
    shown = [shown_count(client, params) for params in FILTERS]
    assert shown == [counted(client, params) for params in FILTERS]
    return shown


def test_the_count_follows_creations_moves_deletions_and_accepted_updates(client, personas):
    first = assert_counts_match(client)
    assert first[0] == Project.objects.count() > 0

    sumedang = Member.objects.get(slug="sumedang")
    project = services.create_project(
        actor=personas["secretariat"],
        data={"member": sumedang, "title": "Counted project", "status": "ongoing"},
        focus_areas=["civic-social"],
    )
    created = assert_counts_match(client)
    assert created[0] == first[0] + 1 and created[1] == first[1] + 1 and created[4] == first[4] + 1

    bangkok = Member.objects.get(slug="bangkok")
    services.update_project(actor=personas["secretariat"], project=project, data={"member": bangkok})
    moved = assert_counts_match(client)
    assert moved[1] == first[1] and moved[2] == first[2] + 1

    accept_completed(personas)  # WA KEPO (Sumedang, ongoing in the catalogue) now completed
    accepted = assert_counts_match(client)
    assert accepted[3] == moved[3] + 1 and accepted[4] == moved[4] - 1

    Project.objects.filter(pk=project.pk).get().delete()
    assert assert_counts_match(client)[0] == first[0]


def test_the_unfiltered_list_does_not_count_or_list_every_project_or_member(client, personas):
    for params in FILTERS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/projects/", params).status_code == 200
        sql = [q["sql"] for q in queries.captured_queries]
        assert not [s for s in sql if "COUNT(" in s and '"projects_project"' in s.split("WHERE")[0]], params
    # Filtered by text, the list is counted itself.
    assert shown_count(client, {"q": "kepo"}) == counted(client, {"q": "kepo"}) >= 1
