"""Meeting series services: who creates and edits which series, the change log, the slug that stays, and the
number proposed for a series' next meeting."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hub.core.models import ChangeEntry
from hub.core.services import Conflict
from hub.meetings import services
from hub.meetings.models import MeetingSeries
from hub.network.models import Country
from tests.services.test_meetings_factories import annual_series, make_meeting

pytestmark = pytest.mark.django_db


def national(code: str, name: str = "National meetings", **extra) -> dict:
    return {"name": name, "scope": "national", "country": Country.objects.get(code=code), **extra}


def next_number(series: MeetingSeries, user) -> int | None:
    return MeetingSeries.objects.with_meetings(user).get(pk=series.pk).next_number


def test_the_secretariat_creates_a_network_series_with_a_slug_from_its_name_and_a_log_entry(personas):
    secretariat = personas["secretariat"]
    series = services.create_series(
        actor=secretariat, data={"name": "ASCN Partner Workshops", "description": "With partners."}, via="test"
    )
    assert (series.slug, series.scope, series.country) == ("ascn-partner-workshops", "network", None)
    entry = ChangeEntry.objects.for_object(series).get()
    assert (entry.action, entry.actor, entry.via) == ("create", secretariat, "test")
    assert entry.changes["name"] == [None, "ASCN Partner Workshops"]


def test_a_national_representative_creates_its_countrys_national_series_only(personas):
    thailand = personas["thailand_nr"]
    series = services.create_series(actor=thailand, data=national("TH", "Thai coordination meetings"))
    assert (series.scope, series.country.code) == ("national", "TH")
    with pytest.raises(PermissionDenied, match="Only the organisers"):
        services.create_series(actor=thailand, data=national("ID", "Not mine"))
    with pytest.raises(PermissionDenied):
        services.create_series(actor=thailand, data={"name": "A network series"})
    assert not MeetingSeries.objects.filter(name__in=["Not mine", "A network series"]).exists()


@pytest.mark.parametrize("persona", ["sumedang_officer", "partner", "anonymous"])
def test_outsiders_cannot_create_a_series(personas, persona):
    with pytest.raises(PermissionDenied):
        services.create_series(actor=personas[persona], data={"name": "Outsiders' series"})
    assert not MeetingSeries.objects.filter(name="Outsiders' series").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "No country", "scope": "national"}, "country"),
        ({"name": ""}, "name"),
        ({"name": "Network with a country", "country": "SG"}, "country"),
        ({"name": "Taken", "slug": "ascn-annual-meetings"}, "slug"),
        ({"name": "Reserved", "slug": "new"}, "slug"),
    ],
)
def test_invalid_series_are_refused_with_the_field(personas, data, field):
    if isinstance(data.get("country"), str):
        data = {**data, "country": Country.objects.get(code=data["country"])}
    with pytest.raises(ValidationError) as refused:
        services.create_series(actor=personas["secretariat"], data=data)
    assert field in refused.value.message_dict


def test_editing_a_series_is_logged_refuses_stale_versions_and_keeps_the_slug(personas):
    secretariat = personas["secretariat"]
    series = services.create_series(actor=secretariat, data={"name": "Workshops"})
    updated = services.update_series(
        actor=secretariat, series=series, data={"name": "Thematic workshops"}, expected_version=1, via="test"
    )
    assert (updated.name, updated.version) == ("Thematic workshops", 2)
    assert ChangeEntry.objects.for_object(series).filter(action="update").get().changes["name"] == [
        "Workshops",
        "Thematic workshops",
    ]
    with pytest.raises(Conflict):
        services.update_series(actor=secretariat, series=updated, data={"name": "Stale"}, expected_version=1)
    with pytest.raises(ValidationError, match="keeps its slug"):
        services.update_series(actor=secretariat, series=updated, data={"slug": "other"})
    assert MeetingSeries.objects.get(pk=series.pk).name == "Thematic workshops"


def test_a_national_representative_edits_its_national_series_but_not_the_network_ones(personas):
    indonesia = personas["indonesia_nr"]  # also the Shepherd: it organises network meetings too
    thailand = personas["thailand_nr"]
    national_id = MeetingSeries.objects.get(slug="id-national-coordination")
    with pytest.raises(PermissionDenied):
        services.update_series(actor=thailand, series=national_id, data={"name": "Taken over"})
    with pytest.raises(PermissionDenied):
        services.update_series(actor=thailand, series=annual_series(), data={"name": "Taken over"})
    services.update_series(actor=indonesia, series=national_id, data={"description": "Rapat Koordinasi."})
    assert MeetingSeries.objects.get(pk=national_id.pk).description == "Rapat Koordinasi."
    with pytest.raises(PermissionDenied):
        services.update_series(actor=indonesia, series=national_id, data={"country": Country.objects.get(code="TH")})
    assert MeetingSeries.objects.get(pk=national_id.pk).country.code == "ID"


def test_a_series_whose_meetings_are_network_meetings_does_not_become_national(personas):
    shepherd_and_nr = personas["indonesia_nr"]  # organises network series and Indonesia's national ones
    with pytest.raises(ValidationError, match="not national meetings") as refused:
        services.update_series(
            actor=shepherd_and_nr,
            series=annual_series(),
            data={"scope": "national", "country": Country.objects.get(code="ID")},
        )
    assert "scope" in refused.value.message_dict
    assert annual_series().scope == "network"


def test_the_next_number_follows_the_last_numbered_meeting_the_reader_may_see(personas):
    secretariat = personas["secretariat"]
    assert next_number(annual_series(), None) == 9  # the 8th Annual Meeting is the last recorded
    make_meeting(
        secretariat, title="9th (closed)", series=annual_series(), number=9, visibility="restricted", kind="annual"
    )
    assert next_number(annual_series(), secretariat) == 10
    assert next_number(annual_series(), None) == 9  # a visitor learns nothing of the restricted meeting
    fresh = services.create_series(actor=secretariat, data={"name": "Fresh"})
    assert next_number(fresh, secretariat) == 1
    unnumbered = MeetingSeries.objects.get(slug="id-national-coordination")
    assert next_number(unnumbered, personas["indonesia_nr"]) is None
    make_meeting(secretariat, series=fresh, number=4, start_date=date(2026, 5, 1))
    assert next_number(fresh, None) == 5
