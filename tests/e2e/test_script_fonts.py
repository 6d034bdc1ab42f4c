"""The fonts of the ASEAN scripts in a real browser: a member page with a Khmer local name loads the Khmer
face of static/css/scripts.css, served by the hub, and no other script's face (unicode-range)."""

import pytest

pytestmark = pytest.mark.e2e

LOADED_FACES = """() => document.fonts.ready.then(() =>
    [...document.fonts].filter(f => f.family.includes('ASCN Scripts') && f.status === 'loaded')
        .map(f => f.unicodeRange))"""


def test_a_khmer_name_loads_only_the_khmer_face(page):
    fetched = []
    page.on("response", lambda r: fetched.append((r.url, r.status)) if "/fonts/" in r.url else None)
    page.goto("/members/phnom-penh/")
    page.get_by_text("រាជធានីភ្នំពេញ").first.wait_for()
    faces = page.evaluate(LOADED_FACES)
    assert faces == ["U+1780-17FF, U+19E0-19FF"]
    assert [(url.rsplit("/", 1)[-1], status) for url, status in fetched] == [("noto-sans-khmer.ttf", 200)]
    # the name is drawn with the face's glyphs: as wide as real Khmer letters, not a row of empty boxes
    assert page.evaluate("() => document.fonts.check('16px \"ASCN Scripts\"', 'រាជធានី')")


def test_a_page_without_such_text_loads_no_script_face(page):
    page.goto("/members/sumedang/")
    assert page.evaluate(LOADED_FACES) == []
