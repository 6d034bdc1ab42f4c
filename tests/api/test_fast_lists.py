"""The lists written from rows (hub.core.apilist) answer byte for byte what ninja's own path answered: the item
schema validated from the filter's model instances (the reference, kept here), with ninja's JSON encoder; and
their compiled SQL, remembered per input, never answers another input's page."""

import json

import pytest
from django.utils import translation
from ninja.responses import NinjaJSONEncoder

from hub.core.api import PER_PAGE
from hub.core.apilist import Rows
from hub.meetings.filters import MeetingFilter
from hub.meetings.models import Meeting
from hub.meetings.schemas import MeetingOut
from hub.monitoring import services as monitoring_services
from hub.monitoring.filters import UpdateFilter
from hub.monitoring.schemas import UpdateOut
from hub.network.filters import MemberFilter, MembershipFilter, OrganisationFilter, RoleTermFilter
from hub.network.models import Country, Member, MembershipEvent, Organisation, RoleTerm
from hub.network.schemas import MEMBER_OUT_COLUMNS, MemberOut, MembershipOut, OrganisationOut, RoleTermOut
from hub.projects.filters import ProjectFilter
from hub.projects.models import Project
from hub.projects.schemas import PROJECT_OUT_COLUMNS, ProjectOut
from hub.projects.services import create_indicator
from tests.personas import make_persona
from tests.services.test_meetings_factories import make_meeting
from tests.services.test_monitoring_support import DRAFT, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db


def reference(response, queryset, schema, *, offset=0, limit=100) -> bytes:
    """What ``@paginate`` and ninja's response validation wrote for this page."""
    context = {"request": response.wsgi_request, "response_status": 200}
    items = [schema.model_validate(obj, context=context).model_dump() for obj in queryset[offset : offset + limit]]
    return json.dumps({"items": items, "count": queryset.count()}, cls=NinjaJSONEncoder).encode()


def oddities():
    """Rows the schemas treat with care: alternatives (defaults filled), no coordinates, no events at all."""
    first, second, third = Member.objects.order_by("pk")[:3]
    Member.objects.filter(pk=first.pk).update(
        alternatives=[{"note": "n", "reading": "r", "extra": 1}, {"reading": "only"}], sources=[]
    )
    Member.objects.filter(pk=second.pk).update(latitude=None, longitude=None, local_name="Ümlaut ✓")
    MembershipEvent.objects.filter(member=third).delete()


MEMBER_QUERIES = [
    {},
    {"limit": 5, "offset": 3},
    {"offset": 1000},
    {"q": "su"},
    {"q": "%"},
    {"country": "id", "kind": "city"},
    {"status": "candidate"},
    {"joined": 2018},
    {"as_of": "2019-01-01"},
    {"as_of": "2030-01-01", "limit": 3},
]


