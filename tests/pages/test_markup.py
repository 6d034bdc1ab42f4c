"""Markup that the accessibility suite (tests/a11y) found wrong, kept right by fast page tests."""

from __future__ import annotations

import re

import pytest

from tests.pages.helpers import text
from tests.personas import make_persona


@pytest.mark.django_db
def test_time_elements_carry_whole_seconds(client):
    # date:'c' wrote microseconds ("10:11:20.123456+07:00"), which HTML refuses in a datetime attribute.
    client.force_login(make_persona("secretariat"))
    html = text(client.get("/changes/"))
    stamps = re.findall(r'<time datetime="([^"]*)"', html)
    assert stamps
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp), stamp


@pytest.mark.django_db
def test_the_project_form_keeps_aria_off_its_hidden_inputs(client):
    client.force_login(make_persona("sumedang_officer"))
    html = text(client.get("/projects/wa-kepo/edit/"))
    hidden = re.findall(r'<input type="hidden" name="initial-[^>]*>', html)
    assert hidden and not [tag for tag in hidden if "aria-" in tag]
    assert 'aria-describedby="id_start_helptext"' in html  # the visible field keeps its description


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading"), [("en", "API documentation"), ("id", "Dokumentasi API")])
def test_the_api_docs_are_a_page_of_the_hub(client, settings, language, heading):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = text(response)
    # The hub's layout: language, landmarks, the navigation back to the hub, its footer.
    assert f'<html lang="{language}">' in html
    assert '<main id="main"' in html and 'class="site-nav"' in html and 'class="site-footer"' in html
    assert f"<h1>{heading}</h1>" in html
    # Swagger UI from the hub's own static files, started without inline script; no link inside its buttons.
    assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/js/api-docs.js" in html
    assert "/static/css/api-docs.css" in html
    assert not re.search(r"https?://", html.split("<footer")[0].split("</header>")[1])  # nothing from elsewhere
    assert "<script>" not in html and 'style="' not in html
    assert '"deepLinking": false' in html
