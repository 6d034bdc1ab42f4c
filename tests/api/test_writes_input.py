"""What the write endpoints accept: partial updates, references by id/slug/ISO code, partial dates, and
bad input answered with a 422 naming the field (or a 404 for an unknown id), with nothing written."""

import pytest

from hub.accounts.tokens import create_token
from hub.core.models import ChangeEntry
from hub.network.models import Member, MembershipEvent, Organisation, RoleTerm
from tests.personas import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    user = make_user("ascn@asean.example", "asean-secretariat-connectivity-division", password=None)
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer " + create_token(user=user, name="input", can_write=True)[1]
    return client


def send(api, method, url, body):
    return getattr(api, method)(f"/api/v1{url}", body, content_type="application/json")


def sumedang():
    return Member.objects.get(slug="sumedang")


def fields_in_error(response) -> set:
    assert response.status_code == 422, response.content
    return {error["loc"][-1] for error in response.json()["detail"] if error["msg"]}


def test_patch_changes_only_the_fields_sent(api):
    before = sumedang()
    response = send(api, "patch", f"/members/{before.pk}", {"website": "https://www.sumedangkab.go.id"})
    assert response.status_code == 200
    after = sumedang()
    assert after.website == "https://www.sumedangkab.go.id"
    assert (after.name, after.local_name, after.summary, after.kind, after.latitude) == (
        before.name,
        before.local_name,
        before.summary,
        before.kind,
        before.latitude,
    )
    entry = ChangeEntry.objects.for_object(after).first()
    assert entry.changes == {"website": [before.website, "https://www.sumedangkab.go.id"]}


def test_an_empty_patch_changes_nothing_and_logs_nothing(api):
    entries = ChangeEntry.objects.count()
    response = send(api, "patch", f"/members/{sumedang().pk}", {})
    assert response.status_code == 200
    assert ChangeEntry.objects.count() == entries
    assert sumedang().version == 1


def test_null_clears_a_field_that_may_be_empty_and_is_refused_where_it_may_not(api):
    url = f"/members/{sumedang().pk}"
    assert send(api, "patch", url, {"latitude": None, "longitude": None}).status_code == 200
    assert sumedang().latitude is None
    assert fields_in_error(send(api, "patch", url, {"name": None})) == {"name"}


def test_coordinates_are_rounded_to_five_decimals(api):
    response = send(api, "patch", f"/members/{sumedang().pk}", {"latitude": -6.8583333, "longitude": 107.9166667})
    assert response.status_code == 200
    assert response.json()["latitude"] == -6.85833
    assert str(sumedang().longitude) == "107.91667"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"website": "not an address"}, {"website"}),
        ({"latitude": 91}, {"latitude"}),
        ({"kind": "village"}, {"kind"}),
        ({"country": "XX"}, {"country"}),
        ({"websit": "https://typo.example"}, {"websit"}),  # unknown fields are not ignored
        ({"confidence": "certain"}, {"confidence"}),
        ({"slug": "bangkok"}, {"slug"}),  # taken
        ({"name": "x" * 121}, {"name"}),
    ],
)
def test_bad_member_fields_are_a_422_naming_them(api, body, fields):
    before = sumedang()
    response = send(api, "patch", f"/members/{before.pk}", body)
    assert fields_in_error(response) == fields
    assert sumedang().version == before.version


def test_a_body_that_is_not_json_is_a_400_and_not_an_object_a_422(api):
    url = f"/api/v1/members/{sumedang().pk}"
    response = api.patch(url, "website=x", content_type="application/json")
    assert response.status_code == 400
    assert "Cannot parse request body" in response.json()["detail"]
    assert api.patch(url, "[1, 2]", content_type="application/json").status_code == 422


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("patch", "/members/999999"),
        ("patch", "/memberships/999999"),
        ("delete", "/memberships/999999"),
        ("patch", "/organisations/999999"),
        ("patch", "/people/999999"),
        ("patch", "/role-terms/999999"),
        ("delete", "/role-terms/999999"),
        ("patch", "/countries/XX"),
    ],
)
def test_an_unknown_id_is_a_404(api, method, url):
    response = send(api, method, url, {})
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Not Found")


