"""Signing in through the form in a real browser, under the strict Content-Security-Policy."""

import pytest

from tests.personas import PASSWORD, make_persona

pytestmark = pytest.mark.e2e


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_city_officer_signs_in_and_sees_its_work(page):
    make_persona("sumedang_officer")
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    sign_in(page, "officer@sumedang.example")
    page.wait_for_url("**/accounts/me/")
    assert page.get_by_role("heading", name="My work", level=1).is_visible()
    roles = page.locator("#roles-table")
    # Sumedang's government holds Sumedang's CSCO term (the NR/CSCO list of 31 January 2026).
    assert "Chief Smart City Officer" in roles.inner_text()
    edit = page.get_by_role("link", name="Edit the profile of Sumedang")
    assert edit.get_attribute("href") == "/members/sumedang/edit/"
    assert violations == []


def test_the_national_representative_sees_its_members_and_its_shepherd_term(page):
    make_persona("indonesia_nr")
    sign_in(page, "nr@kemendagri.example")
    page.wait_for_url("**/accounts/me/")
    roles = page.locator("#roles-table").inner_text()
    assert "National Representative" in roles and "Shepherd" in roles
    members = page.locator("#nr-members tbody th").all_inner_texts()
    assert "Sumedang" in [name.strip() for name in members]


def test_a_wrong_password_shows_a_message_in_the_page(page):
    make_persona("sumedang_officer")
    sign_in(page, "officer@sumedang.example", "not the password")
    alert = page.get_by_role("alert")
    assert "not right" in alert.inner_text()
    assert page.url.endswith("/accounts/login/")
