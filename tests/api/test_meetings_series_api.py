"""The meeting series API: read with the next number and an ETag, create and change for the organisers only,
If-Match refusing stale writes, field errors, and a constant number of queries on the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.core.models import ChangeEntry
from hub.meetings import services
from hub.meetings.models import MeetingSeries
from tests.api.test_meetings_api import bearer, patch, post

pytestmark = pytest.mark.django_db

URL = "/api/v1/meeting-series"


def test_the_list_gives_each_series_its_meeting_count_next_number_and_calendar(client):
    response = client.get(URL)
    assert response.status_code == 200
    items = {s["slug"]: s for s in response.json()["items"]}
    annual = items["ascn-annual-meetings"]
    assert (annual["meeting_count"], annual["next_number"], annual["scope"]) == (8, 9, "network")
    assert annual["calendar_url"].endswith("/meetings/series/ascn-annual-meetings.ics")
    national = items["id-national-coordination"]
    assert (national["country"]["code"], national["next_number"]) == ("ID", None)


def test_one_series_answers_with_its_etag_and_a_missing_one_is_a_404(client):
    response = client.get(f"{URL}/ascn-annual-meetings")
    series = MeetingSeries.objects.get(slug="ascn-annual-meetings")
    assert response.status_code == 200
    assert response["ETag"] == f'"meeting-series-{series.pk}-v{series.version}"'
    assert response.json()["provenance"]["confidence"] == "high"
    assert client.get(f"{URL}/no-such-series").status_code == 404


def test_the_secretariat_creates_a_series_and_gets_its_address_and_etag(client, personas):
    secretariat = personas["secretariat"]
    response = post(client, URL, {"name": "ASCN Partner Workshops", "sources": ["https://asean.org/"]}, secretariat)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["slug"], body["next_number"], body["meeting_count"]) == ("ascn-partner-workshops", 1, 0)
    assert response["Location"] == f"{URL}/ascn-partner-workshops"
    assert response["ETag"] == f'"meeting-series-{body["id"]}-v1"'
    entry = ChangeEntry.objects.for_object(MeetingSeries.objects.get(pk=body["id"])).get()
    assert (entry.action, entry.via) == ("create", "api")


def test_a_national_representative_creates_its_national_series(client, personas):
    body = {"name": "Thai coordination meetings", "slug": "th-coordination", "scope": "national", "country": "th"}
    response = post(client, URL, body, personas["thailand_nr"])
    assert response.status_code == 201, response.json()
    assert response.json()["country"]["code"] == "TH"
    refused = post(client, URL, {**body, "slug": "id-other", "country": "ID"}, personas["thailand_nr"])
    assert refused.status_code == 403


@pytest.mark.parametrize("persona", ["sumedang_officer", "partner"])
def test_an_outsider_cannot_create_a_series(client, personas, persona):
    response = post(client, URL, {"name": "Outsiders' series"}, personas[persona])
    assert response.status_code == 403
    assert "Only the organisers" in response.json()["detail"]
    assert not MeetingSeries.objects.filter(name="Outsiders' series").exists()


def test_a_visitor_without_credentials_gets_a_401(client):
    response = client.post(URL, {"name": "Anonymous"}, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "National", "scope": "national"}, "country"),
        ({"name": "Taken", "slug": "ascn-annual-meetings"}, "slug"),
        ({"name": "Unknown country", "scope": "national", "country": "XX"}, "country"),
        ({"name": "Bad slug", "slug": "Not A Slug"}, "slug"),
        ({"name": "Extra", "colour": "blue"}, "colour"),
    ],
)
def test_invalid_bodies_are_422_naming_the_field(client, personas, body, field):
    response = post(client, URL, body, personas["indonesia_nr"])
    assert response.status_code == 422
    assert field in [item["loc"][-1] for item in response.json()["detail"]]


def test_patch_with_the_etag_changes_the_series_and_a_stale_if_match_is_a_412(client, personas):
    secretariat = personas["secretariat"]
    series = services.create_series(actor=secretariat, data={"name": "Workshops"})
    read = client.get(f"{URL}/{series.slug}")
    etag = read["ETag"]
    changed = patch(client, f"{URL}/{series.slug}", {"description": "Thematic."}, secretariat, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.json()
    assert changed.json()["description"] == "Thematic."
    assert changed["ETag"] != etag
    stale = patch(client, f"{URL}/{series.slug}", {"name": "Overwritten"}, secretariat, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert MeetingSeries.objects.get(pk=series.pk).name == "Workshops"
    other = client.get(f"{URL}/ascn-annual-meetings")["ETag"]
    assert patch(client, f"{URL}/{series.slug}", {"name": "X"}, secretariat, HTTP_IF_MATCH=other).status_code == 412


def test_patch_keeps_the_slug_and_refuses_those_who_do_not_organise_the_series(client, personas):
    secretariat = personas["secretariat"]
    slug_change = patch(client, f"{URL}/ascn-annual-meetings", {"slug": "annual"}, secretariat)
    assert slug_change.status_code == 422
    assert slug_change.json()["detail"][0]["loc"][-1] == "slug"
    national = patch(client, f"{URL}/id-national-coordination", {"name": "Mine now"}, personas["thailand_nr"])
    assert national.status_code == 403
    network = patch(client, f"{URL}/ascn-annual-meetings", {"name": "Mine now"}, personas["thailand_nr"])
    assert network.status_code == 403
    assert not MeetingSeries.objects.filter(name="Mine now").exists()


def test_the_list_costs_the_same_queries_for_many_series(client, personas, django_assert_max_num_queries):
    secretariat = personas["secretariat"]
    for n in range(6):
        services.create_series(actor=secretariat, data={"name": f"Series {n}"})
    headers = bearer(secretariat)
    client.get(URL, **headers)  # the token's first use is recorded once
    counts, sizes = {}, {}
    for limit in (100, 2):
        with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"limit": limit}, **headers)
        assert response.status_code == 200
        counts[limit], sizes[limit] = len(queries), len(response.json()["items"])
    assert sizes[100] > sizes[2] == 2
    assert counts[100] == counts[2]
