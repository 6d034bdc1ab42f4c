"""The M&E pages: dashboards, the review chain through forms, who is late, cycles, the report page."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hub.monitoring.models import ProgressUpdate
from tests.pages.helpers import text
from tests.services.test_monitoring_support import accepted, draft, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db


def figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([a-z-]+)">([^<]+)<', html))


def test_the_network_dashboard_is_public(client, personas):
    open_cycle(2025)
    accepted(personas)
    response = client.get("/monitoring/", {"cycle": "2024-2025"})
    assert response.status_code == 200
    html = text(response)
    shown = figures(html)
    assert shown["accepted"] == "1" and int(shown["projects"]) >= 1
    for chart in ("chart-focus", "chart-status", "chart-breakdown", "chart-cycles", "chart-flow"):
        assert f'id="{chart}"' in html
    assert "Data as a table" in html
    assert 'style="' not in html and "<script>" not in html
    assert client.get("/monitoring/", {"cycle": "1999-2000"}).status_code == 400
    assert client.get("/monitoring/", {"cycle": "now"}).status_code == 200


def test_without_accepted_progress_the_dashboard_says_so_rather_than_an_average(client, personas):
    cycle = open_cycle(2025)
    before = text(client.get("/monitoring/", {"cycle": cycle.slug}))
    assert figures(before)["average-progress"] == "—" and "no progress accepted yet" in before
    indonesian = text(client.get("/monitoring/", {"cycle": cycle.slug}, HTTP_ACCEPT_LANGUAGE="id"))
    assert "belum ada kemajuan yang diterima" in indonesian
    accepted(personas, cycle=cycle)
    after = text(client.get("/monitoring/", {"cycle": cycle.slug}))
    assert figures(after)["average-progress"] == "70 %" and "no progress accepted yet" not in after


def test_country_and_member_dashboards(client, personas):
    update = accepted(personas)
    country = client.get("/monitoring/country/id/")
    assert country.status_code == 200 and "Sumedang" in text(country)
    assert client.get("/monitoring/country/ID/").status_code == 301
    assert client.get("/monitoring/country/zz/").status_code == 404
    member = client.get("/monitoring/member/sumedang/")
    html = text(member)
    assert member.status_code == 200 and "WA KEPO" in html and "70 %" in html
    assert update.cycle.slug in html


def test_dashboards_cost_a_constant_number_of_queries(client, personas):
    cycle = open_cycle(2025)
    counts = []
    for more_data in (lambda: None, lambda: accepted(personas, cycle=cycle)):
        more_data()
        for url in ("/monitoring/", "/monitoring/country/id/", "/monitoring/member/sumedang/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, {"cycle": cycle.slug}).status_code == 200
            counts.append(len(queries))
    assert counts[:3] == counts[3:] and max(counts) <= 15


def test_the_review_chain_through_the_pages(personas, session_client):
    project, cycle = wa_kepo(), open_cycle()
    officer = session_client(personas["sumedang_officer"])
    form = officer.get("/monitoring/updates/new/", {"project": project.slug, "cycle": cycle.slug})
    assert form.status_code == 200 and 'name="narrative"' in text(form)
    created = officer.post(
        f"/monitoring/updates/new/?project={project.slug}&cycle={cycle.slug}",
        {
            "status": "ongoing",
            "progress": "55",
            "milestones": "Lebaran portal\n16 portals",
            "narrative": "Citizens use WA KEPO daily.",
            "challenges": "",
            "support_needed": "",
            "language": "en",
        },
    )
    assert created.status_code == 302
    update = ProgressUpdate.objects.get(project=project, cycle=cycle)
    assert update.milestones == ["Lebaran portal", "16 portals"]
    url = f"/monitoring/updates/{update.pk}/"
    assert Client().get(url).status_code == 404
    assert session_client(personas["partner"]).get(url).status_code == 404
    assert session_client(personas["thailand_nr"]).get(url).status_code == 404

    assert officer.post(url + "submit/", {"version": update.version}).status_code == 302
    nr = session_client(personas["indonesia_nr"])
    assert "Endorse" in text(nr.get(url))
    assert session_client(personas["thailand_nr"]).post(url + "endorse/").status_code == 404
    assert officer.post(url + "endorse/").status_code == 403
    assert nr.post(url + "endorse/", {"comment": ""}).status_code == 302
    assert officer.post(url + "accept/").status_code == 403
    secretariat = session_client(personas["secretariat"])
    assert secretariat.post(url + "accept/").status_code == 302
    page = Client().get(url)
    assert page.status_code == 200 and "Citizens use WA KEPO daily." in text(page)
    update.refresh_from_db()
    assert update.state == "accepted"


def test_a_return_shows_its_comment_to_the_officer(personas, session_client):
    update = draft(personas)
    officer = session_client(personas["sumedang_officer"])
    url = f"/monitoring/updates/{update.pk}/"
    officer.post(url + "submit/")
    nr = session_client(personas["indonesia_nr"])
    refused = nr.post(url + "return/", {"comment": ""})
    assert refused.status_code == 400 and "needs a comment" in text(refused)
    assert nr.post(url + "return/", {"comment": "Please add the usage figures."}).status_code == 302
    page = text(officer.get(url))
    assert "Returned for changes" in page and "Please add the usage figures." in page
    edit = officer.get(url + "edit/")
    assert edit.status_code == 200
    saved = officer.post(
        url + "edit/",
        {
            "status": "ongoing",
            "progress": "60",
            "milestones": "",
            "narrative": "With figures.",
            "language": "en",
            "version": ProgressUpdate.objects.get(pk=update.pk).version,
        },
    )
    assert saved.status_code == 302
    assert ProgressUpdate.objects.get(pk=update.pk).progress == 60


def test_a_submitted_update_cannot_be_edited(personas, session_client):
    update = draft(personas)
    officer = session_client(personas["sumedang_officer"])
    officer.post(f"/monitoring/updates/{update.pk}/submit/")
    assert officer.get(f"/monitoring/updates/{update.pk}/edit/").status_code == 409


def test_the_updates_list(personas, django_assert_max_num_queries, session_client):
    draft(personas)
    public = Client().get("/monitoring/updates/")
    assert public.status_code == 200 and "WA KEPO" not in text(public)
    officer = session_client(personas["sumedang_officer"])
    mine = officer.get("/monitoring/updates/")
    assert "WA KEPO" in text(mine)
    assert Client().get("/monitoring/updates/", {"state": "nonsense"}).status_code == 400
    secretariat = session_client(personas["secretariat"])
    with django_assert_max_num_queries(20):
        assert secretariat.get("/monitoring/updates/").status_code == 200


def test_who_is_late(personas, session_client):
    cycle = open_cycle(2025)
    assert Client().get("/monitoring/late/").status_code == 302  # sign in first
    assert session_client(personas["sumedang_officer"]).get("/monitoring/late/").status_code == 403
    assert session_client(personas["partner"]).get("/monitoring/late/").status_code == 403
    nr = session_client(personas["indonesia_nr"])  # also the Shepherd: sees the whole network
    page = nr.get("/monitoring/late/", {"cycle": cycle.slug, "country": "ID"})
    assert page.status_code == 200 and "WA KEPO" in text(page)
    thailand = session_client(personas["thailand_nr"])
    assert thailand.get("/monitoring/late/", {"cycle": cycle.slug}).status_code == 200
    assert thailand.get("/monitoring/late/", {"cycle": cycle.slug, "country": "ID"}).status_code == 400
    assert "WA KEPO" not in text(thailand.get("/monitoring/late/", {"cycle": cycle.slug}))


def test_cycles_page(personas, session_client):
    page = Client().get("/monitoring/cycles/")
    assert page.status_code == 200 and "Create a cycle" not in text(page)
    secretariat = session_client(personas["secretariat"])
    assert "Create a cycle" in text(secretariat.get("/monitoring/cycles/"))
    assert secretariat.post("/monitoring/cycles/", {"end_year": "2025", "start_month": "10"}).status_code == 302
    assert secretariat.post("/monitoring/cycles/", {"end_year": "2025", "start_month": "10"}).status_code == 400
    assert secretariat.post("/monitoring/cycles/2024-2025/open/").status_code == 302
    assert "2024–2025" in text(Client().get("/monitoring/cycles/"))
    assert session_client(personas["indonesia_nr"]).post("/monitoring/cycles/2024-2025/close/").status_code == 403


def test_the_report_page_and_its_files(client, personas):
    accepted(personas)
    page = client.get("/monitoring/report/2024-2025/")
    assert page.status_code == 200
    assert figures(text(page))["accepted"] == "1"
    pdf = client.get("/monitoring/report/2024-2025/download/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    csv = client.get("/monitoring/report/2024-2025/download/csv/", {"table": "indicator_values"})
    assert csv.status_code == 200 and csv.content.startswith(b"cycle,")
    assert client.get("/monitoring/report/2024-2025/download/doc/").status_code == 400
    assert client.get("/monitoring/report/1999-2000/").status_code == 404


def test_the_timeline_partial(personas):
    from django.template.loader import render_to_string

    from hub.monitoring.selectors import project_timeline

    update = accepted(personas)
    html = render_to_string(
        "monitoring/partials/project_timeline.html", {"timeline": project_timeline(update.project, None)}
    )
    assert "2024–2025" in html and "WA KEPO answered citizens" in html and "National Representative" in html
