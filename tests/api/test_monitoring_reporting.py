"""The monitoring API's late list, published figures and reopening: rights, data, pagination, query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hub.core.services import create_record
from hub.monitoring import services
from hub.monitoring.models import ProgressUpdate
from hub.network.models import Member
from hub.projects.models import Indicator, IndicatorValue, Project
from tests.personas import make_user
from tests.services.test_monitoring_support import COMMAND, DRAFT, accepted, draft, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db

THAI_MEMBERS = ["bangkok", "chiang-mai", "chonburi", "khon-kaen", "phuket", "rayong"]


def _thai_projects(count: int, *, start: int = 0) -> list[Project]:
    """Projects of Thai members that count in 2024–2025 (started in 2020), none reported yet."""
    made = []
    for i in range(start, start + count):
        member = Member.objects.get(slug=THAI_MEMBERS[i % len(THAI_MEMBERS)])
        made.append(
            create_record(
                Project,
                actor=COMMAND,
                data={
                    "slug": f"thai-test-{i}",
                    "member": member,
                    "title": f"Thai test project {i:02d}",
                    "status": "ongoing",
                    "start_date": date(2020, 1, 1),
                    "start_precision": "year",
                },
            )
        )
    return made


def test_who_may_list_late_reports(personas, session_client, token_client):
    cycle = open_cycle(2025)
    url = "/api/v1/late-reports"
    assert Client().get(url).status_code == 401
    assert session_client(personas["sumedang_officer"]).get(url).status_code == 403
    assert session_client(personas["partner"]).get(url).status_code == 403
    assert token_client(personas["partner"], can_write=False).get(url).status_code == 403
    assert Client(headers={"Authorization": "Bearer nonsense"}).get(url).status_code == 401

    nr = token_client(personas["indonesia_nr"], can_write=False)  # a read-only token is enough
    body = nr.get(url, {"cycle": cycle.slug, "country": "ID"}).json()
    wa = next(item for item in body["items"] if item["project"]["title"].startswith("WA KEPO"))
    assert wa["member"]["slug"] == "sumedang" and wa["country"]["code"] == "ID"
    assert (wa["cycle"]["slug"], wa["update_state"], wa["update_id"]) == ("2024-2025", "not_started", None)

    thailand = session_client(personas["thailand_nr"])
    assert thailand.get(url, {"cycle": cycle.slug}).json() == {"items": [], "count": 0}
    refused = thailand.get(url, {"cycle": cycle.slug, "country": "ID"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["query", "country"]
    unknown = thailand.get(url, {"cycle": "1999-2000"})
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["query", "cycle"]
    assert thailand.get(url, {"country": "THA"}).status_code == 422  # longer than a code


def test_the_late_list_is_the_pages_and_leaves_when_submitted(personas, session_client):
    cycle = open_cycle(2025)
    secretariat = session_client(personas["secretariat"])
    before = secretariat.get("/api/v1/late-reports", {"cycle": cycle.slug, "limit": 100}).json()
    page = secretariat.get("/monitoring/late/", {"cycle": cycle.slug})
    assert page.context["late_count"] == before["count"]
    titles = [item["project"]["title"] for item in before["items"]]
    assert titles == [row.project.title for row in page.context["rows"]]

    update = draft(personas)
    body = secretariat.get("/api/v1/late-reports", {"cycle": cycle.slug, "limit": 100}).json()
    wa = next(item for item in body["items"] if item["project"]["id"] == update.project_id)
    assert (wa["update_state"], wa["update_id"]) == ("draft", update.pk)

    services.submit(actor=personas["sumedang_officer"], update=update)
    after = secretariat.get("/api/v1/late-reports", {"cycle": cycle.slug, "limit": 100}).json()
    assert after["count"] == before["count"] - 1
    assert update.project_id not in {item["project"]["id"] for item in after["items"]}


def test_the_late_list_is_paginated_in_a_constant_number_of_queries(personas, session_client):
    cycle = open_cycle(2025)
    _thai_projects(4)
    thailand = session_client(personas["thailand_nr"])
    counts = {}

    def ask(**params):
        with CaptureQueriesContext(connection) as queries:
            response = thailand.get("/api/v1/late-reports", {"cycle": cycle.slug, **params})
        assert response.status_code == 200
        return response.json(), len(queries)

    small, counts["small"] = ask()
    # More late projects, more members with officers, a bigger page: the same number of queries.
    _thai_projects(8, start=4)
    make_user("deputy@bangkok.example", "gov-bangkok")
    big, counts["big"] = ask(limit=100)
    first, counts["first"] = ask(limit=5)
    second, _ = ask(limit=5, offset=5)
    assert (small["count"], big["count"], len(first["items"]), len(second["items"])) == (4, 12, 5, 5)
    assert counts["small"] == counts["big"] == counts["first"], counts
    titles = [i["project"]["title"] for i in big["items"]]
    assert [i["project"]["title"] for i in first["items"] + second["items"]] == titles[:10]
    bangkok = next(i for i in big["items"] if i["member"]["slug"] == "bangkok")
    assert bangkok["officers_with_account"] == 2  # the persona and the deputy


def test_published_figures_are_open_with_their_sources_and_the_live_count_apart(client, personas):
    body = client.get("/api/v1/published-figures").json()
    assert [(i["report_year"], i["projects"], i["live"], i["agrees"]) for i in body["items"]] == [
        (2022, 77, None, True),
        (2023, 86, None, True),
        (2024, 108, None, True),
        (2025, 134, None, True),
    ]
    latest = body["items"][-1]
    assert latest["by_status"] == {"ongoing": 108, "completed": 18, "planning": 8}
    assert (latest["period_start"], latest["period_end"], latest["as_of"]) == ("2024-10", "2025-09", "2025-09-30")
    assert latest["provenance"]["confidence"] == "high" and latest["provenance"]["sources"]
    assert body["items"][0]["as_of_precision"] == "day" and body["items"][0]["period_start"] is None
    lines = {(line["group"], line["key"]): line for line in latest["lines"]}
    assert (lines["total", "total"]["official"], lines["total", "total"]["hub"]) == (134, 134)
    assert (lines["status", "completed"]["official"], lines["status", "completed"]["hub"]) == (18, 18)
    assert lines["country", "MY"] == {
        "group": "country",
        "key": "MY",
        "label": "Malaysia",
        "official": 29,
        "hub": 29,
        "agrees": True,
        "text": "",
        "text_differs": False,
    }

    cycle = open_cycle(2025)
    accepted(personas, cycle=cycle)
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/published-figures").json()
    assert len(queries) <= 12
    live = body["items"][-1]["live"]
    assert live["cycle"]["slug"] == "2024-2025" and live["projects"] >= 1 and live["demo_projects"] == 0
    assert body["items"][-1]["projects"] == 134 and body["items"][-1]["lines"][0]["hub"] == 134
    # The annual report of the cycle stays the hub's own: no published figure in it.
    figures = client.get(f"/api/v1/reports/{cycle.slug}.json").json()
    assert figures["projects"] == live["projects"]
    csv = client.get(f"/api/v1/reports/{cycle.slug}.csv").content.decode()
    assert "134" not in csv and "scribd" not in csv


def test_reopen_through_the_api(personas, token_client):
    project, cycle = wa_kepo(), open_cycle(2025)
    indicator = Indicator.objects.create(project=project, name="Messages answered", unit="messages")
    update = services.create_update(
        actor=personas["sumedang_officer"],
        project=project,
        cycle=cycle,
        data={**DRAFT},
        values=[{"indicator": indicator.pk, "value": "12500"}],
    )
    update = services.submit(actor=personas["sumedang_officer"], update=update)
    update = services.endorse(actor=personas["indonesia_nr"], update=update)
    update = services.accept(actor=personas["secretariat"], update=update)
    assert IndicatorValue.objects.filter(indicator=indicator).exists()
    url = f"/api/v1/updates/{update.pk}/reopen"

    assert token_client(personas["indonesia_nr"], can_write=True).post(url, {"comment": "x"}).status_code == 403
    assert token_client(personas["sumedang_officer"], can_write=True).post(url).status_code == 403
    assert Client().post(url).status_code == 401
    assert ProgressUpdate.objects.get(pk=update.pk).state == "accepted"
    secretariat = token_client(personas["secretariat"], can_write=True)
    detail = secretariat.get(f"/api/v1/updates/{update.pk}")
    assert "reopen" in detail.json()["allowed_actions"]
    missing = secretariat.post(url, {"comment": " "}, content_type="application/json")
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"][-1] == "comment"
    stale = secretariat.post(url, {"comment": "Fix."}, content_type="application/json", headers={"If-Match": '"x-v1"'})
    assert stale.status_code == 412
    done = secretariat.post(
        url,
        {"comment": "Progress was 7, not 70."},
        content_type="application/json",
        headers={"If-Match": detail["ETag"]},
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["state"] == "draft" and body["return_comment"] == "Progress was 7, not 70."
    assert body["history"][-1]["action"] == "reopen" and body["history"][-1]["acting_as"] == "secretariat"
    assert Client().get(f"/api/v1/updates/{update.pk}").status_code == 404  # private again
    assert secretariat.post(url, {"comment": "Again."}, content_type="application/json").status_code == 409
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()
