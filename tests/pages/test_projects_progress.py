"""The catalogue pages show a project's public status and progress: those of its latest accepted progress
update, else the catalogue's status; never anything of a draft or an update under review (issue 4)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.monitoring import services as monitoring
from hub.network.models import Member
from hub.projects import services
from tests.pages.helpers import csv_rows, section, text
from tests.services.test_monitoring_support import accepted, draft, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db

CATALOGUE_NOTE = "as recorded in the catalogue; no accepted progress update yet"
ACCEPTED_TEXT = "All 16 portals were handed over to the public service mall."
DRAFT_TEXT = "Unreviewed draft: the portals may close next year."


def accept_completed(personas):
    """WA KEPO (ongoing in the catalogue) reported completed at 100 % in 2024–2025, and accepted."""
    return accepted(personas, status="completed", progress=100, narrative=ACCEPTED_TEXT)


def not_yet_public(personas, state: str):
    """An update of WA KEPO saying it is completed, left in ``state`` (draft, submitted or endorsed)."""
    update = draft(personas, status="completed", progress=100, narrative=DRAFT_TEXT)
    if state in ("submitted", "endorsed"):
        update = monitoring.submit(actor=personas["sumedang_officer"], update=update)
    if state == "endorsed":
        update = monitoring.endorse(actor=personas["indonesia_nr"], update=update)
    assert update.state == state
    return update


def block(html: str, heading_id: str) -> str:
    """The <section> labelled by the heading with this id."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def titles(response) -> list[str]:
    return [p.title for p in response.context["page_obj"].object_list]


def list_row(html: str, title: str) -> str:
    return re.search(rf"<tr>\s*<th scope=\"row\"><a[^>]*>{re.escape(title)}</a>.*?</tr>", html, re.S).group(0)


def chart_counts(html: str, focus_area: str) -> list[str]:
    chart = section(html, "projects-by-focus-status")
    row = re.search(rf"<tr><th scope=\"row\"><a[^>]*>{re.escape(focus_area)}</a></th>(.*?)</tr>", chart).group(1)
    return re.findall(r'<td class="num">(\d+)</td>', row)  # planning, ongoing, completed, discontinued, total


def csv_record(response, slug: str) -> dict[str, str]:
    rows = csv_rows(response)
    return next(dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[0] == slug)


# --- with an accepted update ------------------------------------------------------------------------------


def test_the_project_page_shows_the_accepted_status_progress_and_cycle(client, personas):
    update = accept_completed(personas)
    html = text(client.get("/projects/wa-kepo/"))
    facts = block(html, "facts-title")
    assert '<span class="status status--completed">completed</span>' in facts
    assert "status--ongoing" not in facts
    assert "progress update accepted for 2024–2025" in facts
    assert f'href="/monitoring/updates/{update.pk}/"' in facts
    assert '<progress max="100" value="100"' in facts and "100 %" in facts
    assert CATALOGUE_NOTE not in html
    # The timeline replaces the placeholder and shows the accepted update to everyone.
    timeline = block(html, "timeline-title")
    assert "Cycle 2024–2025" in timeline and ACCEPTED_TEXT in timeline
    assert "No progress update of this project has been accepted yet." not in timeline


def test_the_list_filter_follows_the_accepted_status(client, personas):
    accept_completed(personas)
    # Sumedang's other projects are the M&E reports' (ongoing or planning in 2025); the network's completed
    # ones are those of the reports' appendix B.
    assert titles(client.get("/projects/", {"status": "completed", "member": "sumedang"})) == ["WA KEPO"]
    assert "WA KEPO" not in titles(client.get("/projects/", {"status": "ongoing"}))
    html = text(client.get("/projects/", {"member": "sumedang"}))
    row = list_row(html, "WA KEPO")
    assert '<span class="status status--completed">completed</span>' in row
    assert "100 %" in row and "(2024-2025)" in row


def test_the_chart_counts_by_public_status(client, personas):
    # Sumedang's Civic & Social projects: WA KEPO and E-Office Desa (2025 M&E report, Appendix A, No. 33).
    before = chart_counts(text(client.get("/projects/", {"member": "sumedang"})), "Civic &amp; Social")
    assert before == ["0", "2", "0", "0", "2"]
    accept_completed(personas)
    html = text(client.get("/projects/", {"member": "sumedang"}))
    assert chart_counts(html, "Civic &amp; Social") == ["0", "1", "1", "0", "2"]
    assert "focus_area=civic-social&amp;status=completed" in section(html, "projects-by-focus-status")
    # The chart follows a status filter on the public status too.
    filtered = text(client.get("/projects/", {"status": "completed", "member": "sumedang"}))
    assert chart_counts(filtered, "Civic &amp; Social") == ["0", "0", "1", "0", "1"]


