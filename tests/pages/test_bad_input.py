"""Pages refuse input no view can use with the 400 page naming the parameter, never a 500 or a cut-off CSV
(defect 3: SQLite accepts NUL, PostgreSQL does not)."""

from __future__ import annotations

import pytest

from tests.pages.helpers import text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/members/", {"q": "\x00"}),
        ("/members.csv", {"q": "\x00"}),
        ("/projects/", {"q": "\x00"}),
        ("/projects/export.csv", {"member": "\x00"}),
        ("/meetings/", {"q": "\x07"}),
        ("/members/", {"country\x00": "ID"}),
    ],
)
def test_a_nul_or_control_character_in_the_query_is_the_400_page(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert not getattr(response, "streaming", False)
    assert "character" in text(response) or "karakter" in text(response)


def test_a_nul_in_the_path_is_the_400_page(client):
    assert client.get("/members/sumedang\x00/").status_code == 400


def test_the_400_page_names_the_parameter(client):
    assert "<strong>q</strong>" in text(client.get("/members/", {"q": "a\x00b"}))


def test_the_400_page_speaks_the_readers_language(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    html = text(client.get("/members/", {"q": "a\x00b"}))
    assert "karakter NUL" in html


def test_a_nul_in_a_form_field_writes_nothing(client, personas):
    from hub.network.models import Member

    client.force_login(personas["sumedang_officer"])
    member = Member.objects.get(slug="sumedang")
    response = client.post(f"/members/{member.slug}/edit/", {"summary": "x\x00y", "version": member.version})
    assert response.status_code == 400
    member.refresh_from_db()
    assert "\x00" not in member.summary
