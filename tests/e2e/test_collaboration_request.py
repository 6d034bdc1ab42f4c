"""From a challenge's page a city officer asks another member for a collaboration; that member's officer
finds it on "My work" and accepts it: a collaboration starts. Through the pages of a real browser."""

import re

import pytest

from hub.exchange.models import Challenge, Collaboration
from tests.e2e.test_review_chain import sign_in
from tests.personas import make_persona
from tests.services.test_exchange_support import make_challenge

pytestmark = pytest.mark.e2e


def test_send_a_request_from_a_challenge_and_accept_it(page):
    sumedang, _bangkok = make_persona("sumedang_officer"), make_persona("bangkok_officer")
    challenge = make_challenge(sumedang, published=True, title="Coastal floods every rainy season")
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    # Sumedang's officer asks Bangkok from the challenge's page.
    sign_in(page, "officer@sumedang.example")
    page.goto(challenge.get_absolute_url())
    page.get_by_role("link", name="Ask another member for a collaboration").click()
    page.wait_for_url(re.compile(r".*/collaborations/requests/new/\?challenge=\d+$"))
    assert page.get_by_label("Subject").input_value() == "Coastal floods every rainy season"
    page.get_by_label("Ask this member").select_option(label="Bangkok (Thailand)")
    page.get_by_label("What you ask for").select_option("study_visit")
    page.get_by_label("Message").fill("May we visit your flood control centre?")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url(re.compile(r".*/collaborations/requests/\d+/$"))
    request_url = page.url
    assert "pending" in page.locator("#request-state").inner_text()

    # Bangkok's officer finds it on "My work" and accepts it with a reply.
    sign_in(page, "officer@bangkok.example")
    incoming = page.locator("#tasks-requests_incoming")
    incoming.get_by_role("link", name="Coastal floods every rainy season").click()
    page.wait_for_url(request_url)
    page.get_by_label("Reply").fill("Welcome in March.")
    page.get_by_role("button", name="Accept: start the collaboration").click()
    page.wait_for_url(request_url)
    assert "accepted" in page.locator("#request-state").inner_text()
    assert "Welcome in March." in page.locator("#request-reply").inner_text()
    page.locator("#collaboration-link").click()
    page.wait_for_url(re.compile(r".*/collaborations/\d+/$"))
    members = page.locator("#collaboration-members").inner_text()
    assert "Sumedang" in members and "Bangkok" in members

    collaboration = Collaboration.objects.get()
    assert collaboration.challenge_id == challenge.pk
    assert Challenge.objects.get(pk=challenge.pk).status == "addressed"
    assert violations == []
