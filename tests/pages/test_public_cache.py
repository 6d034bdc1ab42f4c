"""The public cache (hub/core/pagecache.py): never stale after a write, never a signed-in view to anyone else.

Each case reads a page, an API list and an export as an anonymous visitor (so they are cached), writes through
one kind of write, and reads again: the new data must be there. The kinds cover the services (change log), a
plain save, queryset .update(), bulk_create, queryset delete, many-to-many add, raw SQL, the bulk import's COPY,
an update through the review chain, a rolled-back savepoint, the admin, and the loaddata and loaddemo commands
(tests/commands/test_cache_backends.py: restore, bumpdataversion).
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from hub.core.pagecache import HEADER
from tests.personas import make_persona

pytestmark = pytest.mark.django_db

NEW = "Aaazyxwv renamed"


def read(client: Client, url: str, **headers) -> tuple[int, str, str]:
    response = client.get(url, headers=headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body.decode(errors="replace"), response.get(HEADER, "")


def warm(client: Client, urls: list[str]) -> None:
    """Read each address twice: the second answer of a stored one comes from the cache, without the new text."""
    for url in urls:
        status, body, _ = read(client, url)
        assert status == 200, url
        assert NEW not in body
        status, body, how = read(client, url)
        assert NEW not in body


def fresh(client: Client, urls: list[str]) -> None:
    for url in urls:
        status, body, how = read(client, url)
        assert status == 200, url
        assert NEW in body, f"{url} served stale data ({how or 'not cached'})"


# --- one write of each kind, through each app ------------------------------------------------------------------


def _member_by_service():
    from hub.network import services
    from hub.network.models import Member

    member = Member.objects.get(slug="sumedang")
    services.update_member(actor=make_persona("secretariat"), member=member, data={"name": NEW})


def _member_by_update():
    from hub.network.models import Member

    Member.objects.filter(slug="sumedang").update(name=NEW)


def _member_by_raw_sql():
    with connection.cursor() as cursor:
        cursor.execute("UPDATE network_member SET name = %s WHERE slug = %s", [NEW, "sumedang"])


def _person_by_save():
    from hub.network.models import RoleTerm

    term = RoleTerm.objects.held_on(date.today()).filter(role="chair").select_related("person", "organisation").first()
    holder = term.person or term.organisation
    holder.name = NEW
    holder.save()


def _project_by_service():
    from hub.projects import services
    from hub.projects.models import Project

    project = Project.objects.get(slug="wa-kepo")
    services.update_project(actor=make_persona("secretariat"), project=project, data={"title": NEW})


def _cycle_by_service():
    from hub.monitoring import services

    services.create_cycle(actor=make_persona("secretariat"), end_year=2031)


def _meeting_by_service():
    from tests.services.test_meetings_factories import make_meeting

    make_meeting(make_persona("secretariat"), title=NEW)


def _challenge_by_service():
    from tests.services.test_exchange_support import make_challenge

    make_challenge(make_persona("sumedang_officer"), title=NEW, published=True)


def _programme_by_bulk_create():
    from hub.partnerships.models import Programme

    Programme.objects.bulk_create([Programme(slug="aaazyxwv", name=NEW, source_note="test", confidence="low")])


def _plan_by_service():
    from hub.network.models import Member
    from hub.plans import services

    services.save_plan(
        actor=make_persona("secretariat"), member=Member.objects.get(slug="battambang"), data={"vision": NEW}
    )


def _project_by_bulk_import():
    """The bulk import writes with COPY (hub.core.bulk), which no execute wrapper sees: it must bump itself."""
    from hub.projects.importing import run_import

    content = f"slug,member,title,summary,focus_areas\nwa-kepo,sumedang,{NEW},New summary.,civic-social\n"
    report = run_import(content.encode(), "file.csv", actor=make_persona("secretariat"), via="import")
    assert not report.problems, report.problems


def _update_through_the_review_chain():
    from tests.services.test_monitoring_support import accepted

    names = ("sumedang_officer", "indonesia_nr", "secretariat")
    accepted({name: make_persona(name) for name in names}, narrative=NEW, cycle=_open_cycle_now())


def _open_cycle_now():
    from tests.services.test_monitoring_support import open_cycle

    return open_cycle(date.today().year)


def _member_in_savepoint_then_outer():
    """A rolled-back savepoint takes its version change with it: the outer transaction's write must bump again."""
    from hub.network.models import Member

    with transaction.atomic():
        try:
            with transaction.atomic():
                Member.objects.filter(slug="bangkok").update(name="never seen")
                raise RuntimeError
        except RuntimeError:
            pass
        Member.objects.filter(slug="sumedang").update(name=NEW)


