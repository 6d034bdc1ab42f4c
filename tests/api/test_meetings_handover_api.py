"""Handover decisions over the API: the decision names the term it ended, one Shepherd is in force on any day,
deleting the decision gives the old end back, and a refused handover writes nothing."""

from datetime import date

import pytest

from hub.network.models import RoleTerm
from tests.api.test_meetings_api import bearer, post
from tests.services.test_meetings_factories import make_item, make_meeting

pytestmark = pytest.mark.django_db


def shepherds(client, day: str) -> list[str]:
    body = client.get("/api/v1/role-terms", {"role": "shepherd", "as_of": day, "limit": 50}).json()
    return [term["holder"]["name"] for term in body["items"]]


def handover(client, secretariat, item, start: str):
    return post(
        client,
        f"/api/v1/agenda-items/{item.pk}/outcomes",
        {
            "kind": "decision",
            "text": "Malaysia takes the Shepherd role over.",
            "effects": [{"kind": "shepherd_handover", "country": "MY", "start": start}],
        },
        secretariat,
    )


def test_a_shepherd_handover_ends_the_term_in_force_and_deleting_it_gives_the_end_back(client, personas):
    secretariat = personas["secretariat"]
    item = make_item(secretariat, make_meeting(secretariat, start_date=date(2026, 9, 10)), "Shepherd")
    assert shepherds(client, "2026-10-01") == ["Indonesia"]

    decision = handover(client, secretariat, item, "2026-09-10")
    assert decision.status_code == 201, decision.content
    effect = decision.json()["effects"][0]
    assert effect["role_term"]["holder"] == "Malaysia"
    assert effect["ended_term"]["holder"] == "Indonesia"
    assert (effect["ended_term"]["end"], effect["ended_term_end_before"]) == ("2026-09-09", "2027")
    assert shepherds(client, "2026-09-09") == ["Indonesia"]
    assert shepherds(client, "2026-09-10") == ["Malaysia"]
    assert shepherds(client, "2027-06-01") == ["Malaysia"]

    again = client.get(f"/api/v1/decisions/{decision.json()['id']}").json()
    assert again["effects"][0]["ended_term"]["end"] == "2026-09-09"

    deleted = client.delete(f"/api/v1/outcomes/{decision.json()['id']}", **bearer(secretariat))
    assert deleted.status_code == 204, deleted.content
    assert shepherds(client, "2026-10-01") == ["Indonesia"]
    assert RoleTerm.objects.get(ref_key="role:shepherd-indonesia-2025").end_display == "2027"


def test_a_refused_handover_is_a_422_on_the_effect_and_changes_nothing(client, personas):
    secretariat = personas["secretariat"]
    item = make_item(secretariat, make_meeting(secretariat, start_date=date(2023, 7, 1)), "Shepherd")
    # The reference data has Singapore until 2023-07 and Indonesia from 2023-07: two Shepherds that month.
    response = handover(client, secretariat, item, "2023-07")
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == "effect_start" and "held by 2 terms" in error["msg"]
    assert not item.outcomes.exists()
    assert RoleTerm.objects.get(ref_key="role:shepherd-indonesia-2025").end_display == "2027"
