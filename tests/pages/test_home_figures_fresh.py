"""The home map and the members per country are kept per data version (hub.core.drawn.per_version): a write of
any kind, even one the services never see, shows on the next read."""

import pytest

from hub.network.models import Country, Member
from tests.pages.helpers import section, text

pytestmark = pytest.mark.django_db


def test_the_home_map_and_bars_follow_a_queryset_update(client):
    before = text(client.get("/"))
    assert "Aaazyxwv" not in before
    Member.objects.filter(slug="sumedang").update(name="Aaazyxwv")
    after = text(client.get("/"))
    assert "Aaazyxwv" in section(after, "members-map")

    brunei = Country.objects.get(code="BN")
    Member.objects.filter(slug="sumedang").update(country=brunei)
    moved = text(client.get("/"))
    assert section(moved, "members-by-country") != section(after, "members-by-country")


def test_reading_the_home_page_twice_gives_the_same_figures(client):
    first, second = text(client.get("/")), text(client.get("/"))
    assert section(first, "members-map") == section(second, "members-map")
    assert section(first, "members-by-country") == section(second, "members-by-country")