def _member_by_loaddata():
    from hub.network.models import Member

    member = Member.objects.get(slug="sumedang")
    import json
    import tempfile

    from django.core import serializers

    rows = json.loads(serializers.serialize("json", [member]))
    rows[0]["fields"]["name"] = NEW
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(rows, handle)
    call_command("loaddata", handle.name, stdout=io.StringIO())


MEMBERS = ["/members/", "/api/v1/members?limit=500", "/members.csv", "/data/members.csv", "/members/sumedang/"]
CASES = {
    "network, service": (_member_by_service, MEMBERS),
    "network, queryset update": (_member_by_update, [*MEMBERS, "/"]),
    "network, raw SQL": (_member_by_raw_sql, ["/members/", "/api/v1/members?limit=500", "/"]),
    "network, savepoint rolled back": (_member_in_savepoint_then_outer, ["/members/", "/api/v1/members?limit=500"]),
    "network, loaddata command": (_member_by_loaddata, ["/members/", "/api/v1/members?limit=500"]),
    "governance, save": (_person_by_save, ["/governance/"]),
    "projects, service": (
        _project_by_service,
        [
            "/projects/",
            "/api/v1/projects?limit=500",
            "/projects/export.csv",
            "/data/projects.json",
            "/projects/wa-kepo/",
        ],
    ),
    "projects, bulk import (COPY)": (
        _project_by_bulk_import,
        ["/projects/", "/api/v1/projects?limit=500", "/projects/export.csv", "/projects/wa-kepo/"],
    ),
    "monitoring, review chain": (
        _update_through_the_review_chain,
        ["/projects/wa-kepo/", "/api/v1/updates?limit=500"],
    ),
    "meetings, service": (_meeting_by_service, ["/meetings/", "/api/v1/meetings?limit=500"]),
    "exchange, service": (
        _challenge_by_service,
        ["/challenges/", "/api/v1/challenges?limit=500", "/challenges/export.csv"],
    ),
    "partnerships, bulk_create": (
        _programme_by_bulk_create,
        ["/partnerships/programmes/", "/api/v1/programmes?limit=500"],
    ),
    "plans, service": (_plan_by_service, ["/members/battambang/action-plan/", "/api/v1/action-plans?limit=500"]),
    "search, service": (_project_by_service, ["/search/?q=aaazyxwv", "/api/v1/search?q=aaazyxwv"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_write_is_seen_at_once_on_pages_api_and_exports(client, case):
    write, urls = CASES[case]
    warm(client, urls)
    write()
    fresh(client, urls)


def test_a_queryset_delete_is_seen_at_once(client):
    from hub.partnerships.models import Programme

    urls = ["/partnerships/programmes/", "/api/v1/programmes?limit=500"]
    _programme_by_bulk_create()
    fresh(client, urls)
    fresh(client, urls)  # now from the cache
    Programme.objects.filter(slug="aaazyxwv").delete()
    for url in urls:
        assert NEW not in read(client, url)[1], url


def test_a_many_to_many_change_is_seen_at_once(client):
    from hub.projects.models import FocusArea, Project

    project = Project.objects.get(slug="wa-kepo")
    other = FocusArea.objects.exclude(pk__in=project.focus_areas.all()).first()
    url = f"/api/v1/projects?limit=500&focus_area={other.code}"
    assert "wa-kepo" not in read(client, url)[1]
    assert read(client, url)[2] == "HIT"
    project.focus_areas.add(other)
    assert "wa-kepo" in read(client, url)[1]


def test_loaddemo_is_seen_at_once(client):
    url = "/api/v1/projects?limit=500"
    assert "(demo)" not in read(client, url)[1]
    call_command("loaddemo", "--per-member", "1", "--cycles", "1", stdout=io.StringIO(), stderr=io.StringIO())
    assert "(demo)" in read(client, url)[1]


def test_an_admin_write_is_seen_at_once(client, admin_client):
    from hub.network.models import Country

    url = "/api/v1/role-terms?role=chair&limit=500"
    assert "2031-01-01" not in read(client, url)[1]
    assert read(client, url)[2] == "HIT"
    fields = {
        "role": "chair",
        "country": Country.objects.get(code="SG").pk,
        "start_date": "2031-01-01",
        "start_precision": "day",
        "end_date": "2031-12-31",
        "end_precision": "day",
        "sources": "[]",
        "alternatives": "[]",
        "confidence": "medium",
    }
    assert admin_client.post("/admin/network/roleterm/add/", fields).status_code == 302
    assert "2031-01-01" in read(client, url)[1]


def test_monitoring_cycle_shows_after_creation(client):
    status, body, _ = read(client, "/api/v1/cycles")
    assert status == 200 and "2030-2031" not in body
    _cycle_by_service()
    status, body, _ = read(client, "/api/v1/cycles")
    assert "2030-2031" in body


def test_anonymous_reads_come_from_the_cache(client):
    assert read(client, "/members/")[2] == "MISS"
    assert read(client, "/members/")[2] == "HIT"
    assert read(client, "/api/v1/members?limit=50")[2] == "MISS"
    assert read(client, "/api/v1/members?limit=50")[2] == "HIT"


def test_each_visitor_gets_a_csrf_token_of_their_own_and_the_language_form_works(client):
    read(client, "/members/")
    other = Client(enforce_csrf_checks=True)
    response = other.get("/members/")
    assert response[HEADER] == "HIT"
    token = response.cookies["csrftoken"].value
    body = response.content.decode()
    assert "hub-csrf-token-placeholder" not in body
    masked = body.split('name="csrfmiddlewaretoken" value="')[1][:64]
    assert masked != token
    answer = other.post("/i18n/setlang/", {"language": "id", "next": "/members/", "csrfmiddlewaretoken": masked})
    assert answer.status_code == 302
    assert other.get("/members/").headers["Content-Language"] == "id"


# --- never leak ----------------------------------------------------------------------------------------------


def test_a_signed_in_page_is_never_served_to_anonymous_visitors(client, personas):
    signed_in = Client()
    signed_in.force_login(personas["secretariat"])
    for url in ("/members/", "/api/v1/members?limit=50", "/projects/"):
        mine = signed_in.get(url)
        assert HEADER not in mine
        assert read(client, url)[2] == "MISS"
    body = signed_in.get("/members/").content.decode()
    assert personas["secretariat"].email in body or "Sign out" in body or "sign out" in body.lower()
    anonymous = read(client, "/members/")[1]
    assert personas["secretariat"].email not in anonymous


def test_an_anonymous_page_is_never_served_to_signed_in_people(client, personas):
    read(client, "/members/")
    assert read(client, "/members/")[2] == "HIT"
    signed_in = Client()
    signed_in.force_login(personas["sumedang_officer"])
    response = signed_in.get("/members/")
    assert HEADER not in response
    assert personas["sumedang_officer"].email in response.content.decode() or b"logout" in response.content


def test_a_bearer_token_request_bypasses_the_cache(client, personas, token_client):
    read(client, "/api/v1/members?limit=50")
    response = token_client(personas["secretariat"]).get("/api/v1/members?limit=50")
    assert response.status_code == 200 and HEADER not in response


def test_languages_are_cached_apart(client):
    english = read(client, "/members/")[1]
    indonesian = read(client, "/members/", **{"Accept-Language": "id"})[1]
    assert english != indonesian
    assert read(client, "/members/", **{"Accept-Language": "id"})[1].count("Anggota") == indonesian.count("Anggota")
    assert read(client, "/members/")[1].count("Members") == english.count("Members")
    response = client.get("/members/")
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_pages_with_a_session_or_other_cookie_are_neither_served_nor_stored(client):
    read(client, "/members/")
    other = Client()
    other.cookies["sessionid"] = "not-a-session"
    assert HEADER not in other.get("/members/")
    other = Client()
    other.cookies["messages"] = "anything"
    assert HEADER not in other.get("/members/")


def test_signing_in_keeps_the_public_cache_but_a_name_change_empties_it(client, personas):
    """Signing in writes only last_login, which no public page shows: the anonymous copies stay valid."""
    from django.contrib.auth import get_user_model

    from hub.core import dataversion

    member = personas["sumedang_officer"]
    before = dataversion.current()
    visitor = Client()
    visitor.force_login(member)  # sends user_logged_in: update_last_login saves last_login only
    assert get_user_model().objects.get(pk=member.pk).last_login is not None
    assert dataversion.current().token == before.token
    get_user_model().objects.filter(pk=member.pk).update(name="Someone else")
    assert dataversion.current().token != before.token


def test_the_sign_in_page_is_never_cached(client):
    client.get("/accounts/login/")
    assert HEADER not in client.get("/accounts/login/")


# --- conditional GET -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/members/", "/api/v1/members?limit=50", "/data/members.csv", "/members.csv"])
def test_if_none_match_answers_304_until_a_write(client, url):
    client.get(url)  # a first visit: the CSRF cookie
    first = client.get(url)
    etag = first["ETag"]
    assert first["Cache-Control"] == "no-cache"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    _member_by_update()
    after = client.get(url, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after["ETag"] != etag


def test_if_modified_since_never_hides_a_write(client):
    import time

    _member_by_service()  # a version first seen now: no Last-Modified until its second has passed
    client.get("/members/")
    time.sleep(1.1)
    first = client.get("/members/?x=1")
    modified = first["Last-Modified"]
    assert client.get("/members/?x=1", headers={"If-Modified-Since": modified}).status_code == 304
    from hub.network.models import Member

    Member.objects.filter(slug="sumedang").update(name="Sumedang again")
    assert client.get("/members/?x=1", headers={"If-Modified-Since": modified}).status_code == 200


def test_a_record_keeps_its_own_etag_for_writes(client):
    from hub.network.models import Member

    member = Member.objects.get(slug="sumedang")
    first = client.get(f"/api/v1/members/{member.pk}")
    second = client.get(f"/api/v1/members/{member.pk}")
    assert second[HEADER] == "HIT"
    assert first["ETag"] == second["ETag"]
    assert not second["ETag"].startswith("W/")


@pytest.mark.parametrize("url", ["/", "/members/", "/projects/", "/monitoring/", "/governance/", "/meetings/"])
def test_reading_a_page_never_changes_the_data_version(client, url):
    """A read that changed the version would empty everyone's cache on each visit (the home page's growth
    steps are one WITH … SELECT statement: a read)."""
    from hub.core import dataversion

    client.get(url)
    before = dataversion.current().token
    assert client.get(url).status_code == 200
    assert dataversion.current().token == before


def test_a_with_statement_that_writes_changes_the_data_version():
    from hub.core import dataversion

    before = dataversion.current().token
    with connection.cursor() as cursor:
        cursor.execute("WITH m AS (SELECT id FROM network_member WHERE slug = %s) SELECT id FROM m", ["sumedang"])
    assert dataversion.current().token == before
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH m AS (SELECT id FROM network_member WHERE slug = %s) "
            "UPDATE network_member SET website = website WHERE id IN (SELECT id FROM m)",
            ["sumedang"],
        )
    assert dataversion.current().token != before