@pytest.mark.parametrize("params", MEMBER_QUERIES)
def test_members_list_is_what_the_schema_gives(client, params):
    oddities()
    response = client.get("/api/v1/members", params, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    filters = MemberFilter(**{k: v for k, v in params.items() if k not in ("limit", "offset")})
    queryset = filters.apply(Member.objects.all()).only(*MEMBER_OUT_COLUMNS)
    offset, limit = params.get("offset", 0), params.get("limit", PER_PAGE)
    assert response.content == reference(response, queryset, MemberOut, offset=offset, limit=limit)


def test_members_page_and_count_come_in_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        body = client.get("/api/v1/members", {"limit": 2}).json()
    assert len(body["items"]) == 2 and body["count"] == Member.objects.count() > 2
    with django_assert_num_queries(2):  # past the end: no row carries the count
        body = client.get("/api/v1/members", {"offset": 10_000}).json()
    assert body == {"items": [], "count": Member.objects.count()}


def test_remembered_sql_answers_each_input_and_sees_writes(client):
    """The same input twice reads the data again (only the SQL is remembered); another input is another page."""
    first = client.get("/api/v1/members", {"q": "su"}).json()
    assert first["count"] >= 1
    Member.objects.filter(pk=first["items"][0]["id"]).update(name="Zzz renamed", local_name="")
    again = client.get("/api/v1/members", {"q": "su"}).json()
    assert again["count"] == first["count"] - 1
    other = client.get("/api/v1/members", {"q": "Zzz"}).json()
    assert [item["name"] for item in other["items"]] == ["Zzz renamed"]


def test_kept_item_texts_follow_their_rows_and_the_address(client, settings):
    """An item's text is kept by its row: the same rows again give the same bytes, a changed row is written
    afresh (the others are not), and another host or scheme gets its own links."""
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    queryset = MemberFilter().apply(Member.objects.all()).only(*MEMBER_OUT_COLUMNS)
    first = client.get("/api/v1/members")
    assert client.get("/api/v1/members").content == first.content == reference(first, queryset, MemberOut)
    renamed = Member.objects.order_by("pk").first()
    Member.objects.filter(pk=renamed.pk).update(name="Zzz renamed", sources=["https://example.org/new"])
    changed = client.get("/api/v1/members")
    assert changed.content == reference(changed, queryset, MemberOut) != first.content
    item = next(item for item in changed.json()["items"] if item["id"] == renamed.pk)
    assert item["name"] == "Zzz renamed" and item["provenance"]["sources"] == ["https://example.org/new"]
    for extra in ({"HTTP_HOST": "other.example"}, {"secure": True}):
        elsewhere = client.get("/api/v1/members", **extra)
        assert elsewhere.content == reference(elsewhere, queryset, MemberOut) != changed.content


def test_kept_texts_refuse_items_completed_from_other_tables():
    with pytest.raises(ValueError, match="finish"):
        Rows(("id",), lambda row, context: row, finish=lambda items, rows, context: None, shared=lambda context: 1)


PROJECT_QUERIES = [
    {},
    {"limit": 7, "offset": 10},
    {"offset": 100_000},
    {"q": "smart"},
    {"country": "id", "status": "ongoing"},
    {"focus_area": "civic-social"},
    {"language": "id", "limit": 3},
    {"member": "sumedang"},
]


@pytest.mark.parametrize("params", PROJECT_QUERIES)
@pytest.mark.parametrize("signed_in", [False, True])
def test_projects_list_is_what_the_schema_gives(client, params, signed_in):
    Project.objects.filter(pk=Project.objects.order_by("pk").values("pk")[:1]).update(
        alternatives=[{"reading": "other", "sources": ["https://example.org/a"]}], start_date=None
    )
    if signed_in:
        client.force_login(make_persona("secretariat"))
    response = client.get("/api/v1/projects", params)
    assert response.status_code == 200
    filters = ProjectFilter(**{k: v for k, v in params.items() if k not in ("limit", "offset")})
    queryset = filters.apply(Project.objects.all()).only(*PROJECT_OUT_COLUMNS)
    offset, limit = params.get("offset", 0), params.get("limit", PER_PAGE)
    assert response.content == reference(response, queryset, ProjectOut, offset=offset, limit=limit)


def test_projects_page_with_its_count_and_focus_areas_in_two_queries(client, django_assert_num_queries):
    """The page with its count from the tallies (not a window over every row: flat with size), the focus areas;
    a page past the end: the empty page and the count over the list's keys alone."""
    for limit, offset in ((2, 0), (100, 0), (10, 10_000)):
        with django_assert_num_queries(2):
            body = client.get("/api/v1/projects", {"limit": limit, "offset": offset}).json()
        assert body["count"] == Project.objects.count() > 2
        assert all(item["focus_areas"] for item in body["items"])
        assert bool(body["items"]) == (offset == 0)


def test_the_downloads_still_read_the_list_functions(client):
    for name in ("members", "projects"):
        response = client.get(f"/data/{name}.json")
        assert response.status_code == 200
        assert b"".join(response.streaming_content).count(b'"id"') >= 5


MEETING_QUERIES = [{}, {"limit": 2, "offset": 2}, {"offset": 50}, {"q": "annual"}, {"kind": "workshop"}]
MEETING_QUERIES += [{"series": "ascn-annual-meetings"}, {"year": 2024}, {"country": "id"}, {"when": "past"}]


@pytest.mark.parametrize("params", MEETING_QUERIES)
@pytest.mark.parametrize(("who", "language"), [(None, "en"), (None, "id"), ("indonesia_nr", "en"), ("partner", "id")])
def test_meetings_list_is_what_the_schema_gives(client, params, who, language):
    """Public, restricted, online, hybrid and timed meetings, anonymous and signed in, in both languages."""
    secretariat, nr = make_persona("secretariat"), make_persona("indonesia_nr")
    make_meeting(secretariat, title="Restricted one", visibility="restricted", format="hybrid", venue="Hall A")
    make_meeting(
        secretariat, title="Online", format="online", city="", venue_country=None, start_time="09:00", timezone="UTC"
    )
    make_meeting(secretariat, title="Hybrid, nowhere", format="hybrid", city="", venue_country=None)
    make_meeting(
        nr,
        title="National one",
        scope="national",
        country=Country.objects.get(code="ID"),
        host_country=Country.objects.get(code="ID"),
        chair_organisation=Organisation.objects.order_by("pk").first(),
        visibility="restricted",
    )
    if who:
        client.force_login(nr if who == "indonesia_nr" else make_persona(who))
    response = client.get("/api/v1/meetings", params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    filters = MeetingFilter(**{k: v for k, v in params.items() if k not in ("limit", "offset")})
    queryset = filters.apply(Meeting.objects.visible_to(response.wsgi_request.user))
    offset, limit = params.get("offset", 0), params.get("limit", PER_PAGE)
    with translation.override(language):
        assert response.content == reference(response, queryset, MeetingOut, offset=offset, limit=limit)


REGISTRY_LISTS = [
    ("/api/v1/organisations", OrganisationFilter, Organisation, OrganisationOut, [{}, {"kind": "ministry"}]),
    ("/api/v1/organisations", OrganisationFilter, Organisation, OrganisationOut, [{"q": "min", "limit": 4}]),
    ("/api/v1/memberships", MembershipFilter, MembershipEvent, MembershipOut, [{}, {"member": "sumedang"}]),
    ("/api/v1/memberships", MembershipFilter, MembershipEvent, MembershipOut, [{"country": "id", "offset": 3}]),
    ("/api/v1/role-terms", RoleTermFilter, RoleTerm, RoleTermOut, [{}, {"role": "chair"}, {"as_of": "2020-01-01"}]),
    ("/api/v1/role-terms", RoleTermFilter, RoleTerm, RoleTermOut, [{"country": "id", "limit": 3, "offset": 1}]),
]


@pytest.mark.parametrize(("url", "filter_class", "model", "schema", "queries"), REGISTRY_LISTS)
def test_registry_lists_are_what_the_schemas_give(client, url, filter_class, model, schema, queries):
    # A term held by a person alone, and one by nobody known: the holder's name falls back as the model's does.
    RoleTerm.objects.filter(pk=RoleTerm.objects.order_by("pk").values("pk")[:1]).update(
        alternatives=[{"reading": "2019"}]
    )
    for params in queries:
        response = client.get(url, params)
        assert response.status_code == 200
        filters = filter_class(**{k: v for k, v in params.items() if k not in ("limit", "offset")})
        queryset = filters.apply(model.objects.all())
        offset, limit = params.get("offset", 0), params.get("limit", PER_PAGE)
        assert response.content == reference(response, queryset, schema, offset=offset, limit=limit)


def test_role_term_holders_fall_back_as_the_model_says(client):
    terms = list(RoleTerm.objects.with_related().order_by("pk"))
    for term in terms[:3]:
        RoleTerm.objects.filter(pk=term.pk).update(organisation=None)
    RoleTerm.objects.filter(pk=terms[3].pk).update(organisation=None, person=None, country=None)
    body = client.get("/api/v1/role-terms", {"limit": 100}).json()
    names = {item["id"]: item["holder"]["name"] for item in body["items"]}
    for term in RoleTerm.objects.with_related():
        assert names[term.pk] == term.holder_name


UPDATE_QUERIES = [{}, {"limit": 5, "offset": 4}, {"country": "id"}, {"state": "draft"}, {"cycle": "2024-2025"}]
UPDATE_QUERIES += [{"member": "sumedang"}, {"project": "1"}, {"offset": 10_000}]


def updates_with_figures(personas):
    """An accepted update with figures (decimals, a note, indicators out of name order) and a draft."""
    project, officer = wa_kepo(), personas["sumedang_officer"]
    indicators = [
        create_indicator(actor=officer, project=project, data={"name": name, "unit": unit}, via="test")
        for name, unit in (("Zeta portals", "portals"), ("Alpha reach", "%"))
    ]
    figures = [
        {"indicator": indicators[0].pk, "value": "12.5000", "note": "estimate"},
        {"indicator": indicators[1].pk, "value": "300"},
    ]
    update = monitoring_services.create_update(
        actor=officer, project=project, cycle=open_cycle(), data=DRAFT, values=figures
    )
    update = monitoring_services.submit(actor=officer, update=update)
    update = monitoring_services.endorse(actor=personas["indonesia_nr"], update=update)
    monitoring_services.accept(actor=personas["secretariat"], update=update)
    monitoring_services.create_update(actor=officer, project=project, cycle=open_cycle(2026), data=DRAFT)


@pytest.mark.parametrize("who", [None, "secretariat", "sumedang_officer"])
def test_updates_list_is_what_the_schema_gives(client, personas, who):
    updates_with_figures(personas)
    if who:
        client.force_login(personas[who])
    seen = client.get("/api/v1/updates", {"limit": 100}).json()["items"]
    assert any(item["indicator_values"] for item in seen), "the test data should hold reported figures"
    for params in UPDATE_QUERIES:
        response = client.get("/api/v1/updates", params)
        assert response.status_code == 200
        filters = UpdateFilter(**{k: v for k, v in params.items() if k not in ("limit", "offset")})
        queryset = filters.apply(response.wsgi_request.user)
        offset, limit = params.get("offset", 0), params.get("limit", PER_PAGE)
        assert response.content == reference(response, queryset, UpdateOut, offset=offset, limit=limit)
