"""A progress update goes from a Sumedang officer's draft to publication, through the pages of a real browser."""

import re

import pytest

from hub.monitoring import services
from hub.projects.models import Project
from tests.personas import PASSWORD, make_persona

pytestmark = pytest.mark.e2e


def sign_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/accounts/me/$"))


def test_submit_endorse_accept_through_the_pages(page):
    for name in ("sumedang_officer", "indonesia_nr", "secretariat"):
        make_persona(name)
    cycle = services.open_cycle(actor="command:test", cycle=services.create_cycle(actor="command:test", end_year=2025))
    project = Project.objects.filter(title__icontains="WA KEPO").first()
    assert project is not None, "the reference data holds Sumedang's WA KEPO"
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    # The city officer writes the draft and submits it.
    sign_in(page, "officer@sumedang.example")
    page.goto(f"/monitoring/updates/new/?project={project.slug}&cycle={cycle.slug}")
    page.get_by_label("Project status").select_option("ongoing")
    page.get_by_label("Progress (%)").fill("65")
    page.get_by_label("Milestones reached in the cycle").fill("Lebaran portal\n16 portals")
    page.get_by_label("What happened in the cycle").fill("WA KEPO served citizens through 16 portals.")
    page.get_by_label("Challenges").fill("No usage analytics.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r".*/monitoring/updates/\d+/$"))
    update_url = page.url
    assert "draft" in page.locator("#review-state").inner_text()
    page.get_by_role("button", name="Submit for endorsement").click()
    page.wait_for_url(update_url)
    assert "awaiting endorsement" in page.locator("#review-state").inner_text()

    # Indonesia's National Representative finds it in its work list and endorses it.
    sign_in(page, "nr@kemendagri.example")
    page.goto("/monitoring/updates/")
    page.get_by_role("region", name="Waiting for your review").get_by_role("link", name="WA KEPO").click()
    page.wait_for_url(update_url)
    page.get_by_role("button", name="Endorse").click()
    page.wait_for_url(update_url)
    assert "awaiting acceptance" in page.locator("#review-state").inner_text()

    # The Secretariat accepts it.
    sign_in(page, "ascn@asean.example")
    page.goto(update_url)
    page.get_by_role("button", name="Accept and publish").click()
    page.wait_for_url(update_url)
    assert "accepted" in page.locator("#review-state").inner_text()

    # The public reads it, and the dashboard counts it.
    page.context.clear_cookies()
    page.goto(update_url)
    assert "WA KEPO served citizens through 16 portals." in page.content()
    history = page.locator("#review-history").inner_text()
    assert "submitted" in history and "endorsed" in history and "accepted" in history
    page.goto(f"/monitoring/?cycle={cycle.slug}")
    assert page.locator('[data-figure="accepted"]').inner_text() == "1"
    assert violations == []
