"""The projects API answers the public status and progress: those of the latest accepted progress update,
else the catalogue's status; an update under review changes nothing (issue 4)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.monitoring import services as monitoring
from hub.network.models import Member
from hub.projects import services
from hub.projects.models import Project
from tests.services.test_monitoring_support import accepted, draft, open_cycle

pytestmark = pytest.mark.django_db

URL = "/api/v1/projects"
PUBLIC_FIELDS = ("status", "progress", "status_source", "status_cycle", "catalogue_status")


def items(response) -> dict[str, dict]:
    assert response.status_code == 200, response.content
    return {item["slug"]: item for item in response.json()["items"]}


def public(item: dict) -> tuple:
    return tuple(item[name] for name in PUBLIC_FIELDS)


def wa_kepo_id() -> int:
    return Project.objects.get(slug="wa-kepo").pk


def test_without_updates_the_status_is_the_catalogue_one(client):
    listed = items(client.get(URL, {"limit": 500}))
    assert public(listed["wa-kepo"]) == ("ongoing", None, "catalogue", None, "ongoing")
    assert all(item["status_source"] == "catalogue" for item in listed.values())
    assert public(client.get(f"{URL}/{wa_kepo_id()}").json()) == ("ongoing", None, "catalogue", None, "ongoing")


def test_an_accepted_update_gives_status_progress_and_cycle(client, personas):
    accepted(personas, status="completed", progress=100)
    expected = ("completed", 100, "update", "2024-2025", "ongoing")
    listed = items(client.get(URL, {"limit": 500}))
    assert public(listed["wa-kepo"]) == expected
    assert public(listed["jaki"]) == ("ongoing", None, "catalogue", None, "ongoing")
    assert public(client.get(f"{URL}/{wa_kepo_id()}").json()) == expected
    # The status filter reads the public status.
    # 18 projects that the 2025 M&E report lists as completed, and now WA KEPO.
    completed = items(client.get(URL, {"status": "completed", "limit": 500}))
    assert "wa-kepo" in completed and len(completed) == 19
    assert "wa-kepo" not in items(client.get(URL, {"status": "ongoing"}))
    assert list(items(client.get(URL, {"status": "completed", "member": "sumedang"}))) == ["wa-kepo"]


@pytest.mark.parametrize("state", ["draft", "submitted", "endorsed"])
def test_an_update_under_review_changes_nothing(client, personas, state):
    update = draft(personas, status="completed", progress=100)
    if state in ("submitted", "endorsed"):
        update = monitoring.submit(actor=personas["sumedang_officer"], update=update)
    if state == "endorsed":
        monitoring.endorse(actor=personas["indonesia_nr"], update=update)
    expected = ("ongoing", None, "catalogue", None, "ongoing")
    assert public(items(client.get(URL, {"limit": 500}))["wa-kepo"]) == expected
    assert public(client.get(f"{URL}/{wa_kepo_id()}").json()) == expected
    assert "wa-kepo" not in items(client.get(URL, {"status": "completed", "limit": 500}))
    assert "wa-kepo" in items(client.get(URL, {"status": "ongoing", "member": "sumedang"}))
    # Not even for the officer who wrote it: the catalogue's public status is the same for everyone.
    client.force_login(personas["sumedang_officer"])
    assert public(client.get(f"{URL}/{wa_kepo_id()}").json()) == expected


def test_a_patch_changes_the_catalogue_status_and_answers_the_public_one(client, personas):
    accepted(personas, status="completed", progress=100)
    client.force_login(personas["secretariat"])
    response = client.patch(f"{URL}/{wa_kepo_id()}", {"status": "discontinued"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert public(response.json()) == ("completed", 100, "update", "2024-2025", "discontinued")
    assert Project.objects.get(slug="wa-kepo").status == "discontinued"


def test_the_openapi_document_describes_the_new_fields(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ProjectOut"]
    assert {"progress", "status_source", "status_cycle", "catalogue_status"} <= set(schema["properties"])
    assert schema["properties"]["status_source"]["enum"] == ["update", "catalogue"]
    assert "accepted progress update" in schema["properties"]["status"]["description"]


def test_list_and_detail_query_counts_stay_constant_with_accepted_updates(client, personas):
    sumedang = Member.objects.get(slug="sumedang")
    extra = [
        services.create_project(
            actor=personas["secretariat"],
            data={"member": sumedang, "title": f"Extra project {n:02}", "status": "ongoing"},
            focus_areas=["civic-social"],
        )
        for n in range(12)
    ]
    cycle = open_cycle()
    for project in extra[::2]:
        accepted(personas, project=project, cycle=cycle, status="completed", progress=90)

    counts = {}
    for params in ({"limit": 500}, {"limit": 2}, {"limit": 500, "status": "completed"}):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
        assert response.status_code == 200
        counts[tuple(sorted(params.items()))] = len(queries)
    assert len(set(counts.values())) == 1, counts
    assert max(counts.values()) <= 4
    # The six accepted as completed here, and the 18 that the 2025 M&E report lists as completed.
    assert len(items(client.get(URL, {"status": "completed", "limit": 500}))) == 6 + 18
    for project in (extra[0], extra[1]):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{URL}/{project.pk}").status_code == 200
        assert len(queries) <= 6