def test_the_csv_has_the_public_status_its_source_and_the_catalogue_status(client, personas):
    accept_completed(personas)
    record = csv_record(client.get("/projects/export.csv"), "wa-kepo")
    assert record["status"] == "completed"
    assert record["status_source"] == "update"
    assert record["status_cycle"] == "2024-2025"
    assert record["progress"] == "100"
    assert record["catalogue_status"] == "ongoing"
    other = csv_record(client.get("/projects/export.csv"), "jaki")
    assert (other["status_source"], other["status_cycle"], other["progress"]) == ("catalogue", "", "")
    rows = csv_rows(client.get("/projects/export.csv", {"status": "completed", "member": "sumedang"}))
    assert [r[0] for r in rows[1:]] == ["wa-kepo"]


def test_the_latest_accepted_cycle_wins(client, personas):
    project = wa_kepo()
    accepted(personas, project=project, cycle=open_cycle(2024), status="ongoing", progress=60)
    accepted(personas, project=project, cycle=open_cycle(2025), status="completed", progress=100)
    facts = block(text(client.get("/projects/wa-kepo/")), "facts-title")
    assert "status--completed" in facts and "accepted for 2024–2025" in facts
    # A later cycle with only a draft changes nothing.
    draft(personas, project=project, cycle=open_cycle(2026), status="discontinued", progress=0)
    facts = block(text(client.get("/projects/wa-kepo/")), "facts-title")
    assert "status--completed" in facts and "status--discontinued" not in facts


# --- with only an update under review ----------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "submitted", "endorsed"])
def test_an_update_under_review_shows_nothing_to_the_public(client, personas, state):
    not_yet_public(personas, state)
    html = text(client.get("/projects/wa-kepo/"))
    facts = block(html, "facts-title")
    assert '<span class="status status--ongoing">ongoing</span>' in facts
    assert CATALOGUE_NOTE in facts
    assert "<progress" not in html and "100 %" not in html
    assert DRAFT_TEXT not in html
    assert "No progress update of this project has been accepted yet." in html
    # List, filter, chart and CSV keep the catalogue status.
    assert titles(client.get("/projects/", {"status": "completed", "member": "sumedang"})) == []
    assert "WA KEPO" in titles(client.get("/projects/", {"status": "ongoing", "member": "sumedang"}))
    sumedang = text(client.get("/projects/", {"member": "sumedang"}))
    assert chart_counts(sumedang, "Civic &amp; Social") == ["0", "2", "0", "0", "2"]
    record = csv_record(client.get("/projects/export.csv"), "wa-kepo")
    assert (record["status"], record["status_source"], record["progress"]) == ("ongoing", "catalogue", "")


def test_insiders_see_the_draft_in_the_timeline_but_the_status_stays_the_catalogue_one(client, personas):
    not_yet_public(personas, "draft")
    client.force_login(personas["sumedang_officer"])
    html = text(client.get("/projects/wa-kepo/"))
    assert DRAFT_TEXT in block(html, "timeline-title")
    assert "Edit the draft" in html
    facts = block(html, "facts-title")
    assert "status--ongoing" in facts and CATALOGUE_NOTE in facts


# --- query counts ------------------------------------------------------------------------------------------


def test_list_chart_and_csv_query_counts_do_not_grow_with_accepted_updates(client, personas):
    sumedang = Member.objects.get(slug="sumedang")
    extra = [
        services.create_project(
            actor=personas["secretariat"],
            data={"member": sumedang, "title": f"Extra project {n:02}", "status": "ongoing"},
            focus_areas=["civic-social", "safety-security"],
        )
        for n in range(30)
    ]

    def measure() -> dict[str, int]:
        counts = {}
        for name, url, params in [
            ("page 1", "/projects/", {"page": "1"}),
            ("page 2", "/projects/", {"page": "2"}),
            ("filtered", "/projects/", {"status": "completed"}),
            ("csv", "/projects/export.csv", {}),
        ]:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, params)
                if name == "csv":
                    csv_rows(response)
            assert response.status_code == 200
            counts[name] = len(queries)
        return counts

    before = measure()
    cycle = open_cycle()
    for project in extra[:4] + extra[-4:]:  # on both pages of the list
        accepted(personas, project=project, cycle=cycle, status="completed", progress=100)
    after = measure()
    # The M&E reports' 18 completed projects fill the filtered page before any update is accepted too.
    assert before == after
    assert after["page 1"] == after["page 2"] == after["filtered"] <= 12
    assert after["csv"] <= 6
    # (page=1: another address than the one measure() read, so the page is rendered, not served from the cache)
    assert client.get("/projects/", {"status": "completed", "page": "1"}).context["paginator"].count == 8 + 18
