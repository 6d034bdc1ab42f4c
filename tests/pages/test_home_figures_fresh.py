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


def test_the_growth_table_follows_an_event_written_behind_the_services_back(client):
    from datetime import date

    from hub.core.dates import Precision
    from hub.network.models import MembershipEvent, MembershipStatus

    before = section(text(client.get("/")), "growth-table")
    assert "Aaazyxwv" not in before
    member = Member.objects.create(
        slug="aaazyxwv", name="Aaazyxwv", country=Country.objects.get(code="ID"), is_demo=True, confidence="low"
    )
    MembershipEvent.objects.bulk_create(  # no save signal: only the data version's own triggers see it
        [
            MembershipEvent(
                member=member,
                status=MembershipStatus.MEMBER,
                effective_date=date(2026, 11, 3),
                effective_date_precision=Precision.DAY,
                counts_from=date(2026, 11, 3),  # save() works it out; bulk_create does not call save()
                is_demo=True,
                confidence="low",
            )
        ]
    )
    after = section(text(client.get("/")), "growth-table")
    assert "Aaazyxwv" in after
    MembershipEvent.objects.filter(member=member).update(status=MembershipStatus.WITHDRAWN)
    assert "Aaazyxwv" not in section(text(client.get("/")), "growth-table")
