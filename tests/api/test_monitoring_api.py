"""The monitoring API: cycles, updates and their review chain, visibility, errors, query counts, reports."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hub.monitoring.models import ProgressUpdate
from tests.services.test_monitoring_support import accepted, draft, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db


def test_cycles_are_listed(client):
    open_cycle(2025)
    body = client.get("/api/v1/cycles").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["slug"], item["label"], item["start_date"], item["end_date"], item["state"]) == (
        "2024-2025",
        "2024–2025",
        "2024-10-01",
        "2025-09-30",
        "open",
    )
    assert item["report"]["pdf"].endswith("/api/v1/reports/2024-2025.pdf")


def test_the_review_chain_through_the_api(personas, session_client, token_client):
    project, cycle = wa_kepo(), open_cycle()
    officer = token_client(personas["sumedang_officer"])
    response = officer.post(
        "/api/v1/updates",
        {
            "project": project.slug,
            "cycle": cycle.slug,
            "status": "ongoing",
            "progress": 40,
            "milestones": ["16 portals"],
            "narrative": "",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    update = response.json()
    assert update["state"] == "draft" and update["allowed_actions"] == ["submit"]
    url = f"/api/v1/updates/{update['id']}"
    etag = response["ETag"]
    assert etag == f'"update-{update["id"]}-v1"'

    refused = officer.post(f"{url}/submit", content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "narrative"

    patched = officer.patch(
        url, {"narrative": "Live since 2021."}, content_type="application/json", headers={"If-Match": etag}
    )
    assert patched.status_code == 200 and patched.json()["narrative"] == "Live since 2021."
    stale = officer.patch(url, {"progress": 45}, content_type="application/json", headers={"If-Match": etag})
    assert stale.status_code == 412

    assert officer.post(f"{url}/submit").json()["state"] == "submitted"
    thailand = session_client(personas["thailand_nr"])
    assert thailand.post(f"{url}/endorse").status_code == 404  # Thailand's NR does not even see it
    assert officer.post(f"{url}/endorse").status_code == 403
    assert officer.post(f"{url}/accept").status_code == 409  # not endorsed yet
    nr = token_client(personas["indonesia_nr"])
    endorsed = nr.post(f"{url}/endorse", {"comment": "Fine"}, content_type="application/json")
    assert endorsed.status_code == 200 and endorsed.json()["state"] == "endorsed"
    assert officer.post(f"{url}/accept").status_code == 403
    secretariat = token_client(personas["secretariat"])
    done = secretariat.post(f"{url}/accept")
    assert done.status_code == 200 and done.json()["state"] == "accepted"

    public = Client().get(url).json()
    assert public["state"] == "accepted" and public["allowed_actions"] == []
    assert [h["action"] for h in public["history"]] == ["submit", "endorse", "accept"]
    assert all(h["actor"] is None and h["comment"] == "" for h in public["history"])
    listed = Client().get("/api/v1/updates", {"project": project.slug}).json()
    assert [i["id"] for i in listed["items"]] == [update["id"]]


def test_return_needs_a_comment_and_shows_it(personas, session_client):
    update = draft(personas)
    officer = session_client(personas["sumedang_officer"])
    officer.post(f"/api/v1/updates/{update.pk}/submit")
    nr = session_client(personas["indonesia_nr"])
    assert (
        nr.post(f"/api/v1/updates/{update.pk}/return", {"comment": ""}, content_type="application/json").status_code
        == 422
    )
    response = nr.post(
        f"/api/v1/updates/{update.pk}/return", {"comment": "Add the usage figures."}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["state"] == "draft"
    seen = officer.get(f"/api/v1/updates/{update.pk}").json()
    assert seen["return_comment"] == "Add the usage figures."
    assert seen["history"][-1]["actor"] and seen["history"][-1]["comment"] == "Add the usage figures."


@pytest.mark.parametrize("who", ["anonymous", "partner", "bangkok_officer", "thailand_nr"])
def test_drafts_are_not_found_for_outsiders(personas, who, session_client):
    update = draft(personas)
    client = session_client(personas[who])
    assert client.get(f"/api/v1/updates/{update.pk}").status_code == 404
    assert client.get("/api/v1/updates", {"state": "draft"}).json()["count"] == 0
    if personas[who] is not None:
        assert (
            client.patch(f"/api/v1/updates/{update.pk}", {"progress": 1}, content_type="application/json").status_code
            == 404
        )
    assert ProgressUpdate.objects.get(pk=update.pk).progress == 70


def test_writes_need_credentials(personas, session_client):
    update = draft(personas)
    assert Client().post(f"/api/v1/updates/{update.pk}/submit").status_code == 401
    bad = session_client(personas["sumedang_officer"]).post(
        "/api/v1/updates",
        {"project": wa_kepo().slug, "cycle": "2024-2025", "status": "ongoing", "progress": 150},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_the_list_costs_a_constant_number_of_queries(personas, django_assert_max_num_queries, session_client):
    cycle = open_cycle()
    accepted(personas, cycle=cycle)
    secretariat = session_client(personas["secretariat"])
    counts = {}
    for limit in (1, 50):
        with CaptureQueriesContext(connection) as queries:
            response = secretariat.get("/api/v1/updates", {"limit": limit})
        assert response.status_code == 200
        counts[limit] = len(queries)
    assert counts[1] == counts[50] <= 12  # session, user, scope, count, page, prefetch


def test_the_report_endpoint(personas):
    accepted(personas)
    client = Client()
    figures = client.get("/api/v1/reports/2024-2025").json()
    assert figures["accepted"] == 1 and figures["projects"] >= 1 and figures["by_country"]["ID"] >= 1
    assert client.get("/api/v1/reports/2024-2025.json").json() == figures
    pdf = client.get("/api/v1/reports/2024-2025.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/api/v1/reports/2024-2025", {"format": "xlsx"})
    assert xlsx.content.startswith(b"PK")
    csv = client.get("/api/v1/reports/2024-2025.csv", {"table": "updates"})
    assert csv.status_code == 200 and "WA KEPO" in csv.content.decode()
    assert 'filename="ascn-me-report-2024-2025-updates.csv"' in csv["Content-Disposition"]
    assert client.get("/api/v1/reports/1999-2000.pdf").status_code == 404
    assert client.get("/api/v1/reports/2024-2025", {"format": "doc"}).status_code == 422


def test_cycles_are_managed_by_the_secretariat(personas, session_client):
    nr = session_client(personas["indonesia_nr"])
    assert nr.post("/api/v1/cycles", {"end_year": 2027}, content_type="application/json").status_code == 403
    secretariat = session_client(personas["secretariat"])
    created = secretariat.post("/api/v1/cycles", {"end_year": 2027}, content_type="application/json")
    assert created.status_code == 201 and created.json()["state"] == "planned"
    opened = secretariat.post("/api/v1/cycles/2026-2027/open", headers={"If-Match": created["ETag"]})
    assert opened.status_code == 200 and opened.json()["state"] == "open"
    stale = secretariat.post("/api/v1/cycles/2026-2027/close", headers={"If-Match": created["ETag"]})
    assert stale.status_code == 412
