"""A city officer of Sumedang signs in, edits the member's summary, and sees it on the page and in its history."""

import re

import pytest
from playwright.sync_api import expect

from tests.personas import PASSWORD, make_user

pytestmark = pytest.mark.e2e

SUMMARY = "Sumedang answers residents on WA KEPO, its WhatsApp service channel."


def test_a_city_officer_edits_the_profile_and_sees_the_change_and_its_history(page):
    make_user("officer@sumedang.example", "gov-sumedang")

    # The edit page sends an anonymous visitor to sign in, and back after.
    page.goto("/members/sumedang/edit/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("E-mail").fill("officer@sumedang.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/members/sumedang/edit/")

    # Only the profile is offered to a city officer.
    expect(page.get_by_label("Kind")).to_have_count(0)
    summary = page.get_by_label("Summary")
    previous = summary.input_value()
    summary.fill(SUMMARY)
    page.get_by_role("button", name="Save").click()

    page.wait_for_url("**/members/sumedang/")
    expect(page.get_by_role("status")).to_contain_text("Saved")
    profile = page.locator("section[aria-labelledby='profile-title']")
    expect(profile).to_contain_text(SUMMARY)

    history = page.locator("#change-history")
    expect(history.get_by_role("heading", name="History")).to_be_visible()
    first = history.locator("tbody tr").first
    expect(first).to_contain_text("officer@sumedang.example")
    expect(first).to_contain_text("page")
    expect(first).to_contain_text("Summary")
    expect(first).to_contain_text(SUMMARY)
    if previous:
        expect(first).to_contain_text(previous[:40])
