"""/projects/ filtered by a focus area counts its list and draws its chart from the focus-area pair tallies
(hub/monitoring/focus_pairs.py): after each kind of write, through the public cache, the page is exactly the
page that counts the list itself."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hub.projects import contributions
from hub.projects import services as project_services
from hub.projects.models import FocusArea, Project
from tests.pages.test_public_cache import read
from tests.services.test_monitoring_support import accepted, open_cycle

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def page(client: Client, url: str) -> str:
    status, body, _how = read(client, url)
    assert status == 200, url
    return TOKEN.sub("", body)  # each visitor's own CSRF token


def counted_from_the_list(url: str, monkeypatch, settings) -> str:
    """The page as it is without the tallies (the registry empty: the list counted) and without the cache."""
    with monkeypatch.context() as patched:
        patched.setattr(contributions, "_FOCUS_COUNTS", [])
        patched.setattr(contributions, "_LIST_TOTALS", [])
        settings.PUBLIC_CACHE = False
        body = page(Client(), url)
        settings.PUBLIC_CACHE = True
    return body


def test_the_focus_area_list_follows_each_write_through_the_cache(client, monkeypatch, settings, personas):
    project = Project.objects.get(slug="wa-kepo")
    other = FocusArea.objects.exclude(pk__in=project.focus_areas.all()).order_by("position").first()
    urls = [
        f"/projects/?focus_area={other.code}",
        f"/projects/?focus_area={other.code}&country=ID",
        f"/projects/?focus_area={other.code}&status=completed",
        f"/projects/?focus_area={other.code}&member=sumedang",
    ]

    def agree():
        for url in urls:
            assert page(client, url) == counted_from_the_list(url, monkeypatch, settings), url

    agree()
    for url in urls:
        read(client, url)  # kept by the cache now
    secretariat = personas["secretariat"]
    codes = [*project.focus_areas.values_list("code", flat=True), other.code]
    project_services.set_focus_areas(actor=secretariat, project=project, codes=codes)
    agree()
    assert "wa-kepo" in read(client, urls[0])[1]
    open_cycle(2025)
    accepted(personas, status="completed", progress=100)  # WA KEPO's update, through the review chain
    agree()
    project_services.set_focus_areas(actor=secretariat, project=project, codes=codes[:1])
    agree()
    assert "wa-kepo" not in read(client, urls[0])[1]
