"""The members list reads its rows through the SQL memory (hub/core/sqlmemo.py): the SQL is compiled once per
inputs, the data read every time, so a write shows at once; the same rows, counts and converted values as the
QuerySet gives."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.core import sqlmemo
from hub.network import services as registry
from hub.network.filters import MemberFilter
from hub.network.members_list import COLUMNS, member_list
from hub.network.models import Member, MembershipStatus
from tests.pages.helpers import member_names


@pytest.mark.django_db
def test_rows_and_counts_are_the_querysets():
    for values in ({}, {"country": "id"}, {"q": "a"}, {"as_of": "2019-01-01"}, {"joined": 2018, "kind": "city"}):
        member_filter = MemberFilter(**values)
        expected = list(member_filter.apply().values_list(*COLUMNS))
        for _ in range(2):  # compiled, then remembered
            rows = member_list(member_filter)
            assert rows.count() == len(expected) == member_filter.apply().count()
            page = rows[0:25]
            assert [(r.slug, r.name, r.country.code, r.joined_date, r.status_on) for r in page] == [
                (e[0], e[1], e[4], e[7], e[9]) for e in expected[:25]
            ]
            assert all(r.joined_date is None or isinstance(r.joined_date, date) for r in page)  # converted (SQLite)


@pytest.mark.django_db
def test_a_query_that_matches_nothing_reads_nothing():
    build = lambda: Member.objects.filter(pk__in=[]).values_list("slug")  # noqa: E731
    with CaptureQueriesContext(connection) as queries:
        assert sqlmemo.fetch("test.nothing", build) == []
        assert sqlmemo.count("test.nothing", build) == 0
    assert len(queries) == 0


@pytest.mark.django_db
def test_a_write_shows_at_once(client, personas):
    secretariat = personas["secretariat"]
    assert "Sumedang" in member_names(client.get("/members/", {"country": "ID"}))
    member = Member.objects.get(slug="sumedang")
    registry.update_member(actor=secretariat, member=member, data={"name": "Sumedang Baru"}, via="test")
    names = member_names(client.get("/members/", {"country": "ID"}))
    assert "Sumedang Baru" in names and "Sumedang" not in names
    # A new status, and a row gone from a filter's result: the count follows.
    before = client.get("/members/", {"status": "withdrawn"}).context["paginator"].count
    registry.create_membership_event(
        actor=secretariat,
        data={
            "member": member,
            "status": MembershipStatus.WITHDRAWN,
            "effective_date": date(2025, 1, 1),
            "sources": ["https://example.org/withdrawn"],
        },
        via="test",
    )
    response = client.get("/members/", {"status": "withdrawn"})
    assert response.context["paginator"].count == before + 1
    assert "Sumedang Baru" in member_names(response)


@pytest.mark.django_db
def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(sqlmemo, "LIMIT", 3)
    sqlmemo.forget()
    for code in ("ID", "TH", "VN", "MY", "PH"):
        build = lambda code=code: Member.objects.filter(country__code=code).values_list("slug")  # noqa: E731
        assert sqlmemo.fetch(("test.bounded", code), build) == list(build())
        assert len(sqlmemo._memory) <= 3


@pytest.mark.django_db
def test_the_projects_list_shows_a_write_at_once(client, personas):
    from hub.projects.list_queries import public_scope
    from hub.projects.models import Project

    assert public_scope(None) and public_scope(personas["secretariat"])  # everyone's SQL is the same today
    for query in ({}, {"q": "a"}, {"country": "ID"}, {"focus_area": "civic-social"}):
        client.get("/projects/", query)  # compiled and remembered
        project = Project.objects.filter(member__country__code="ID").order_by("pk").first()
        Project.objects.filter(pk=project.pk).update(title=f"A renamed project {len(query)} {project.pk}")
        html = client.get("/projects/", {**query, "q": "renamed project"}).content.decode()
        assert f"A renamed project {len(query)} {project.pk}" in html
    before = client.get("/projects/", {"q": "renamed project"}).context["paginator"].count
    Project.objects.filter(title__startswith="A renamed project").update(title="Other")
    assert client.get("/projects/", {"q": "renamed project"}).context["paginator"].count == 0 < before


@pytest.mark.django_db
def test_a_user_by_id_is_djangos_and_never_stale(client, personas):
    from django.db.models.query import QuerySet

    from hub.accounts.models import User

    officer, secretariat = personas["sumedang_officer"], personas["secretariat"]
    for user in (officer, secretariat, officer):
        ours, django = User.objects.get(pk=user.pk), QuerySet(User).get(pk=user.pk)
        assert ours == django and ours._state.db == django._state.db and not ours._state.adding
        for field in User._meta.concrete_fields:
            assert getattr(ours, field.attname) == getattr(django, field.attname)
            assert type(getattr(ours, field.attname)) is type(getattr(django, field.attname))
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=10**9)
    assert User.objects.get(email=officer.email) == officer  # other lookups: Django's own
    # Signed in, then deactivated or given a new password elsewhere: the next request is signed out.
    client.force_login(officer)
    assert client.get("/accounts/me/").status_code == 200
    User.objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get("/accounts/me/").status_code == 302
    client.force_login(secretariat)
    assert client.get("/accounts/me/").status_code == 200
    secretariat.set_password("another long passphrase 99")
    User.objects.filter(pk=secretariat.pk).update(password=secretariat.password)
    assert client.get("/accounts/me/").status_code == 302


@pytest.mark.django_db
def test_governance_terms_are_djangos_models_and_never_stale(client):
    from hub.network.filters import RoleTermFilter
    from hub.network.governance import _GOVERNANCE_UNREAD
    from hub.network.models import RoleTerm
    from hub.network.views import DECIDED_AT

    def build():
        return RoleTermFilter().apply().select_related(DECIDED_AT).defer(*_GOVERNANCE_UNREAD)

    for _ in range(2):
        ours, django = sqlmemo.fetch_models("test.governance", build), list(build())
        assert [t.pk for t in ours] == [t.pk for t in django] and ours
        for a, b in zip(ours, django, strict=True):
            assert a.__dict__.keys() == b.__dict__.keys()
            assert (a.role, a.start_date, a.country_id, a.member_id, a.organisation_id) == (
                b.role,
                b.start_date,
                b.country_id,
                b.member_id,
                b.organisation_id,
            )
            assert (a.country and a.country.name) == (b.country and b.country.name)
            assert (a.person and a.person.name) == (b.person and b.person.name)
    assert sqlmemo.fetch_models("test.none", lambda: RoleTerm.objects.filter(pk__in=[])) == []
    # A prefetch is read as Django reads it.
    prefetched = sqlmemo.fetch_models("test.prefetch", lambda: RoleTerm.objects.prefetch_related("country")[:3])
    assert len(prefetched) == 3
    # A term's holder renamed: the page shows it at once.
    term = RoleTerm.objects.filter(person__isnull=False).order_by("pk").first()
    client.get("/governance/")
    term.person.__class__.objects.filter(pk=term.person_id).update(name="Someone Renamed")
    assert "Someone Renamed" in client.get("/governance/").content.decode()
