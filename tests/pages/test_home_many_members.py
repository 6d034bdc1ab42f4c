"""Home with a network fifty times larger (bench/generate.py): same queries, a map that stays small."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.generate import generate_members
from hub.core import drawn
from hub.core.dates import Precision
from hub.network.models import Member, MembershipEvent, MembershipStatus
from tests.pages.helpers import section, text


def _home(client):
    drawn.forget()  # every figure drawn from this test's data
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.django_db
def test_home_with_2000_more_members_keeps_its_queries_and_a_bounded_map(client):
    _, queries_before = _home(client)
    generate_members(2000)
    response, queries_after = _home(client)
    assert queries_after == queries_before  # no query per member
    assert response.context["members_today"] == 2038
    html = text(response)
    assert '<span class="stat__number">2,038</span>' in html
    assert '<td class="num">2,038</td>' in section(html, "growth-table")
    figure = section(html, "members-map")
    # A dot per member was about 660 kB of map; nearby members now share one circle with their number.
    assert len(figure.encode()) < 120_000
    svg = figure[: figure.index("</svg>")]
    singles = svg.count('class="map-point-link"')
    numbers = [
        int(n) for n in re.findall(r'<text class="map-cluster-count"[^>]*>([\d,]+)</text>', svg.replace(",", ""))
    ]
    assert numbers and singles + sum(numbers) == 2038
    assert "Members close together are drawn as one circle" in html
    assert "Several members close together" in svg  # in the legend


@pytest.mark.django_db
def test_home_with_2000_more_members_has_a_text_alternative_per_country(client):
    generate_members(2000)
    response, _ = _home(client)
    figure = section(text(response), "members-map")
    alternative = figure[figure.index("</svg>") :]
    assert "<li>" not in alternative  # not 2,038 list items
    assert "2,038 places on this map, counted by area" in alternative
    assert '<th scope="col">Country</th>' in alternative
    rows = re.findall(
        r'<th scope="row"><a href="(/countries/\w\w/)">([^<]+)</a></th>((?:<td class="num">[\d,]+</td>)+)', alternative
    )
    assert {url for url, _, _ in rows} >= {"/countries/id/", "/countries/th/", "/countries/tl/"}
    totals = [int(re.findall(r">([\d,]+)<", cells)[-1].replace(",", "")) for _, _, cells in rows]
    assert sum(totals) == 2038
    assert '<a href="/members/">The full list, one row each</a>' in alternative
    # A circle whose members are all in one country opens that country's page.
    assert re.search(r'<a href="/countries/\w\w/" class="map-cluster-link" aria-label="[^"]+">', figure)


@pytest.mark.django_db
def test_home_with_2000_more_members_in_indonesian(client):
    generate_members(2000)
    response = client.get("/", headers={"accept-language": "id"})
    figure = section(text(response), "members-map")
    assert "2.038" in figure
    number = r"-?\d+(?:\.\d+)?"
    for value in re.findall(r'\s(?:cx|cy|x|y|r|width|height)="([^"]*)"', figure):
        assert re.fullmatch(rf"{number}(?: {number})*", value), value


@pytest.mark.django_db
def test_the_map_shows_exactly_todays_members_with_their_join_period(client):
    generate_members(200)
    left = Member.objects.get(slug="demo-1")
    MembershipEvent.objects.create(
        member=left,
        status=MembershipStatus.WITHDRAWN,
        effective_date=timezone.localdate(),  # after its joining (1 January of 2018 to 2026), or the same day
        effective_date_precision=Precision.DAY,
        is_demo=True,
        confidence="low",
    )
    today = timezone.localdate()
    expected = {
        m.get_absolute_url(): m.joined_date for m in Member.objects.members_on(today).with_join().exclude(latitude=None)
    }
    response = client.get("/")
    points = response.context["map"]["points"]
    assert {p["url"] for p in points} == set(expected)
    assert left.get_absolute_url() not in expected
    # the colour (join period) follows the first day each became a member
    for point in points:
        joined = expected[point["url"]]
        assert point["group"] == ("2018" if joined.year <= 2018 else "2019-2024" if joined.year <= 2024 else "2025-")


@pytest.mark.django_db
def test_home_map_is_drawn_again_when_a_member_changes(client):
    first = text(client.get("/"))
    member = Member.objects.get(slug="sumedang")
    member.name = "Sumedang Regency Renamed"
    member.save()
    assert "Sumedang Regency Renamed" not in first
    assert "Sumedang Regency Renamed" in section(text(client.get("/")), "members-map")