def test_member_created_with_a_slug_made_from_its_name(api):
    response = send(
        api,
        "post",
        "/members",
        {
            "name": "Ibu Kota Nusantara",
            "local_name": "IKN",
            "kind": "city",
            "country": "id",
            "latitude": -0.97,
            "longitude": 116.7,
            "sources": ["https://www.ikn.go.id"],
            "confidence": "low",
            "alternatives": [{"reading": "candidate only", "sources": [], "note": "not admitted yet"}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "ibu-kota-nusantara"
    assert body["country"]["code"] == "ID"
    assert body["status"] is None and body["events"] == []
    assert body["provenance"]["confidence"] == "low"
    assert body["provenance"]["alternatives"][0]["reading"] == "candidate only"
    member = Member.objects.get(slug="ibu-kota-nusantara")
    entry = ChangeEntry.objects.for_object(member).get()
    assert entry.action == "create" and entry.changes["name"] == [None, "Ibu Kota Nusantara"]


def test_a_create_missing_required_fields_names_them(api):
    assert fields_in_error(send(api, "post", "/members", {"kind": "city"})) == {"name", "country"}
    assert not Member.objects.filter(kind="city", name="").exists()


def test_membership_event_takes_a_partial_date_and_a_member_by_id_or_slug(api):
    member = sumedang()
    by_slug = send(api, "post", "/memberships", {"member": "sumedang", "status": "withdrawn", "effective": "2026"})
    assert by_slug.status_code == 201, by_slug.content
    assert by_slug.json()["effective"] == "2026"
    assert by_slug.json()["effective_precision"] == "year"
    by_id = send(api, "post", "/memberships", {"member": member.pk, "status": "member", "effective": "2026-11-27"})
    assert by_id.status_code == 201
    assert by_id.json()["effective_precision"] == "day"
    event = MembershipEvent.objects.get(pk=by_slug.json()["id"])
    assert (str(event.effective_date), event.effective_date_precision) == ("2026-01-01", "year")
    # The member's status follows its history.
    assert api.get(f"/api/v1/members/{member.pk}", {"as_of": "2026-06-30"}).json()["status"] == "withdrawn"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"member": "atlantis", "status": "member", "effective": "2024"}, {"member"}),
        ({"member": 999999, "status": "member", "effective": "2024"}, {"member"}),
        ({"member": "sumedang", "status": "member", "effective": "2024-13"}, {"effective"}),
        ({"member": "sumedang", "status": "member", "effective": "June 2024"}, {"effective"}),
        ({"member": "sumedang", "status": "admitted", "effective": "2024"}, {"status"}),
        ({"member": "sumedang", "status": "member"}, {"effective"}),
    ],
)
def test_bad_membership_events_are_a_422(api, body, fields):
    count = MembershipEvent.objects.count()
    assert fields_in_error(send(api, "post", "/memberships", body)) == fields
    assert MembershipEvent.objects.count() == count


def test_patch_of_an_event_date_keeps_its_precision(api):
    event = MembershipEvent.objects.filter(member__slug="sumedang").first()
    response = send(api, "patch", f"/memberships/{event.pk}", {"effective": "2024-06-25"})
    assert response.status_code == 200
    assert response.json()["effective"] == "2024-06-25"
    assert ChangeEntry.objects.for_object(event).first().changes["effective_date_precision"] == ["month", "day"]


def test_role_term_rules_come_back_as_field_messages(api):
    csco_without_member = send(api, "post", "/role-terms", {"role": "csco", "start": "2025"})
    assert fields_in_error(csco_without_member) == {"member"}
    ends_before_start = send(
        api, "post", "/role-terms", {"role": "csco", "member": "sumedang", "start": "2025", "end": "2024"}
    )
    assert fields_in_error(ends_before_start) == {"end"}
    unknown_refs = send(
        api, "post", "/role-terms", {"role": "chair", "country": "ZZ", "organisation": "nobody", "person": 999999}
    )
    assert fields_in_error(unknown_refs) == {"country", "organisation", "person"}


def test_a_role_term_ends_with_a_partial_date_and_null_reopens_it(api):
    term = RoleTerm.objects.get(ref_key="role:shepherd-indonesia-2025")
    ended = send(api, "patch", f"/role-terms/{term.pk}", {"end": "2026-01"})
    assert ended.status_code == 200
    assert (ended.json()["end"], ended.json()["end_precision"]) == ("2026-01", "month")
    reopened = send(api, "patch", f"/role-terms/{term.pk}", {"end": None})
    assert reopened.json()["end"] is None
    assert RoleTerm.objects.get(pk=term.pk).end_until is None


def test_organisation_references_by_slug_or_id(api):
    parent = Organisation.objects.get(slug="gov-sumedang")
    response = send(
        api,
        "post",
        "/organisations",
        {
            "name": "Diskominfo Sumedang",
            "kind": "local_government",
            "country": "ID",
            "member": "sumedang",
            "parent": parent.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["parent"] == {"id": parent.pk, "name": parent.name}
    assert body["member"]["slug"] == "sumedang"
    assert body["country"]["code"] == "ID"


def test_a_bad_organisation_kind_is_a_422(api):
    response = send(api, "patch", f"/organisations/{Organisation.objects.get(slug='gov-sumedang').pk}", {"kind": "x"})
    assert fields_in_error(response) == {"kind"}


def test_country_patch_takes_a_partial_date(api):
    response = send(api, "patch", "/countries/tl", {"asean_joined": "2025-10-26", "local_name": "Timor-Leste"})
    assert response.status_code == 200, response.content
    assert response.json()["asean_joined"] == "2025-10-26"
    assert fields_in_error(send(api, "patch", "/countries/tl", {"code": "TP"})) == {"code"}


def test_the_openapi_document_says_writes_need_credentials_and_reads_do_not(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {} in paths["/api/v1/members/{member_id}"]["get"]["security"]
    for method in ("patch",):
        assert {} not in paths["/api/v1/members/{member_id}"][method]["security"]
    writes = [
        ("post", "/api/v1/members"),
        ("post", "/api/v1/memberships"),
        ("delete", "/api/v1/memberships/{event_id}"),
        ("post", "/api/v1/organisations"),
        ("patch", "/api/v1/people/{person_id}"),
        ("delete", "/api/v1/role-terms/{term_id}"),
        ("patch", "/api/v1/countries/{code}"),
    ]
    for method, path in writes:
        operation = paths[path][method]
        assert {"TokenAuth": []} in operation["security"] and {} not in operation["security"]
        assert {"401", "403", "412", "422"} <= set(operation["responses"])
        assert operation["summary"]
