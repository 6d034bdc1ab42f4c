"""Challenges in the one search and "Similar elsewhere" on a challenge's page (hub/exchange/search_docs.py,
hub/exchange/similar.py over hub/search)."""

from __future__ import annotations

import pytest
from django.test import Client

from hub.search.matchindex import reset_index
from tests.api.test_search_api import make_project
from tests.pages.helpers import text
from tests.services.test_exchange_support import make_challenge

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_match_index():
    reset_index()
    yield
    reset_index()


def test_a_published_challenge_is_found_by_everyone_and_a_draft_only_by_its_readers(client, personas):
    make_challenge(personas["sumedang_officer"], published=True, title="Seaweed farmers lose their harvest")
    make_challenge(personas["sumedang_officer"], title="Mangrove nurseries wash away")
    kinds = {hit["kind"] for hit in client.get("/api/v1/search", {"q": "seaweed"}).json()["items"]}
    assert "challenge" in kinds
    assert client.get("/api/v1/search", {"q": "mangrove", "kind": "challenge"}).json()["count"] == 0
    officer = Client()
    officer.force_login(personas["sumedang_officer"])
    assert officer.get("/api/v1/search", {"q": "mangrove", "kind": "challenge"}).json()["count"] == 1
    bangkok = Client()
    bangkok.force_login(personas["bangkok_officer"])
    assert bangkok.get("/api/v1/search", {"q": "mangrove", "kind": "challenge"}).json()["count"] == 0


def test_an_edited_challenge_is_found_by_its_new_words_only(client, personas):
    from hub.exchange import services

    challenge = make_challenge(personas["sumedang_officer"], published=True, title="Seaweed farmers lose their harvest")
    services.update_challenge(
        actor=personas["sumedang_officer"], challenge=challenge, data={"title": "Fishponds silt up every year"}
    )
    assert client.get("/api/v1/search", {"q": "seaweed", "kind": "challenge"}).json()["count"] == 0
    assert client.get("/api/v1/search", {"q": "fishponds", "kind": "challenge"}).json()["count"] == 1


def test_the_challenge_page_lists_other_members_projects_with_reasons_and_a_link_to_ask(client, personas):
    make_project(
        "tidal-pumps",
        "Tidal flood pumps and sea wall",
        "Pumps and a sea wall keep tidal floods out of the coastal districts in the rainy season.",
        member="bangkok",
        areas=("safety-security", "quality-environment"),
    )
    own = make_project(
        "sumedang-flood-gauge",
        "Flood gauges on the rivers",
        "River gauges warn of floods.",
        member="sumedang",
        areas=("quality-environment",),
    )
    challenge = make_challenge(
        personas["sumedang_officer"],
        published=True,
        title="Banjir rob di pesisir",
        text="Banjir rob merendam desa pesisir setiap musim hujan.",
        language="id",
    )
    client.force_login(personas["sumedang_officer"])
    html = text(client.get(challenge.get_absolute_url()))
    similar = html[html.index('id="similar-elsewhere"') :]
    assert "Tidal flood pumps and sea wall" in similar
    assert own.title not in similar  # never the asking member's own projects
    assert "Shared focus areas:" in similar
    assert f"/collaborations/requests/new/?challenge={challenge.pk}&amp;project=tidal-pumps" in similar
