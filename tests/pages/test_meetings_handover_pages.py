"""A Chair handover recorded through the meeting pages: the governance page shows one Chair on every day,
the decision says which term it ended, and deleting it (after a confirmation that says so) gives the
previous Chair its end back."""

from datetime import date

import pytest

from hub.meetings.models import Outcome
from hub.network.models import Country, RoleTerm
from tests.pages.helpers import held_by, text
from tests.services.test_meetings_factories import make_item, make_meeting

pytestmark = pytest.mark.django_db


def chairs(client, day: str) -> list[str]:
    response = client.get("/governance/", {"date": day})
    assert response.status_code == 200
    return held_by(response, "chair")


def test_a_handover_recorded_on_the_page_leaves_one_chair_on_every_day_and_is_taken_back(client, personas):
    secretariat = personas["secretariat"]
    philippines = RoleTerm.objects.get(ref_key="role:chair-2026")
    meeting = make_meeting(secretariat, title="Extraordinary meeting", start_date=date(2026, 6, 15))
    item = make_item(secretariat, meeting, "Chair for the rest of 2026")
    client.force_login(secretariat)
    response = client.post(
        f"/meetings/items/{item.pk}/outcomes/new/",
        {
            "kind": "decision",
            "text": "Viet Nam chairs the network from 1 July 2026.",
            "effect_kind": "chair_handover",
            "effect_country": Country.objects.get(code="VN").pk,
            "effect_start": "2026-07-01",
            "effect_end": "2026",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    decision = Outcome.objects.get(agenda_item=item)

    for day, expected in (("2026-06-30", ["Philippines"]), ("2026-07-01", ["Viet Nam"]), ("2026-12-31", ["Viet Nam"])):
        assert chairs(client, day) == expected
    page = text(client.get(meeting.get_absolute_url()))
    assert "It ended the previous term: Philippines (2026 – 2026-06-30), until then 2026." in page

    confirm = text(client.get(f"/meetings/outcomes/{decision.pk}/delete/"))
    assert "The term it ended gets its end back" in confirm
    assert client.post(f"/meetings/outcomes/{decision.pk}/delete/").status_code == 302
    assert chairs(client, "2026-07-01") == ["Philippines"]
    philippines.refresh_from_db()
    assert (philippines.end_display, philippines.end_precision) == ("2026", "year")


def test_a_handover_the_registry_refuses_shows_the_reason_on_the_effect_field(client, personas):
    secretariat = personas["secretariat"]
    item = make_item(secretariat, make_meeting(secretariat, start_date=date(2025, 12, 1)), "Chair 2026")
    client.force_login(secretariat)
    response = client.post(
        f"/meetings/items/{item.pk}/outcomes/new/",
        {
            "kind": "decision",
            "text": "Viet Nam chairs in 2026.",
            "effect_kind": "chair_handover",
            "effect_country": Country.objects.get(code="VN").pk,
            "effect_start": "2026",
        },
    )
    assert response.status_code == 400
    assert "already held" in " ".join(response.context["form"].errors["effect_start"])
    assert not item.outcomes.exists()
    assert chairs(client, "2026-06-01") == ["Philippines"]
