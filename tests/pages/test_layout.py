"""The shared layout: landmarks, navigation, language switcher, error pages, no inline code."""

import collections
import re

import pytest
from django.template.loader import get_template
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.pages.helpers import text

PAGES = ["/", "/members/", "/members/sumedang/", "/countries/", "/countries/id/", "/governance/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_page_has_landmarks_skip_link_and_no_inline_code(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = text(response)
    assert 'href="#main"' in html and 'id="main"' in html
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    for label in ("Home", "Members", "Countries", "Governance", "API docs", "/api/v1/docs"):
        assert label in html
    # A Content-Security-Policy without 'unsafe-inline' is coming: no inline styles or scripts.
    assert " style=" not in html
    assert "<script" not in html
    assert 'action="/i18n/setlang/"' in html
    assert 'value="id"' in html and "Bahasa Indonesia" in html
    assert "reference data are written from public sources" in html and "demo data is made up" in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert [i for i, n in collections.Counter(ids).items() if n > 1] == []


@pytest.mark.django_db
def test_language_switch_to_bahasa_indonesia(client):
    response = client.post("/i18n/setlang/", {"language": "id", "next": "/members/"})
    assert response.status_code == 302
    assert response["Location"] == "/members/"
    page = client.get("/members/")
    assert page.status_code == 200
    assert '<html lang="id">' in text(page)


def test_500_renders_without_a_request_context():
    html = get_template("500.html").render()
    assert "Something went wrong" in html
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/members/no-such-place/", "/countries/zz/", "/nowhere/"])
def test_unknown_addresses_get_the_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in text(response)
