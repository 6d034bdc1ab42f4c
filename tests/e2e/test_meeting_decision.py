"""The Secretariat signs in, records a decision admitting a candidate at a meeting, and sees the registry
follow; then reorders the agenda in place (agenda.js) without a page reload."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from hub.meetings import services
from hub.network import services as registry
from hub.network.models import Country, Member
from tests.personas import PASSWORD, make_user

pytestmark = pytest.mark.e2e


def _setup():
    secretariat = make_user("ascn@asean.example", "asean-secretariat-connectivity-division")
    candidate = registry.create_member(
        actor=secretariat,
        data={
            "slug": "testville",
            "name": "Testville",
            "kind": "city",
            "country": Country.objects.get(code="ID"),
            "source_note": "test",
        },
    )
    registry.create_membership_event(
        actor=secretariat,
        data={"member": candidate, "status": "candidate", "effective_date": date(2025, 1, 1), "source_note": "test"},
    )
    meeting = services.create_meeting(
        actor=secretariat,
        data={
            "title": "Extraordinary ASCN meeting",
            "kind": "annual",
            "scope": "network",
            "start_date": date(2025, 6, 10),
            "end_date": date(2025, 6, 10),
            "city": "Jakarta",
        },
    )
    services.add_agenda_item(actor=secretariat, meeting=meeting, data={"title": "Opening"})
    services.add_agenda_item(actor=secretariat, meeting=meeting, data={"title": "New members"})
    return meeting


def _members_on(page, day: str) -> int:
    return page.request.get(f"/api/v1/members?as_of={day}&limit=1").json()["count"]


def test_the_secretariat_records_a_decision_that_admits_a_candidate(page):
    meeting = _setup()
    before, day_before = _members_on(page, "2025-06-10"), _members_on(page, "2025-06-09")

    page.goto(f"/accounts/login/?next=/meetings/{meeting.pk}/")
    page.get_by_label("E-mail").fill("ascn@asean.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")

    item = page.locator(".agenda-item", has_text="New members")
    item.get_by_role("link", name="Record a decision").click()
    page.wait_for_url(re.compile(r"/outcomes/new/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a decision on “New members”")
    page.get_by_label("Text").fill("Testville is admitted as a member of the network.")
    page.get_by_label("Change to the registry").select_option("admit_member")
    page.get_by_label("Members admitted").select_option(label="Testville (Indonesia)")
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/#decision-\d+$"))
    decision = page.locator(".outcome--decision")
    expect(decision).to_contain_text("Decision 1:")
    expect(decision).to_contain_text("Testville is admitted as a member of the network.")
    expect(decision).to_contain_text("Registry: Testville member from 2025-06-10")
    assert _members_on(page, "2025-06-10") == before + 1
    assert _members_on(page, "2025-06-09") == day_before
    assert Member.objects.members_on(date(2025, 6, 10)).filter(slug="testville").exists()

    # Reordering happens in place: the page is not reloaded (a marker set in the page survives).
    page.evaluate("window.__stay = 'still here'")
    page.locator(".agenda-item", has_text="New members").get_by_role("button", name="Move up").click()
    expect(page.locator(".agenda-item__title").first).to_have_text("New members")
    assert page.evaluate("window.__stay") == "still here"
    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True)) == ["New members", "Opening"]
