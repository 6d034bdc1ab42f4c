"""The role term pages keep one Chair, one Shepherd and one National Representative per country a day: adding a
term that starts inside another asks first (a ticked box "End <holder>'s term on <the period before>"), and
saves both in one write; unticked, or on the edit page, an overlap is refused with a message naming the term."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from hub.core.models import ChangeEntry
from hub.network import services
from hub.network.forms import RoleTermForm
from hub.network.models import Country, RoleTerm
from tests.pages.helpers import held_by, text
from tests.pages.test_registry_edit_matrix import form_payload
from tests.personas import PERSONAS, make_user

pytestmark = pytest.mark.django_db

ADD = reverse("network:role_term_add")
END_INDONESIA = "End Indonesia&#x27;s term on 2025-12"


@pytest.fixture
def keeper(client: Client):
    client.force_login(make_user(*PERSONAS["secretariat"], password=None))
    return client


def new_term(role: str, code: str, start: str, **extra) -> dict[str, str]:
    return {
        "role": role,
        "country": str(Country.objects.get(code=code).pk),
        "start": start,
        "confidence": "medium",
        "sources": "https://example.org/handover",
        **extra,
    }


def writes() -> tuple[int, int]:
    return RoleTerm.objects.count(), ChangeEntry.objects.count()


def indonesia() -> RoleTerm:
    return RoleTerm.objects.get(ref_key="role:shepherd-indonesia-2025")


def checkbox(html: str) -> str:
    match = re.search(r'<input type="checkbox" name="end_previous"[^>]*>', html)
    assert match, "no end_previous box"
    return match.group(0)


def offered(html: str) -> str:
    return re.search(r'name="offered" value="([^"]+)"', html).group(1)


def held(client, role: str, day: str) -> list[str]:
    return held_by(client.get("/governance/", {"date": day}), role)


def test_the_add_form_asks_before_ending_the_term_in_force_and_saves_nothing_yet(keeper):
    assert 'name="end_previous"' not in text(keeper.get(ADD))
    before = writes()
    response = keeper.post(ADD, new_term("shepherd", "TH", "2026-01"))
    assert response.status_code == 200
    html = text(response)
    assert "Check before saving: this term ends another" in html
    assert END_INDONESIA in html
    assert " checked" in checkbox(html)
    assert "Shepherd: Indonesia (2025 – 2027) is in force when the new term starts" in html
    assert offered(html) == f"{indonesia().pk}-v1-2025-12"
    assert writes() == before


def test_saving_with_the_box_ticked_ends_the_term_in_the_same_write(keeper):
    html = text(keeper.post(ADD, new_term("shepherd", "TH", "2026-01")))
    response = keeper.post(ADD, new_term("shepherd", "TH", "2026-01", offered=offered(html), end_previous="on"))
    assert response.status_code == 302
    assert (indonesia().end_display, indonesia().end_precision) == ("2025-12", "month")
    assert ChangeEntry.objects.for_object(indonesia()).latest("pk").via == "page"
    page = text(keeper.get(response.url))
    assert "Indonesia&#x27;s term now ends on 2025-12." in page
    assert held(keeper, "shepherd", "2025-12-31") == ["Indonesia", "Indonesia"]  # both terms meet in 2025
    assert held(keeper, "shepherd", "2026-01-01") == ["Thailand"]


def test_unticking_the_box_refuses_the_term_naming_the_one_it_overlaps(keeper):
    html = text(keeper.post(ADD, new_term("shepherd", "TH", "2026-01")))
    before = writes()
    response = keeper.post(ADD, new_term("shepherd", "TH", "2026-01", offered=offered(html)))
    assert response.status_code == 400
    html = text(response)
    assert "Please correct the following" in html
    assert "One holder a day: this term starts while Shepherd: Indonesia (2025 – 2027) is in force." in html
    assert END_INDONESIA in html and " checked" not in checkbox(html)
    assert writes() == before and indonesia().end_display == "2027"


def test_the_page_asks_again_when_the_term_to_end_changed_meanwhile(keeper):
    html = text(keeper.post(ADD, new_term("shepherd", "TH", "2026-01")))
    colleague = make_user("colleague@asean.example", "asean-secretariat-connectivity-division", password=None)
    term = services.update_role_term(actor=colleague, term=indonesia(), data={"note": "Renewed once."})
    before = writes()
    response = keeper.post(ADD, new_term("shepherd", "TH", "2026-01", offered=offered(html), end_previous="on"))
    assert response.status_code == 200 and "Check before saving" in text(response)
    assert offered(text(response)) == f"{term.pk}-v2-2025-12"
    assert writes() == before


def test_a_term_that_overlaps_nothing_saves_at_once(keeper):
    response = keeper.post(ADD, new_term("chair", "SG", "2027"))
    assert response.status_code == 302
    assert RoleTerm.objects.filter(role="chair", country__code="SG", start_date__year=2027).exists()


def test_a_term_that_ending_one_cannot_fit_shows_the_error_without_a_box(keeper):
    before = writes()
    response = keeper.post(ADD, new_term("chair", "TH", "2025-06", end="2026-06"))
    assert response.status_code == 400
    html = text(response)
    assert "One holder a day: this term overlaps Chair: Malaysia (2025); Chair: Philippines (2026)." in html
    assert 'name="end_previous"' not in html
    assert writes() == before


def test_the_edit_page_refuses_dates_that_overlap_another_term(keeper):
    malaysia = RoleTerm.objects.get(ref_key="role:chair-2025")
    url = reverse("network:role_term_edit", args=[malaysia.pk])
    before = writes()
    response = keeper.post(url, form_payload(RoleTermForm, malaysia, end="2026-03"))
    assert response.status_code == 400
    html = text(response)
    assert re.search(
        r'<ul class="field-errors" id="id_end_error"><li>One holder a day: this term overlaps '
        r"Chair: Philippines \(2026\)\.",
        html,
    )
    assert writes() == before
    assert 'name="end_previous"' not in html


def test_the_governance_page_shows_one_chair_a_day_after_a_registry_handover(keeper):
    assert keeper.post(ADD, new_term("chair", "SG", "2027")).status_code == 302
    data = new_term("chair", "TH", "2027-11-15")
    html = text(keeper.post(ADD, data))
    assert "End Singapore&#x27;s term on 2027-11-14" in html
    assert keeper.post(ADD, {**data, "offered": offered(html), "end_previous": "on"}).status_code == 302
    for day, holder in (("2027-01-01", "Singapore"), ("2027-11-14", "Singapore"), ("2027-11-15", "Thailand")):
        assert held(keeper, "chair", day) == [holder]
    assert held(keeper, "chair", "2030-06-01") == ["Thailand"]
    history = text(keeper.get("/governance/"))
    history = history[history.index('id="history-chair"') :]
    assert "2027 – 2027-11-14" in history
