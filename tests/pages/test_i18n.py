"""The user interface in Bahasa Indonesia (PRODUCT §3.9).

The pages answer in Indonesian when the browser asks for it (Accept-Language), when the language
cookie says so, or after the visitor picks it in the footer's language switcher (/i18n/setlang/).
The catalogue in locale/id/ is complete and its compiled .mo matches the .po, so a fresh machine
needs no gettext tools.
"""

from __future__ import annotations

import gettext as gnu_gettext
import re

import pytest
from django.conf import settings
from django.utils import translation

from hub.meetings.models import Meeting
from tests.pages.catalogue import MO_FILE, PO_FILE, read_po
from tests.pages.helpers import text

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|%[sd]")

# Each page with a few of its Indonesian strings, and an English string that must be gone.
PAGES = {
    "/": (
        ["Jaringan Kota Cerdas ASEAN, selalu terkini", "anggota hari ini", "Pertumbuhan jaringan"],
        "Growth of the network",
    ),
    "/members/": (["Tampilkan anggota", "anggota ditemukan", "Per tanggal"], "Show members"),
    "/members/sumedang/": (["Riwayat keanggotaan", "kabupaten", "Perwakilan Nasional Indonesia"], "Membership history"),
    "/governance/": (["Tata kelola", "Riwayat setiap peran", "Ketua"], "History of each role"),
    "/projects/": (["Tampilkan proyek", "Semua bidang fokus", "proyek ditemukan"], "Show projects"),
    "/meetings/": (["Tampilkan pertemuan", "Pertemuan tahunan", "pertemuan ditemukan"], "Show meetings"),
    "/accounts/login/": (
        ["Lupa kata sandi?", "Kata sandi", "Tidak ada pendaftaran terbuka"],
        "Forgotten your password?",
    ),
}
# What every page shows in its layout: the navigation and the footer.
LAYOUT = ["Langsung ke konten utama", "Beranda", "Anggota", "Tata kelola", "Ganti bahasa"]


def indonesian(response, expected: list[str], english: str) -> str:
    html = text(response)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"
    assert '<html lang="id">' in html
    for phrase in [*expected, *LAYOUT]:
        assert phrase in html, phrase
    assert english not in html
    return html


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(PAGES))
def test_pages_answer_in_indonesian_when_the_browser_asks(client, url):
    expected, english = PAGES[url]
    indonesian(client.get(url, HTTP_ACCEPT_LANGUAGE="id"), expected, english)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/members/", "/governance/"])
