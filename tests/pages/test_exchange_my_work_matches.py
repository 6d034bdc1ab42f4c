"""My work: each of my member's open challenges with its best matches elsewhere (hub/exchange/work.py), on
the page and in GET /api/v1/me/tasks, at a query count that does not grow with the challenges shown."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.exchange.similar import similar_elsewhere
from hub.search.matchindex import reset_index
from tests.api.test_search_api import make_project
from tests.pages.helpers import section, text
from tests.services.test_exchange_support import make_challenge

pytestmark = pytest.mark.django_db
KINDS = ("wants_knowledge", "wants_partner", "wants_funding")


@pytest.fixture(autouse=True)
def _fresh_match_index():
    reset_index()
    yield
    reset_index()


@pytest.fixture
def projects():
    made = [
        make_project(
            "tidal-pumps",
            "Tidal flood pumps and sea wall",
            "Pumps and a sea wall keep tidal floods out of the coastal districts in the rainy season.",
            member="bangkok",
            areas=("safety-security", "quality-environment"),
        ),
        make_project(
            "market-drains",
            "Market drains widened",
            "Wider drains and flood gates keep the coastal markets dry when the tide comes in.",
            member="makassar",
            areas=("quality-environment",),
        ),
        make_project(
            "bike-share",
            "Bike sharing for students",
            "Shared bicycles at the university stations.",
            member="makassar",
            areas=("civic-social",),
        ),
        make_project(
            "library-hours",
            "Library opening hours online",
            "The city library publishes its opening hours.",
            member="bangkok",
        ),
    ]
    own = make_project(
        "sumedang-flood-gauge",
        "Flood gauges on the coastal rivers",
        "River gauges warn of tidal floods in the coastal districts.",
        member="sumedang",
        areas=("quality-environment",),
    )
    return made, own


def test_each_open_challenge_shows_its_best_matches_linked_with_their_member(client, personas, projects):
    _made, own = projects
    challenge = make_challenge(personas["sumedang_officer"], published=True, title="Tidal floods at the markets")
    client.force_login(personas["sumedang_officer"])
    html = section(text(client.get("/accounts/me/")), "tasks-open_challenges")
    expected = [m.project for m in similar_elsewhere(challenge)[:3]]
    assert len(expected) == 3
    for project in expected:
        assert f'<a href="{project.get_absolute_url()}">{project.title}</a> ({project.member.name})' in html
    positions = [html.index(f">{p.title}</a>") for p in expected]
    assert positions == sorted(positions)  # best first, as on the challenge's page
    assert expected[0].title in ("Tidal flood pumps and sea wall", "Market drains widened")
    fourth = similar_elsewhere(challenge)[3].project
    assert fourth.title not in html
    assert own.title not in html  # never the member's own projects
    items = client.get("/api/v1/me/tasks").json()["items"]
    detail = next(i["detail"] for i in items if i["kind"] == "open_challenges")
    assert "<a" not in detail  # plain text in the API
    assert detail.endswith("best matches: " + "; ".join(f"{p.title} ({p.member.name})" for p in expected))


def test_my_work_query_count_does_not_grow_with_the_challenges_shown(client, personas, projects):
    officer = personas["sumedang_officer"]
    client.force_login(officer)

    def add(n):
        for i in range(n):
            wants = {kind: kind == KINDS[i % 3] for kind in KINDS}
            make_challenge(officer, title=f"Tidal floods {n}-{i}", **wants)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            html = text(client.get("/accounts/me/"))
        assert "best matches:" in html
        return len(queries)

    add(3)
    client.get("/accounts/me/")  # the worker's match index is built on first use
    few = count()
    add(6)  # 9 shown: still one page, so no count query either
    assert count() == few
    add(3)  # 12: SHOWN are shown, and the group counts the rest (one query more, whatever the number)
    assert count() == few + 1
