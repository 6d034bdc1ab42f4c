"""The meeting list and a meeting's page read a meeting's series, countries, host, chair and chair person in a
few one-table queries (hub.meetings.queries.fill_related) rather than one eight-join query: what they show
stays the same, and the count of queries does not grow with the meetings or with whom they name."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.meetings.models import Meeting
from hub.network.models import Country, Organisation, Person
from tests.pages.helpers import text
from tests.services.test_meetings_factories import make_meeting

pytestmark = pytest.mark.django_db


def _hosted(secretariat, n: int) -> Meeting:
    organisations = list(Organisation.objects.order_by("pk")[:6])
    people = list(Person.objects.order_by("pk")[:3])
    return make_meeting(
        secretariat,
        title=f"Hosted meeting {n}",
        host_organisation=organisations[n],
        host_country=Country.objects.get(code="TH"),
        chair_organisation=organisations[n + 3],
        chair_country=Country.objects.get(code="VN"),
        chair_person=people[n] if people else None,
        venue="Hall",
    )


def test_the_list_shows_each_meetings_host_and_place(client, personas):
    meetings = [_hosted(personas["secretariat"], n) for n in range(3)]
    body = text(client.get("/meetings/?q=Hosted"))
    for meeting in meetings:
        fresh = Meeting.objects.with_related().get(pk=meeting.pk)
        assert fresh.host_display and fresh.host_display in body
        assert fresh.place_display in body


def test_the_list_costs_the_same_queries_for_more_hosts_and_chairs(client, personas):
    secretariat = personas["secretariat"]
    counts = []
    for n in range(3):
        _hosted(secretariat, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/meetings/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]


def test_a_meetings_page_shows_its_chair_and_host(client, personas):
    meeting = _hosted(personas["secretariat"], 1)
    fresh = Meeting.objects.with_related().get(pk=meeting.pk)
    body = text(client.get(meeting.get_absolute_url()))
    assert fresh.host_display in body
    assert fresh.chair_display and fresh.chair_display in body
