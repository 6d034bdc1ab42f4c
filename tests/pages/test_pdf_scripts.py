"""The ASEAN scripts of local names (Thai, Lao, Khmer, Myanmar): the pages link the fonts' css and serve the
fonts with the hub (collectstatic collects them, with their licence); the M&E report and the minutes PDF embed
the fonts for the names they print; and a due date in the minutes never breaks over two lines."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from django.core.management import call_command

from hub.meetings.models import Meeting
from hub.network.models import Member
from tests.pages.test_monitoring_report_summary import _accept, _project
from tests.services.test_meetings_factories import make_action, make_item
from tests.services.test_monitoring_support import open_cycle

pytestmark = pytest.mark.django_db
POPPLER = pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils is not installed")
FONTS = ("noto-sans-thai", "noto-sans-lao", "noto-sans-khmer", "noto-sans-myanmar")


def _embedded(pdf: bytes, tmp_path) -> set[str]:
    """The embedded fonts' families, as pdffonts lists them ("AAAAAA+NotoSansThai-Regular" -> "NotoSansThai")."""
    path = tmp_path / "file.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    return {row[0].split("+")[-1].split("-")[0] for row in rows if "yes" in row[-5:-2]}


def test_pages_link_the_scripts_css_and_the_fonts_are_collected_with_their_licence(client, settings, tmp_path):
    page = client.get("/").content.decode()
    css = re.search(r'<link rel="stylesheet" href="([^"]*scripts[^"]*\.css)">', page)
    assert css, "templates/base.html links static/css/scripts.css"
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", stdout=io.StringIO())
    collected = tmp_path / "static"
    text = (collected / "css" / "scripts.css").read_text()
    for name in FONTS:
        font = collected / "fonts" / f"{name}.ttf"
        assert font.read_bytes()[:4] == b"\x00\x01\x00\x00", name  # a TrueType file
        assert "SIL Open Font License" in (collected / "fonts" / f"{name}-OFL.txt").read_text()
        assert f"../fonts/{name}.ttf" in text
    assert text.count("unicode-range") == 4


@POPPLER
def test_the_report_embeds_the_fonts_of_the_local_names_it_prints(client, personas, tmp_path):
    cycle = open_cycle(2025)
    for slug, officer, nr in (
        ("bangkok", "bangkok_officer", "thailand_nr"),
        ("sumedang", "sumedang_officer", "indonesia_nr"),
    ):
        _accept(
            personas, officer, nr, _project(f"scripts-{slug}", slug, f"One-stop sensors of {slug}"), cycle, progress=30
        )
    pdf = client.get("/monitoring/report/2024-2025/download/pdf/").content
    fonts = _embedded(pdf, tmp_path)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    # the heading "Bangkok (กรุงเทพมหานคร) — One-stop sensors of bangkok" is shaped: its Latin words keep their
    # letters (no discretionary "st" ligature)
    assert "One-stop sensors of bangkok" in " ".join(text.split())
    assert "NotoSansThai" in fonts  # กรุงเทพมหานคร, Bangkok's local name, beside its highlighted project
    assert Member.objects.get(slug="bangkok").local_name == "กรุงเทพมหานคร"
    # a title in Khmer in the appendix (a table drawn straight onto the canvas) has its font too
    phnom_penh = _project("scripts-phnom-penh", "phnom-penh", "ប្រព័ន្ធ រាជធានីភ្នំពេញ")
    assert "NotoSansKhmer" not in fonts
    pdf = client.get("/monitoring/report/2024-2025/download/pdf/").content
    assert "NotoSansKhmer" in _embedded(pdf, tmp_path), phnom_penh
    assert any(name.startswith("DejaVuSans") for name in fonts)


@POPPLER
def test_the_minutes_embed_script_fonts_and_keep_due_dates_whole(client, personas, tmp_path):
    secretariat = personas["secretariat"]
    meeting = Meeting.objects.get(ref_key="meeting:annual-6")
    item = make_item(secretariat, meeting, "ການປະຊຸມ ນະຄອນຫຼວງວຽງຈັນ")  # Lao
    make_action(secretariat, item, "ប្រជុំ រាជធានីភ្នំពេញ", due_date=date(2023, 12, 31), owner_name="မန္တလေး")
    pdf = client.get(f"/meetings/{meeting.pk}/minutes.pdf").content
    fonts = _embedded(pdf, tmp_path)
    assert {"NotoSansLao", "NotoSansKhmer", "NotoSansMyanmar"} <= fonts
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    actions = raw[raw.index("Action items") :]
    assert "2023-12-31" in actions  # on one line: a date cut in its column reads "2023-12-" and "31"
