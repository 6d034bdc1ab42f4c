"""The API lists' counts that come from tallies (hub.network.tallies, hub.monitoring's per-country tallies) rather
than from counting the rows: right at once after every kind of write, whatever filter reads them (members,
memberships, projects)."""

from __future__ import annotations

from datetime import date

import pytest

from hub.network import services as registry
from hub.network import tallies
from hub.network.filters import MemberFilter, MembershipFilter
from hub.network.models import Country, Member, MembershipEvent, MemberTally
from hub.projects import services as project_services
from hub.projects.filters import ProjectFilter
from hub.projects.models import Project
from tests.services.test_meetings_factories import make_candidate

pytestmark = pytest.mark.django_db

# Each list's unfiltered and by-country counts come from the tallies; the status's are counted (checked beside).
MEMBER_FILTERS = [{}, {"country": "id"}, {"country": "TH"}, {"country": "xx"}, {"status": "withdrawn"}]
PROJECT_FILTERS = [
    {},
    {"country": "id"},
    {"country": "th"},
    {"status": "ongoing"},
    {"country": "id", "status": "planning"},
]


def assert_member_counts(client) -> None:
    for params in MEMBER_FILTERS:
        expected = MemberFilter(**params).apply(Member.objects.all()).count()
        assert client.get("/api/v1/members", {**params, "limit": 1}).json()["count"] == expected, params
    for params in MEMBER_FILTERS:
        expected = MembershipFilter(**params).apply().count()
        assert client.get("/api/v1/memberships", {**params, "limit": 1}).json()["count"] == expected, params
    tallied = {t.country_id: (t.members, t.events) for t in MemberTally.objects.exclude(members=0, events=0)}
    events = MembershipEvent.objects.filter
    assert tallied == {
        c.pk: (c.members.count(), events(member__country=c).count())
        for c in Country.objects.all()
        if c.members.exists()
    }


def assert_project_counts(client) -> None:
    for params in PROJECT_FILTERS:
        expected = ProjectFilter(**params).apply(Project.objects.all()).count()
        assert client.get("/api/v1/projects", {**params, "limit": 1}).json()["count"] == expected, params


def test_members_count_follows_each_write_at_once(client, personas):
    secretariat = personas["secretariat"]
    assert_member_counts(client)  # the SQL of each filter is remembered from here on
    member = make_candidate(secretariat)  # created (Indonesia)
    assert_member_counts(client)
    registry.create_membership_event(
        actor=secretariat,
        data={"member": member, "status": "withdrawn", "effective_date": date(2025, 6, 1), "source_note": "test"},
        via="test",
    )
    assert_member_counts(client)
    registry.update_member(actor=secretariat, member=member, data={"country": Country.objects.get(code="TH")})
    assert_member_counts(client)
    registry.update_member(actor=secretariat, member=Member.objects.get(pk=member.pk), data={"name": "Renamed"})
    assert_member_counts(client)
    event = MembershipEvent.objects.filter(member=member).first()
    registry.update_membership_event(
        actor=secretariat, event=event, data={"member": Member.objects.get(slug="sumedang")}, via="test"
    )
    assert MembershipEvent.objects.get(pk=event.pk).member.slug == "sumedang"  # moved to Indonesia's Sumedang
    assert_member_counts(client)
    registry.delete_membership_event(actor=secretariat, event=MembershipEvent.objects.get(pk=event.pk), via="test")
    assert_member_counts(client)
    Member.objects.get(pk=member.pk).delete()  # as the admin deletes (its events go with it)
    assert_member_counts(client)


def test_writes_that_skip_the_signals_are_counted_by_the_rebuild(client):
    country = Country.objects.get(code="ID")
    Member.objects.bulk_create([Member(slug=f"bulk-{n}", name=f"Bulk {n}", country=country) for n in range(3)])
    tallies.rebuild()
    assert_member_counts(client)


def test_projects_count_follows_each_write_at_once(client, personas):
    officer = personas["sumedang_officer"]
    assert_project_counts(client)
    sumedang = Member.objects.get(slug="sumedang")
    project = project_services.create_project(
        actor=officer, data={"member": sumedang, "title": "Counted at once"}, focus_areas=["civic-social"], via="test"
    )
    assert_project_counts(client)
    project_services.update_project(actor=officer, project=project, data={"status": "ongoing"}, via="test")
    assert_project_counts(client)
    project_services.update_project(
        actor=personas["secretariat"],
        project=Project.objects.get(pk=project.pk),
        data={"member": Member.objects.get(slug="bangkok")},
        via="test",
    )
    assert_project_counts(client)
    Project.objects.get(pk=project.pk).delete()
    assert_project_counts(client)
