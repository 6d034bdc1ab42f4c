"""The home page's growth table counts changes of membership, not events (stats.growth, one query)."""

from datetime import date

import pytest

from hub.core.dates import Precision
from hub.network.models import Country, Member, MembershipEvent, MembershipStatus
from tests.pages.helpers import section, text


def _event(member, status, day):
    MembershipEvent.objects.create(
        member=member,
        status=status,
        effective_date=day,
        effective_date_precision=Precision.DAY,
        is_demo=True,
        confidence="low",
    )


def _member(slug):
    return Member.objects.create(
        slug=slug, name=slug.title(), country=Country.objects.get(code="ID"), is_demo=True, confidence="low"
    )


@pytest.mark.django_db
def test_growth_steps_follow_joins_leaves_and_rejoins_and_name_only_small_days(client):
    a, b = _member("alpha"), _member("bravo")
    _event(a, MembershipStatus.CANDIDATE, date(2026, 11, 2))  # a candidate is not a member: no step
    _event(a, MembershipStatus.MEMBER, date(2026, 11, 3))
    _event(b, MembershipStatus.MEMBER, date(2026, 11, 3))
    _event(b, MembershipStatus.MEMBER, date(2026, 11, 4))  # already a member: no step
    _event(b, MembershipStatus.WITHDRAWN, date(2026, 11, 5))
    _event(b, MembershipStatus.MEMBER, date(2026, 11, 6))
    for n in range(9):  # more than the table names
        _event(_member(f"many-{n}"), MembershipStatus.MEMBER, date(2026, 11, 7))

    response = client.get("/")
    steps = [s for s in response.context["steps"] if s.day >= date(2026, 11, 1)]
    assert [(s.label, s.count, s.joined_count, s.left_count) for s in steps] == [
        ("2026-11-03", 40, 2, 0),
        ("2026-11-05", 39, 0, 1),
        ("2026-11-06", 40, 1, 0),
        ("2026-11-07", 49, 9, 0),
    ]
    assert [m.slug for m in steps[0].joined] == ["alpha", "bravo"]
    assert [m.slug for m in steps[1].left] == ["bravo"]
    assert steps[3].joined == []
    assert response.context["members_today"] == 49
    table = section(text(response), "growth-table")
    assert '+2 members:\n            <a href="/members/alpha/">Alpha</a>, <a href="/members/bravo/">Bravo</a>' in table
    assert '−1 member:\n            <a href="/members/bravo/">Bravo</a>' in table
    assert "+9 members\n" in table and "/members/many-0/" not in table


@pytest.mark.django_db
def test_members_per_country_and_the_map_follow_a_new_membership_event_at_once(client):
    first = client.get("/")
    assert first.context["members_today"] == 38
    dili = Member.objects.get(slug="dili")
    _event(dili, MembershipStatus.WITHDRAWN, date(2026, 11, 2))
    second = client.get("/")
    assert second.context["members_today"] == 37
    assert "/members/dili/" not in section(text(second), "members-map")
    assert "/countries/tl/" not in section(text(second), "members-by-country")
    assert "/countries/tl/" in section(text(first), "members-by-country")


@pytest.mark.django_db
def test_the_members_per_country_follow_a_bulk_update_that_leaves_updated_at_alone(client):
    """QuerySet.update() sends no signal and keeps updated_at: the figures still follow it (the data version)."""
    assert "/countries/tl/" in section(text(client.get("/")), "members-by-country")
    dili = Member.objects.get(slug="dili")
    MembershipEvent.objects.filter(member=dili).update(status=MembershipStatus.CANDIDATE)
    after = client.get("/")
    assert after.context["members_today"] == 37
    assert "/countries/tl/" not in section(text(after), "members-by-country")
