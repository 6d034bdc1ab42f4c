"""Meeting series pages: the list (constant queries), a series with its meetings and calendar feed, creating and
editing a series through the form (field errors, refusals, stale versions), and the next number proposed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.core.models import ChangeEntry
from hub.meetings import services
from hub.meetings.models import MeetingSeries
from hub.network.models import Country
from tests.pages.helpers import text
from tests.services.test_meetings_factories import annual_series

pytestmark = pytest.mark.django_db


def test_the_list_shows_each_series_with_its_meetings_and_calendar(client):
    response = client.get("/meetings/series/")
    assert response.status_code == 200
    body = text(response)
    assert "ASCN Annual Meetings" in body and "national meetings of Indonesia" in body
    assert 'href="/meetings/series/ascn-annual-meetings.ics"' in body
    assert "New series" not in body
    rows = {s.slug: s for s in response.context["page_obj"]}
    assert rows["ascn-annual-meetings"].meeting_count == 8
    assert 'href="/meetings/series/"' in text(client.get("/meetings/"))


def test_the_list_costs_the_same_queries_for_many_series(client, personas):
    secretariat = personas["secretariat"]
    client.force_login(secretariat)
    counts = []
    for more in (0, 6):
        for n in range(more):
            services.create_series(actor=secretariat, data={"name": f"Series {n}"})
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/meetings/series/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert len(response.context["page_obj"]) == 8
    assert counts[0] == counts[1]


def test_a_series_page_lists_its_meetings_links_its_feed_and_offers_the_next_meeting(client, personas):
    url = annual_series().get_absolute_url()
    public = text(client.get(url))
    assert "7th ASCN Annual Meeting" in public
    assert 'href="/meetings/series/ascn-annual-meetings.ics"' in public
    assert "Edit the series" not in public
    client.force_login(personas["secretariat"])
    organiser = text(client.get(url))
    assert 'href="/meetings/new/?series=ascn-annual-meetings"' in organiser
    assert "New meeting of this series (no. 9)" in organiser
    assert 'href="/meetings/series/ascn-annual-meetings/edit/"' in organiser


def test_choosing_a_series_proposes_its_next_number(client, personas):
    client.force_login(personas["secretariat"])
    response = client.get("/meetings/new/", {"series": "ascn-annual-meetings"})
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["series"].value(), form["number"].value()) == (annual_series().pk, 9)
    html = text(response)
    assert re.search(rf'<option value="{annual_series().pk}" selected data-next-number="9">', html)
    assert 'data-proposed="9"' in html and "meetings/series.js" in html
    # Without a series chosen, every option still carries its proposal for the script.
    plain = text(client.get("/meetings/new/"))
    assert re.search(rf'<option value="{annual_series().pk}" data-next-number="9">', plain)


def test_the_secretariat_creates_a_series_through_the_form(client, personas):
    secretariat = personas["secretariat"]
    client.force_login(secretariat)
    assert client.get("/meetings/series/new/").status_code == 200
    response = client.post(
        "/meetings/series/new/",
        {"name": "ASCN Partner Workshops", "slug": "", "scope": "network", "confidence": "high", "sources": ""},
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.get(slug="ascn-partner-workshops")
    assert response["Location"] == series.get_absolute_url()
    assert ChangeEntry.objects.for_object(series).get().via == "page"


def test_the_form_shows_field_errors(client, personas):
    client.force_login(personas["indonesia_nr"])
    response = client.post(
        "/meetings/series/new/",
        {"name": "National", "slug": "ascn-annual-meetings", "scope": "national", "confidence": "high"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "country" in errors and "slug" in errors
    body = text(response)
    assert 'href="#id_country"' in body and "field--invalid" in body


@pytest.mark.parametrize("persona", ["sumedang_officer", "partner", "anonymous"])
def test_outsiders_are_refused_the_series_form(client, personas, persona):
    if personas[persona]:
        client.force_login(personas[persona])
    assert client.get("/meetings/series/new/").status_code == 403
    response = client.post("/meetings/series/new/", {"name": "Outsiders", "scope": "network", "confidence": "high"})
    assert response.status_code == 403
    assert "Only the organisers" in text(response)
    assert client.get("/meetings/series/ascn-annual-meetings/edit/").status_code == 403
    assert not MeetingSeries.objects.filter(name="Outsiders").exists()


def test_a_national_representative_edits_its_national_series_and_a_stale_form_is_refused(client, personas):
    indonesia = personas["indonesia_nr"]
    series = MeetingSeries.objects.get(slug="id-national-coordination")
    client.force_login(indonesia)
    form = client.get(f"/meetings/series/{series.slug}/edit/")
    assert form.status_code == 200
    assert form.context["form"].fields["slug"].disabled
    data = {
        "name": series.name,
        "slug": "ignored",
        "scope": "national",
        "country": Country.objects.get(code="ID").pk,
        "description": "Rapat Koordinasi with the Indonesian members.",
        "confidence": "high",
        "sources": "\n".join(series.sources),
        "version": series.version,
    }
    response = client.post(f"/meetings/series/{series.slug}/edit/", data)
    assert response.status_code == 302
    series.refresh_from_db()
    assert (series.slug, series.description) == ("id-national-coordination", data["description"])
    stale = client.post(f"/meetings/series/{series.slug}/edit/", {**data, "description": "Overwritten"})
    assert stale.status_code == 400
    assert "changed by someone else" in text(stale)
    series.refresh_from_db()
    assert series.description == data["description"]
    client.force_login(personas["thailand_nr"])
    assert client.get(f"/meetings/series/{series.slug}/edit/").status_code == 403
