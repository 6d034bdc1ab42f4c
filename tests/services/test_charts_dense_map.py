"""The member map with many points (hub.core.charts.clusters): bounded markup, readable text alternative."""

from __future__ import annotations

import random
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from hub.core.charts import map_points
from hub.core.charts.clusters import CELL_PX, OVERLAP, cluster
from hub.core.charts.geo import DENSE_FROM

GROUPS = {"2018": "Founding member (2018)", "2019-2024": "Joined 2019–2024", "2025-": "Joined 2025 or later"}
AREAS = [("Indonesia", "/countries/id/"), ("Thailand", "/countries/th/"), ("Viet Nam", "/countries/vn/")]


def _points(count: int, *, seed: int = 3) -> list[dict]:
    """Spread evenly over the region: the worst case, every part of the map occupied."""
    rng = random.Random(seed)
    points = []
    for index in range(count):
        area, area_url = AREAS[index % len(AREAS)]
        points.append(
            {
                "label": f"Place <{index}>",
                "lat": rng.uniform(-9, 20),
                "lon": rng.uniform(95, 125),
                "url": f"/members/place-{index}/",
                "group": list(GROUPS)[index % 3],
                "area": area,
                "area_url": area_url,
            }
        )
    return points


def _render(chart: dict) -> str:
    return render_to_string("core/charts/map.html", {"chart": chart})


def _drawn(html: str) -> int:
    """How many points the SVG stands for: single dots plus the number in each circle."""
    svg = html[: html.index("</svg>")]
    singles = svg.count('class="map-point-link"')
    numbers = re.findall(r'<text class="map-cluster-count"[^>]*>([\d.,]+)</text>', svg)
    return singles + sum(int(re.sub(r"\D", "", n)) for n in numbers)


def test_a_few_points_keep_a_linked_dot_each():
    chart = map_points(_points(DENSE_FROM - 1), group_labels=GROUPS)
    html = _render(chart)
    assert not chart["dense"]
    assert html.count('class="map-point-link"') == DENSE_FROM - 1
    assert "map-cluster" not in html
    assert html.count("<li>") == DENSE_FROM - 1  # the list of places, one item each


def test_two_thousand_points_make_a_bounded_map_that_still_counts_every_point():
    chart = map_points(_points(2000), group_labels=GROUPS, list_url="/members/", area_label="Country")
    html = _render(chart)
    assert chart["dense"] and chart["count"] == 2000
    # Every point is accounted for, as a dot or within a circle's number.
    assert _drawn(html) == 2000
    # The markup is bounded by the map's cells, not by the number of points: a dot per point was
    # over 650 kB at this size, and four times the points add next to nothing.
    size = len(html.encode())
    assert size < 160_000
    assert html.count("<circle") < 400
    larger = _render(map_points(_points(8000), group_labels=GROUPS, list_url="/members/", area_label="Country"))
    assert len(larger.encode()) < size * 1.15


def test_circles_do_not_cover_each_other():
    chart = map_points(_points(2000), group_labels=GROUPS)
    placed = chart["points"]
    circles = cluster(placed, cell=CELL_PX, radius=chart["radius"])  # a fluid map: 1 unit a pixel
    assert sum(c["count"] for c in circles) == 2000
    for i, a in enumerate(circles):
        for b in circles[i + 1 :]:
            distance = ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
            # Centres are means: merging may pull them a little; never one over the other.
            assert distance >= (a["r"] + b["r"]) * OVERLAP * 0.75, (a["count"], b["count"])


def test_a_circle_shows_its_number_and_a_ring_per_join_period():
    points = [
        {"label": f"P{i}", "lat": 25.0, "lon": 135.0 + i * 0.01, "url": f"/m/{i}/", "group": g, "area": "Singapore"}
        for i, g in enumerate(["2018"] * 3 + ["2025-"] * 2)
    ]
    points += _points(DENSE_FROM)  # enough elsewhere (never east of 125°E) to make the map dense
    html = _render(map_points(points, group_labels=GROUPS))
    match = re.search(r'<g class="map-cluster"><title>Singapore: 5 members here \((.*?)\)</title>(.*?)</g>', html)
    assert match, html[:2000]
    assert match.group(1) == "3 Founding member (2018), 2 Joined 2025 or later"
    ring = match.group(2)
    # Clockwise from twelve o'clock in the legend's order: founding members' arc first.
    assert ring.index('class="map-point--2018"') < ring.index('class="map-point--2025"')
    assert ring.count("<path ") == 2
    assert '<text class="map-cluster-count"' in ring and ">5</text>" in ring
    # No area_url shared by all: the circle is not a link.
    assert not re.search(r'<a [^>]*class="map-cluster-link"[^>]*><g class="map-cluster"><title>Singapore', html)


def test_a_circle_of_one_area_links_to_it_and_names_are_escaped():
    html = _render(map_points(_points(600), group_labels=GROUPS))
    link = r'<a href="/countries/\w\w/" class="map-cluster-link" aria-label="[^"<]+"><g class="map-cluster">'
    assert re.search(link, html)
    assert "Place <" not in html  # labels are escaped in the ready-made markup too
    if 'class="map-point-link"' in html:
        assert "Place &lt;" in html


def test_the_text_alternative_counts_per_area_and_links_the_full_list():
    chart = map_points(_points(300), group_labels=GROUPS, list_url="/members/", area_label="Country")
    html = _render(chart)
    table = html[html.index('<table class="chart-table chart-map-summary">') : html.index("</table>")]
    assert "<caption>300 places on this map, counted by area</caption>" in table
    assert '<th scope="col">Country</th>' in table
    for label in GROUPS.values():
        assert f'<th scope="col" class="num">{label}</th>' in table
    # One row per area, linked, with its counts per group and its total: 300 points, 100 per area.
    assert table.count('<th scope="row">') == 3
    assert re.search(
        r'<th scope="row"><a href="/countries/id/">Indonesia</a></th>(<td class="num">\d+</td>){3}'
        r'<td class="num">100</td>',
        table,
    )
    assert '<a href="/members/">' in html
    assert "<li>" not in html  # no list of every place


def test_a_dense_map_in_indonesian_keeps_plain_geometry_and_local_numbers():
    chart = map_points(_points(2000), group_labels=GROUPS, list_url="/members/")
    with translation.override("id"):
        html = _render(chart)
    number = r"-?\d+(?:\.\d+)?"
    for value in re.findall(r'\s(?:cx|cy|x|y|width|height|r|font-size)="([^"]*)"', html):
        assert re.fullmatch(rf"{number}(?: {number})*", value), value
    for d in re.findall(r'<path class="map-point--[^>]* d="([^"]*)"', html):
        assert re.fullmatch(r"[MLAZ0-9 .\-]+", d), d
    assert "2.000" in html  # the caption's count, as Bahasa Indonesia writes it
    assert "style=" not in html and "<script" not in html


@pytest.mark.parametrize("count", [DENSE_FROM, 2000])
def test_the_legend_explains_the_circles_on_a_box_of_its_own(count):
    chart = map_points(_points(count), group_labels=GROUPS)
    html = _render(chart)
    assert chart["legend"][-1]["label"] == "Several members close together"
    assert '<rect class="map-legend-box"' in html
    assert html.count('class="map-legend-label"') == 4
