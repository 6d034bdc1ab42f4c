"""POST and PATCH /api/v1/role-terms keep one Chair, one Shepherd and one National Representative per country a
day: a new term ends the one in force (`end_previous`, true by default) or is a 422 naming it; an edit that
makes two terms overlap is a 422 on the field changed. Nothing is written when refused."""

import pytest

from hub.accounts.tokens import create_token
from hub.core.models import ChangeEntry
from hub.network.models import RoleTerm
from tests.personas import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    user = make_user("ascn@asean.example", "asean-secretariat-connectivity-division", password=None)
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer " + create_token(user=user, name="overlap", can_write=True)[1]
    return client


def send(api, method, url, body):
    return getattr(api, method)(f"/api/v1{url}", body, content_type="application/json")


def errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {str(error["loc"][-1]): error["msg"] for error in response.json()["detail"]}


def writes() -> tuple[int, int]:
    return RoleTerm.objects.count(), ChangeEntry.objects.count()


@pytest.fixture
def singapore(api) -> dict:
    """Singapore chairs from 2027, open-ended (after the Philippines' 2026: nothing to end)."""
    response = send(api, "post", "/role-terms", {"role": "chair", "country": "SG", "start": "2027"})
    assert response.status_code == 201, response.content
    return response.json()


def test_a_new_chair_ends_the_open_ended_one_by_default(api, singapore):
    etag = api.get(f"/api/v1/role-terms/{singapore['id']}")["ETag"]
    response = send(api, "post", "/role-terms", {"role": "chair", "country": "TH", "start": "2027-11-15"})
    assert response.status_code == 201, response.content
    assert (response.json()["start"], response.json()["end"]) == ("2027-11-15", None)
    ended = api.get(f"/api/v1/role-terms/{singapore['id']}")
    assert (ended.json()["end"], ended.json()["end_precision"]) == ("2027-11-14", "day")
    assert ended["ETag"] != etag
    for day, holder in (("2027-11-14", "SG"), ("2027-11-15", "TH")):
        held = api.get("/api/v1/role-terms", {"role": "chair", "as_of": day}).json()["items"]
        assert [term["country"]["code"] for term in held] == [holder]


def test_end_previous_false_is_a_422_on_start_naming_the_term_and_writes_nothing(api, singapore):
    before = writes()
    body = {"role": "chair", "country": "TH", "start": "2027-11-15", "end_previous": False}
    message = errors(send(api, "post", "/role-terms", body))["start"]
    assert "Chair: Singapore (2027 – …)" in message and "2027-11-14" in message
    assert writes() == before
    assert api.get(f"/api/v1/role-terms/{singapore['id']}").json()["end"] is None


def test_a_term_that_ending_one_cannot_fit_is_a_422_even_with_end_previous(api):
    before = writes()
    body = {"role": "chair", "country": "TH", "start": "2025-06", "end": "2026-06", "end_previous": True}
    message = errors(send(api, "post", "/role-terms", body))["start"]
    assert "Chair: Malaysia (2025)" in message and "Chair: Philippines (2026)" in message
    assert writes() == before


def test_a_patch_that_makes_two_chairs_overlap_is_a_422_on_the_field_sent(api):
    malaysia = RoleTerm.objects.get(ref_key="role:chair-2025")
    before = writes()
    message = errors(send(api, "patch", f"/role-terms/{malaysia.pk}", {"end": "2026-03"}))["end"]
    assert "Chair: Philippines (2026)" in message
    assert writes() == before
    assert send(api, "patch", f"/role-terms/{malaysia.pk}", {"note": "Kuala Lumpur"}).status_code == 200


def test_a_second_national_representative_ends_the_first_and_a_csco_may_be_several(api):
    body = {"role": "national_representative", "country": "ID", "organisation": "kemendagri", "start": "2027"}
    assert send(api, "post", "/role-terms", body).status_code == 201
    assert RoleTerm.objects.get(ref_key="role:nr-indonesia").end_display == "2026"
    for organisation in ("gov-sumedang", "kemendagri"):
        body = {"role": "csco", "member": "sumedang", "organisation": organisation, "start": "2025"}
        assert send(api, "post", "/role-terms", body).status_code == 201
    # Two more beside the reference CSCO of the list of 31 January 2026 (Ms. Tuti Ruswati).
    assert RoleTerm.objects.filter(role="csco", member__slug="sumedang").count() == 3


def test_end_previous_is_documented_on_post_only(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    field = schemas["RoleTermIn"]["properties"]["end_previous"]
    assert (field["type"], field["default"]) == ("boolean", True)
    assert "period just before the new start" in field["description"]
    assert "end_previous" not in schemas["RoleTermPatch"]["properties"]


def test_end_previous_is_not_a_field_of_a_patch(api):
    term = RoleTerm.objects.get(ref_key="role:chair-2025")
    assert "end_previous" in errors(send(api, "patch", f"/role-terms/{term.pk}", {"end_previous": False}))