def test_pages_stay_english_by_default(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert PAGES[url][1] in text(response)
    assert PAGES[url][0][0] not in text(response)


@pytest.mark.django_db
def test_the_language_cookie_chooses_indonesian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    expected, english = PAGES["/"]
    indonesian(client.get("/", HTTP_ACCEPT_LANGUAGE="en"), expected, english)


@pytest.mark.django_db
def test_the_language_switcher_sets_indonesian_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "id", "next": "/members/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/members/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    expected, english = PAGES["/members/"]
    html = indonesian(client.get("/members/"), expected, english)
    # The switcher names each language in itself and marks the current one.
    assert '<option value="id" lang="id" selected>Bahasa Indonesia</option>' in html
    assert '<option value="en" lang="en">English</option>' in html

    client.post("/i18n/setlang/", {"language": "en", "next": "/members/"})
    response = client.get("/members/")
    assert response.headers["Content-Language"] == "en"
    assert "Show members" in text(response)


@pytest.mark.django_db
def test_a_meeting_page_in_indonesian(client):
    meeting = Meeting.objects.get(title__startswith="ASCN coordination meeting")
    response = client.get(f"/meetings/{meeting.pk}/", HTTP_ACCEPT_LANGUAGE="id")
    indonesian(response, ["Waktu dan tempat", "Rapat koordinasi", "Agenda dan hasil"], "When and where")


@pytest.mark.django_db
def test_signed_in_pages_in_indonesian(client, personas):
    client.force_login(personas["indonesia_nr"])
    response = client.get("/accounts/me/", HTTP_ACCEPT_LANGUAGE="id")
    indonesian(response, ["Peran Anda hari ini", "Perwakilan Nasional", "Keluar"], "Your roles today")
    response = client.get("/members/sumedang/", HTTP_ACCEPT_LANGUAGE="id")
    indonesian(response, ["Sunting profil anggota ini"], "Edit this member's profile")


@pytest.mark.django_db
def test_form_errors_in_indonesian(client):
    response = client.post(
        "/accounts/login/", {"username": "nobody@example.org", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="id"
    )
    assert response.status_code == 200
    assert "Alamat email atau kata sandi tidak benar" in text(response)


@pytest.mark.django_db
def test_an_unknown_page_in_indonesian(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in text(response)


# --- The catalogue -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def po_entries():
    entries = read_po(PO_FILE)
    header = entries[0]
    assert header["msgid"] == ""
    return header, entries[1:]


def test_the_catalogue_is_complete(po_entries):
    header, entries = po_entries
    assert "fuzzy" not in header["flags"]
    assert "Language: id\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"][0]
    assert len(entries) > 1000
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []
    # Indonesian has one plural form.
    assert all(set(e["msgstr"]) == {0} for e in entries if "msgid_plural" in e)


def test_translations_keep_every_placeholder(po_entries):
    _, entries = po_entries
    broken = []
    for e in entries:
        translated = e["msgstr"][0]
        if "msgid_plural" in e:
            # The one Indonesian form serves every count: it has the plural's placeholders.
            wanted = set(PLACEHOLDER.findall(e["msgid_plural"]))
            allowed = wanted | set(PLACEHOLDER.findall(e["msgid"]))
            ok = wanted <= set(PLACEHOLDER.findall(translated)) <= allowed
        else:
            ok = sorted(PLACEHOLDER.findall(e["msgid"])) == sorted(PLACEHOLDER.findall(translated))
        tags_ok = all(tag in translated for tag in re.findall(r"</?\w+", e["msgid"]))
        if not ok or not tags_ok or e["msgid"].endswith("\n") != translated.endswith("\n"):
            broken.append((e["msgid"], translated))
    assert broken == []


def test_the_compiled_catalogue_matches_the_po(po_entries):
    """The committed .mo holds exactly the .po's translations: nobody edited one without the other."""
    _, entries = po_entries
    with MO_FILE.open("rb") as handle:
        catalog = gnu_gettext.GNUTranslations(handle)._catalog
    stale = []
    for e in entries:
        key = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            if catalog.get((key, 0)) != e["msgstr"][0]:
                stale.append(e["msgid"])
        elif catalog.get(key) != e["msgstr"][0]:
            stale.append(e["msgid"])
    assert stale == [], "run: .venv/bin/python manage.py compilemessages -l id --ignore=.venv"
    assert len([k for k in catalog if k != ""]) == len(entries)


def test_django_uses_the_translations():
    with translation.override("id"):
        assert translation.gettext("Members") == "Anggota"
        assert translation.gettext("National Representative") == "Perwakilan Nasional"
        assert translation.gettext("progress update") == "laporan kemajuan"
        assert translation.gettext("reporting cycle") == "siklus pelaporan"
        assert translation.gettext("regency") == "kabupaten"
        assert translation.gettext("Sign in") == "Masuk"
        # A msgid used both alone and with a plural is found by gettext() as well as ngettext().
        assert translation.gettext("country") == "negara"
        assert translation.ngettext("country", "countries", 3) == "negara"
        assert (
            translation.ngettext("%(counter)s member found", "%(counter)s members found", 1) % {"counter": 1}
            == "1 anggota ditemukan"
        )
    with translation.override("en"):
        assert translation.gettext("Members") == "Members"
