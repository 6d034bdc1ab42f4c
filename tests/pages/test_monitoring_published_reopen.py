"""Pages: the published M&E figures on the network dashboard, reopening an accepted update, the late list's cost."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hub.monitoring import services
from hub.monitoring.models import ProgressUpdate
from tests.api.test_monitoring_reporting import _thai_projects
from tests.pages.helpers import text
from tests.services.test_monitoring_support import COMMAND, accepted, open_cycle

pytestmark = pytest.mark.django_db


def figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([a-z0-9-]+)">([^<]+)<', html))


def test_the_network_dashboard_tells_the_published_story_with_sources(client, personas):
    html = text(client.get("/monitoring/", {"cycle": "now"}))
    assert 'id="chart-published"' in html and "Projects in the published M&amp;E reports" in html
    assert "The official report said" in html and "The hub&#x27;s data say" in html
    shown = figures(html)
    published = tuple(shown[f"published-{year}"] for year in (2022, 2023, 2024, 2025))
    assert published == ("77", "86", "108", "134")
    assert tuple(shown[f"hub-{year}"] for year in (2022, 2023, 2024, 2025)) == published
    assert html.count("yes, every figure") == 4
    assert "https://www.scribd.com/document/606466556/" in html and "https://seasia.co/2024/12/17/" in html
    assert "Confidence: high" in html
    # Every figure of a report, the report's beside the hub's; where the text reads otherwise, said so.
    assert (
        'data-official="status:ongoing_or_planning">97<' in html and 'data-hub="status:ongoing_or_planning">97<' in html
    )
    assert "ongoing 81 (75%), planning 16 (14.8%)" in html
    assert 'data-official="focus_area:civic-social">25<' in html  # 2023's appendix …
    assert "30% in the text&#x27;s chart" in html and "text and appendix disagree" in html  # … and its chart
    assert 'id="chart-published-status"' in html
    assert 'style="' not in html and "<script>" not in html

    cycle = open_cycle(2025)
    update = accepted(personas, cycle=cycle)
    html = text(client.get("/monitoring/", {"cycle": cycle.slug}))
    shown = figures(html)
    # An accepted update of a live cycle changes none of the figures of the report years.
    assert (shown["published-2025"], shown["hub-2025"]) == ("134", "134")
    # Only the network dashboard carries them; the annual report stays the hub's own.
    assert "published-figures" not in text(client.get(f"/monitoring/member/{update.project.member.slug}/"))
    assert "published-figures" not in text(client.get("/monitoring/country/id/"))
    report = text(client.get(f"/monitoring/report/{cycle.slug}/"))
    assert "scribd" not in report and "The official report said" not in report


def test_the_secretariat_reopens_an_accepted_update_on_its_page(personas, session_client):
    update = accepted(personas)
    url = f"/monitoring/updates/{update.pk}/"
    secretariat = session_client(personas["secretariat"])
    assert 'id="reopen-form"' in text(secretariat.get(url))
    for name in ("sumedang_officer", "indonesia_nr", "anonymous"):
        assert 'id="reopen-form"' not in text(session_client(personas[name]).get(url))
    assert session_client(personas["indonesia_nr"]).post(f"{url}reopen/", {"comment": "No."}).status_code == 403

    missing = secretariat.post(f"{url}reopen/", {"comment": "", "version": update.version})
    assert missing.status_code == 400 and "reopened update needs a comment" in text(missing)
    assert ProgressUpdate.objects.get(pk=update.pk).state == "accepted"

    done = secretariat.post(f"{url}reopen/", {"comment": "Progress is 7 %, not 70 %.", "version": update.version})
    assert done.status_code == 302
    page = text(secretariat.get(url))
    assert "Reopened: the update is a draft again" in page
    assert "Reopened after acceptance" in page and "Progress is 7 %, not 70 %." in page
    officer_page = text(session_client(personas["sumedang_officer"]).get(url))
    assert "Reopened after acceptance" in officer_page and "Edit the draft" in officer_page
    assert Client().get(url).status_code == 404  # no longer public

    stale = secretariat.post(f"{url}reopen/", {"comment": "Again.", "version": update.version})
    assert stale.status_code == 409


def test_no_reopening_once_the_cycle_is_closed(personas, session_client):
    update = accepted(personas)
    services.close_cycle(actor=COMMAND, cycle=update.cycle)
    secretariat = session_client(personas["secretariat"])
    url = f"/monitoring/updates/{update.pk}/"
    assert 'id="reopen-form"' not in text(secretariat.get(url))
    refused = secretariat.post(f"{url}reopen/", {"comment": "Late fix."})
    assert refused.status_code == 409 and "open the cycle again first" in text(refused)


def test_the_late_page_costs_a_constant_number_of_queries(personas, session_client):
    cycle = open_cycle(2025)
    thailand = session_client(personas["thailand_nr"])
    _thai_projects(3)
    counts = []
    for more in (lambda: None, lambda: _thai_projects(9, start=3)):
        more()
        with CaptureQueriesContext(connection) as queries:
            page = thailand.get("/monitoring/late/", {"cycle": cycle.slug})
        assert page.status_code == 200
        counts.append(len(queries))
    assert page.context["late_count"] == 12 and len(page.context["rows"]) == 12
    assert counts[0] == counts[1], counts
