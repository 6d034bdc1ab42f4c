"""Optimistic concurrency in the API: ETag on every single record, If-Match refuses stale writes (412)."""

import pytest

from hub.accounts.tokens import create_token
from hub.core.models import ChangeEntry
from hub.network.models import Country, Member, MembershipEvent, Organisation, Person, RoleTerm
from tests.personas import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat_client(client):
    user = make_user("ascn@asean.example", "asean-secretariat-connectivity-division", password=None)
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer " + create_token(user=user, name="etag", can_write=True)[1]
    return client


def patch(client, url, body, **headers):
    return client.patch(url, body, content_type="application/json", **headers)


def sumedang_url():
    return f"/api/v1/members/{Member.objects.get(slug='sumedang').pk}"


@pytest.mark.parametrize(
    ("model", "url", "tag"),
    [
        (Member, "/api/v1/members/{pk}", "member-{pk}-v{version}"),
        (MembershipEvent, "/api/v1/memberships/{pk}", "membership-{pk}-v{version}"),
        (Organisation, "/api/v1/organisations/{pk}", "organisation-{pk}-v{version}"),
        (Person, "/api/v1/people/{pk}", "person-{pk}-v{version}"),
        (RoleTerm, "/api/v1/role-terms/{pk}", "role-term-{pk}-v{version}"),
        (Country, "/api/v1/countries/{code}", "country-{code}-v{version}"),
    ],
)
def test_every_detail_answers_an_etag_naming_record_and_version(client, model, url, tag):
    obj = model.objects.order_by("pk").first()
    values = {"pk": obj.pk, "version": obj.version, "code": getattr(obj, "code", "")}
    response = client.get(url.format(**values))
    assert response.status_code == 200
    assert response["ETag"] == '"' + tag.format(**values) + '"'


def test_lists_carry_no_record_etag(client):
    """A list has no record ETag: only the public cache's weak validator (conditional GET, hub/core/pagecache.py),
    which If-Match never accepts (weak ETags do not match there)."""
    etag = client.get("/api/v1/members").get("ETag", "")
    assert etag == "" or etag.startswith('W/"')


def test_patch_with_the_current_etag_works_and_answers_the_new_one(secretariat_client):
    url = sumedang_url()
    etag = secretariat_client.get(url)["ETag"]
    response = patch(secretariat_client, url, {"website": "https://www.sumedangkab.go.id"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] != etag
    assert response["ETag"].endswith(f'-v{Member.objects.get(slug="sumedang").version}"')
    assert secretariat_client.get(url)["ETag"] == response["ETag"]


def test_patch_with_a_stale_etag_is_refused_and_changes_nothing(secretariat_client):
    url = sumedang_url()
    first = secretariat_client.get(url)["ETag"]
    # Someone else saves in between.
    assert patch(secretariat_client, url, {"summary": "Edited by the first reviewer."}).status_code == 200
    member = Member.objects.get(slug="sumedang")
    entries = ChangeEntry.objects.count()

    response = patch(secretariat_client, url, {"summary": "Edited on a stale copy."}, HTTP_IF_MATCH=first)

    assert response.status_code == 412
    assert "changed by someone else" in response.json()["detail"]
    after = Member.objects.get(slug="sumedang")
    assert after.summary == "Edited by the first reviewer."
    assert after.version == member.version
    assert ChangeEntry.objects.count() == entries


def test_a_write_without_if_match_overwrites(secretariat_client):
    url = sumedang_url()
    patch(secretariat_client, url, {"summary": "One."})
    response = patch(secretariat_client, url, {"summary": "Two."})
    assert response.status_code == 200
    assert Member.objects.get(slug="sumedang").summary == "Two."


def test_if_match_star_matches_any_version(secretariat_client):
    response = patch(secretariat_client, sumedang_url(), {"summary": "Any version."}, HTTP_IF_MATCH="*")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("header", "status"),
    [
        ("member-1-v1", 400),  # quotes missing
        ('"member-1-v1", "member-1-v2"', 400),  # a list: send one ETag
        ("garbage", 400),
        ('W/"{tag}"', 412),  # weak ETags never match
        ('"member-999999-v1"', 412),  # another record's ETag
        ('"country-ID-v1"', 412),
    ],
)
def test_bad_or_foreign_if_match_is_refused_with_a_message(secretariat_client, header, status):
    url = sumedang_url()
    tag = secretariat_client.get(url)["ETag"].strip('"')
    before = Member.objects.get(slug="sumedang")
    response = patch(secretariat_client, url, {"summary": "Never saved."}, HTTP_IF_MATCH=header.format(tag=tag))
    assert response.status_code == status
    assert "If-Match" in response.json()["detail"] or "ETag" in response.json()["detail"]
    assert Member.objects.get(slug="sumedang").summary == before.summary


def test_stale_delete_is_refused(secretariat_client):
    event = MembershipEvent.objects.filter(member__slug="sumedang").first()
    url = f"/api/v1/memberships/{event.pk}"
    etag = secretariat_client.get(url)["ETag"]
    assert patch(secretariat_client, url, {"decided_by": "7th Annual Meeting, Luang Prabang"}).status_code == 200
    response = secretariat_client.delete(url, HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert MembershipEvent.objects.filter(pk=event.pk).exists()


def test_stale_country_patch_is_refused(secretariat_client):
    etag = secretariat_client.get("/api/v1/countries/id")["ETag"]
    assert etag == f'"country-ID-v{Country.objects.get(code="ID").version}"'
    assert patch(secretariat_client, "/api/v1/countries/ID", {"local_name": "Republik Indonesia"}).status_code == 200
    response = patch(secretariat_client, "/api/v1/countries/ID", {"local_name": "Indonesia Raya"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert Country.objects.get(code="ID").local_name == "Republik Indonesia"


def test_created_records_answer_201_with_etag_and_location(secretariat_client):
    response = secretariat_client.post("/api/v1/people", {"name": "A. Tester"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["ETag"] == f'"person-{body["id"]}-v1"'
    assert response["Location"] == f"/api/v1/people/{body['id']}"
    assert secretariat_client.get(response["Location"]).json()["slug"] == "a-tester"
