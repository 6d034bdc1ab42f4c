"""Pages whose queries are compiled once per process (hub/core/sqlshape.py) give the same HTML as when every
query goes through the ORM, for several members and readers in a row (so that each shape is remembered from
one member or reader and used for the next), with the same number of queries; and every shape they use is
remembered (its SQL compiled with stand-in inputs matched the real one) and gives the ORM's results."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.core import sqlshape
from hub.network import services
from hub.network.models import Member
from tests.pages.test_projects_rows import make_edge_projects
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

PAGES = ["/members/sumedang/", "/", "/members/bangkok/", "/members/singapore/", "/members/chiang-mai/"]
READERS = ["anonymous", "secretariat", "sumedang_officer"]


def fetch_all(client, personas) -> list[tuple[str, int]]:
    pages = []
    for reader in READERS:
        client.logout()
        if personas[reader] is not None:
            assert client.login(username=personas[reader].email, password=PASSWORD)
        for language in ["en", "id"]:
            client.cookies["django_language"] = language
            for path in PAGES:
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(path)
                assert response.status_code == 200
                html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
                pages.append((html, len(queries)))
    return pages


def test_remembered_queries_give_the_pages_the_orm_gives(client, personas, monkeypatch, settings):
    settings.PUBLIC_CACHE = False  # every page rendered, not served from the public cache
    make_edge_projects(personas)
    # A history for its reviewers: the member's own entry, and a deleted event's (found by the member's name).
    secretariat = personas["secretariat"]
    sumedang = Member.objects.get(slug="sumedang")
    sumedang = services.update_member(actor=secretariat, member=sumedang, data={"summary": "<b>A</b> & b"}, via="page")
    event = services.create_membership_event(
        actor=secretariat, data={"member": sumedang, "status": "withdrawn", "effective_date": dt.date(2027, 1, 1)}
    )
    services.delete_membership_event(actor=secretariat, event=event)
    monkeypatch.setattr(sqlshape, "CHECK_ROWS", True)
    for shape in sqlshape.SHAPES:
        monkeypatch.setattr(shape, "_plans", {})
    learning = fetch_all(client, personas)  # each shape learnt, its rows checked against the ORM's
    used = [shape for shape in sqlshape.SHAPES if shape._plans]
    assert {shape.name for shape in used} >= {
        "network.member",
        "network.member_terms",
        "meetings.member_work.projects",
        "network.home_leaders",
        "network.map_members",
        "meetings.home_work.meetings",
        "network.member_history",
    }
    for shape in used:
        assert all(shape.remembered().values()), shape.name
    remembered = fetch_all(client, personas)
    monkeypatch.setattr(sqlshape.Shape, "list", lambda self, **inputs: list(self.build(**inputs)))
    through_orm = fetch_all(client, personas)
    assert len(remembered) == len(through_orm) == len(learning)
    for (html, count), (orm_html, orm_count), (first_html, _) in zip(remembered, through_orm, learning, strict=True):
        assert html == orm_html == first_html
        assert count == orm_count


def test_a_shape_that_compiles_otherwise_is_not_remembered():
    """A builder that puts an input into the SQL text (a slice's LIMIT) rather than a parameter is run by the
    ORM every time: its stand-in compile differs from the real one."""
    shape = sqlshape.Shape("test.limit", lambda n: Member.objects.order_by("pk").values_list("slug", flat=True)[:n])
    assert shape.list(n=2) == list(Member.objects.order_by("pk").values_list("slug", flat=True)[:2])
    assert shape.list(n=3) == list(Member.objects.order_by("pk").values_list("slug", flat=True)[:3])
    assert shape.remembered() == {(("n", ("int",)),): False}
    sqlshape.SHAPES.remove(shape)


def test_a_remembered_shape_takes_new_inputs():
    shape = sqlshape.Shape("test.slug", lambda slug: Member.objects.filter(slug=slug).values_list("name", flat=True))
    assert shape.list(slug="sumedang") == ["Sumedang"]
    assert shape.list(slug="bangkok") == ["Bangkok"]
    assert shape.list(slug="nowhere") == []
    assert shape.remembered() == {(("slug", ("str",)),): True}
    sqlshape.SHAPES.remove(shape)


def test_a_remembered_prefix_is_escaped_for_like():
    """A text input matched with __startswith goes into its parameter escaped, as the ORM escapes it."""
    shape = sqlshape.Shape(
        "test.prefix", lambda prefix: Member.objects.filter(name__startswith=prefix).values_list("slug", flat=True)
    )
    assert shape.list(prefix="Sumed") == ["sumedang"]
    assert shape.list(prefix="Sum_dang") == [] == list(Member.objects.filter(name__startswith="Sum_dang"))
    assert shape.list(prefix="%") == []
    assert shape.list(prefix="Bangk") == ["bangkok"]
    assert shape.remembered() == {(("prefix", ("str",)),): True}
    sqlshape.SHAPES.remove(shape)
