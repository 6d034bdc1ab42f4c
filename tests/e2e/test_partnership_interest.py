"""A partner finds a published investment opportunity, expresses interest, and the city officer answers,
through the pages of a real browser."""

import re

import pytest

from tests.e2e.test_review_chain import sign_in
from tests.partnerships_factories import make_opportunity
from tests.personas import make_persona

pytestmark = pytest.mark.e2e


def test_a_partner_expresses_interest_and_the_officer_answers(page):
    officer, nr = make_persona("sumedang_officer"), make_persona("indonesia_nr")
    make_persona("partner")
    make_opportunity(officer, state="published", nr=nr)
    make_opportunity(officer, title="Unpublished idea (draft)")
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    # The partner (ADB) filters the published opportunities and opens Sumedang's.
    sign_in(page, "cities@adb.example")
    page.goto("/partnerships/opportunities/")
    page.get_by_label("Country").select_option("ID")
    page.get_by_label("Instrument").select_option("grant")
    page.get_by_role("button", name="Show opportunities").click()
    table = page.locator("#opportunities-table")
    assert "Unpublished idea" not in table.inner_text()
    table.get_by_role("link", name="WA KEPO service desk expansion").click()
    page.wait_for_url(re.compile(r".*/partnerships/opportunities/[\w-]+/$"))
    page.get_by_role("link", name="Express interest").click()
    page.get_by_label("Message").fill("ADB could co-finance the service desk; can we talk in March?")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(re.compile(r".*/partnerships/interests/\d+/$"))
    conversation_url = page.url
    assert "waiting for the member's answer" in page.content()

    # The city officer finds it on the opportunity and answers.
    sign_in(page, "officer@sumedang.example")
    page.goto(conversation_url)
    assert "ADB could co-finance" in page.content()
    page.get_by_label("Message").fill("Welcome. The study is ready; March suits us.")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(conversation_url)
    assert "answered" in page.locator(".status").inner_text()

    # The partner sees the answer on its own page.
    sign_in(page, "cities@adb.example")
    page.goto("/partnerships/partner/")
    assert "WA KEPO service desk expansion" in page.content()
    page.get_by_role("link", name="Open the conversation").click()
    assert "March suits us" in page.content()
    assert violations == []
