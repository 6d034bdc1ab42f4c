"""hub.core.charts: pure functions, no database and no Django settings needed."""

from __future__ import annotations

import re
from datetime import date

import pytest

from hub.core.charts import bar_chart, basemap, map_points, nice_ticks, project, stacked_bar_chart, step_chart

ASEAN = {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL"}


def _rings(d: str) -> list[list[tuple[float, float]]]:
    """Absolute points of a path made of m (implicit relative l) and z commands, as the build script writes."""
    rings: list[list[tuple[float, float]]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    for command, numbers in re.findall(r"([mz])([^mz]*)", d):
        if command == "z":
            x, y = start
            continue
        values = [float(v) for v in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", numbers)]
        assert len(values) % 2 == 0 and len(values) >= 6, numbers[:40]
        ring = []
        for dx, dy in zip(values[::2], values[1::2]):
            x, y = x + dx, y + dy
            ring.append((x, y))
        start = ring[0]
        rings.append(ring)
    return rings


def _inside(point: tuple[float, float], rings: list[list[tuple[float, float]]]) -> bool:
    """Even-odd rule, as the template fills the paths."""
    px, py = point
    inside = False
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            if (y0 > py) != (y1 > py) and px < x0 + (py - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


def test_projection_puts_jakarta_south_west_of_manila():
    jakarta_x, jakarta_y = project(-6.2, 106.8)
    manila_x, manila_y = project(14.6, 121.0)
    assert jakarta_x < manila_x  # west: smaller x
    assert jakarta_y > manila_y  # south: larger y (SVG y grows downwards)


def test_projection_maps_the_bbox_onto_the_viewbox():
    base = basemap()
    width, height = base["viewbox"]
    lon_min, lat_min, lon_max, lat_max = base["bbox"]
    assert project(lat_max, lon_min) == (0, 0)
    assert project(lat_min, lon_max) == (pytest.approx(width), pytest.approx(height))


def test_map_points_projects_points_and_keeps_input_fields():
    points = [
        {"label": "Jakarta", "lat": -6.2, "lon": 106.8, "url": "/members/jakarta/", "group": "member"},
        {"label": "Manila", "lat": 14.6, "lon": 121.0, "url": "/members/manila/", "group": "member"},
        {"label": "Dili", "lat": -8.56, "lon": 125.57, "url": "", "group": "candidate"},
    ]
    chart = map_points(points, width=600)
    assert [p["label"] for p in chart["points"]] == ["Jakarta", "Manila", "Dili"]
    jakarta, manila = chart["points"][0], chart["points"][1]
    assert (jakarta["x"], jakarta["y"]) == project(-6.2, 106.8)
    assert jakarta["x"] < manila["x"] and jakarta["y"] > manila["y"]
    assert jakarta["url"] == "/members/jakarta/" and jakarta["group"] == "member"
    assert chart["points"][0]["css"] == "map-point--member"
    assert chart["points"][0]["colour"] != chart["points"][2]["colour"]
    assert chart["viewbox"].startswith("0 0 ")
    assert chart["width"] == 600 and chart["height"] > 0
    assert chart["count"] == 3 and not chart["omitted"]
    assert "x" not in points[0]  # the input is not modified
    assert len(chart["legend"]) == 2


def test_map_points_omits_points_it_cannot_place():
    chart = map_points(
        [
            {"label": "No coordinates", "lat": None, "lon": None, "url": "", "group": "member"},
            {"label": "Tokyo", "lat": 35.7, "lon": 139.7, "url": "", "group": "member"},
            {"label": "Singapore", "lat": 1.29, "lon": 103.85, "url": "/s/", "group": "member"},
        ]
    )
    assert [p["label"] for p in chart["points"]] == ["Singapore"]
    assert [p["label"] for p in chart["omitted"]] == ["No coordinates", "Tokyo"]
    assert chart["legend"] == []  # one group and no labels: nothing to explain


def test_basemap_has_the_asean_member_states():
    base = basemap()
    codes = {c["iso"] for c in base["countries"] if c["asean"]}
    assert codes <= ASEAN
    assert len(codes) >= 10
    assert {"ID", "PH", "VN"} <= codes
    assert not any(c["asean"] for c in base["countries"] if c["iso"] not in ASEAN)
    assert any(not c["asean"] for c in base["countries"])  # neighbours for context
    assert "Natural Earth" in base["attribution"]
    assert all(c["d"].startswith("m") and c["d"].endswith("z") for c in base["countries"])


@pytest.mark.parametrize(
    ("iso", "lat", "lon"),
    [("ID", -6.9, 107.6), ("PH", 16.4, 120.6), ("VN", 21.0, 105.8), ("TH", 18.8, 99.0), ("MM", 21.9, 96.1)],
)
def test_basemap_shapes_and_points_share_the_projection(iso, lat, lon):
    country = next(c for c in basemap()["countries"] if c["iso"] == iso)
    assert _inside(project(lat, lon), _rings(country["d"]))


def test_basemap_paths_stay_near_the_viewbox():
    base = basemap()
    width, height = base["viewbox"]
    margin = 0.1 * max(width, height)
    for country in base["countries"]:
        for ring in _rings(country["d"]):
            for x, y in ring:
                assert -margin <= x <= width + margin and -margin <= y <= height + margin, country["iso"]


def test_nice_ticks():
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(26) == [0, 10, 20, 30]
    assert nice_ticks(47) == [0, 10, 20, 30, 40, 50]
    assert nice_ticks(120) == [0, 50, 100, 150]


def test_step_chart():
    series = [(date(2018, 4, 28), 26), (date(2019, 6, 23), 26), (date(2020, 11, 1), 29), (date(2025, 5, 1), 36)]
    chart = step_chart(series, width=640, height=240)

    assert chart["final_count"] == 36
    assert [p["count"] for p in chart["points"]] == [26, 26, 29, 36]
    assert chart["points"][-1]["date"] == date(2025, 5, 1)

    vertices = [tuple(float(v) for v in pair.split(",")) for pair in chart["line"].split()]
    xs = [x for x, _ in vertices]
    assert xs == sorted(xs)  # x never goes back
    assert all(0 <= x <= 640 for x in xs) and all(0 <= y <= 240 for _, y in vertices)
    # a step line: every segment is horizontal or vertical
    assert all(a[0] == b[0] or a[1] == b[1] for a, b in zip(vertices, vertices[1:]))
    # the count only grows, so y (downwards) never increases
    ys = [y for _, y in vertices]
    assert ys == sorted(ys, reverse=True)
    assert vertices[-1] == (chart["points"][-1]["x"], chart["points"][-1]["y"])

    assert [t["year"] for t in chart["x_ticks"]] == list(range(2018, 2027))
    tick_x = [t["x"] for t in chart["x_ticks"]]
    assert tick_x == sorted(tick_x)
    assert [t["value"] for t in chart["y_ticks"]] == [0, 10, 20, 30, 40]
    assert chart["y_ticks"][0]["y"] > chart["y_ticks"][-1]["y"]


def test_step_chart_extends_to_end_and_merges_dates():
    chart = step_chart(
        [(date(2020, 1, 1), 1), (date(2021, 3, 1), 2), (date(2021, 3, 1), 3, "2021-03")],
        end=date(2022, 6, 30),
    )
    assert chart["final_count"] == 3
    assert [(p["count"], p["label"]) for p in chart["points"]] == [(1, ""), (3, "2021-03")]
    last_x, last_y = (float(v) for v in chart["line"].split()[-1].split(","))
    assert last_x > chart["points"][-1]["x"] and last_y == chart["points"][-1]["y"]


def test_step_chart_unsorted_and_empty():
    chart = step_chart([(date(2021, 1, 1), 5), (date(2019, 1, 1), 2)])
    assert [p["count"] for p in chart["points"]] == [2, 5] and chart["final_count"] == 5
    empty = step_chart([])
    assert empty["empty"] and empty["line"] == "" and empty["final_count"] is None


def test_bar_widths_are_proportional():
    chart = bar_chart([("Indonesia", 8, "/c/id/"), ("Thailand", 4, None), ("Brunei", 1, None), ("None yet", 0, None)])
    widths = [row["bar_width"] for row in chart["rows"]]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.1)
    assert widths[0] == pytest.approx(8 * widths[2], abs=0.1)
    assert widths[3] == 0
    assert widths[0] <= 640 - chart["rows"][0]["bar_x"]
    assert chart["rows"][0]["url"] == "/c/id/" and chart["rows"][1]["url"] is None
    ys = [row["y"] for row in chart["rows"]]
    assert ys == sorted(ys) and len(set(ys)) == 4
    assert chart["rows"][-1]["y"] + 22 <= chart["height"]
    assert all(row["value_x"] > row["bar_x"] + row["bar_width"] for row in chart["rows"])
    assert all(row["label_x"] < row["bar_x"] for row in chart["rows"])


def test_bar_chart_shortens_long_labels_only_for_display():
    long = "Lao People's Democratic Republic, Vientiane Capital and its districts"
    row = bar_chart([(long, 3, None)], width=400)["rows"][0]
    assert row["label"] == long
    assert row["display_label"].endswith("\u2026") and len(row["display_label"]) < len(long)
    assert bar_chart([])["empty"]


def _render(template: str, chart: dict) -> str:
    from django.conf import settings

    if not settings.configured:
        pytest.skip("template rendering needs Django settings (DJANGO_SETTINGS_MODULE)")
    from django.template.loader import render_to_string

    return render_to_string(template, {"chart": chart})


@pytest.mark.parametrize("language", ["en", "id"])
def test_templates_render_accessible_svg_without_inline_styles(language):
    from django.utils import translation

    map_chart = map_points(
        [{"label": "Jakarta", "lat": -6.2, "lon": 106.8, "url": "/members/jakarta/", "group": "member"}]
    )
    steps = step_chart([(date(2018, 4, 28), 26), (date(2025, 5, 1), 1036)])
    bars = bar_chart([("Indonesia", 8, "/c/id/"), ("Thailand", 4.5, None)])
    plain_bars = bar_chart([("Indonesia", 8), ("Thailand", 4.5)])
    stacked = stacked_bar_chart(
        [{"label": "Civic", "values": {"ongoing": 2.5, "planning": 1}, "urls": {"ongoing": "/p/?s=ongoing"}}],
        [{"key": "planning", "label": "Planning"}, {"key": "ongoing", "label": "Ongoing"}],
    )
    with translation.override(language):
        html = {
            "map": _render("core/charts/map.html", map_chart),
            "step": _render("core/charts/step.html", steps),
            "bars": _render("core/charts/bars.html", bars),
            "plain_bars": _render("core/charts/bars.html", plain_bars),
            "stacked": _render("core/charts/stacked.html", stacked),
        }
    for name, text in html.items():
        # An image hides its content from assistive technology, links included: a chart with links is a group
        # whose every link has a name; a chart without links is one image.
        links = re.findall(r"<a [^>]*>", text.split("</svg>")[0])
        assert f'role="{"group" if links else "img"}"' in text and "<title" in text and "<desc" in text, name
        assert all("aria-label=" in link for link in links), (name, links)
        assert "style=" not in text and "<style" not in text and "<script" not in text, name
        # a decimal-comma locale (Bahasa Indonesia) must not reach the geometry
        number = r"-?\d+(?:\.\d+)?"
        for value in re.findall(r'\s(?:cx|cy|x|y|x1|x2|y1|y2|width|height|r|viewBox)="([^"]*)"', text):
            assert re.fullmatch(rf"{number}(?: {number})*", value), (name, value)
        for value in re.findall(r'\spoints="([^"]*)"', text):
            assert re.fullmatch(rf"{number},{number}(?: {number},{number})*", value), (name, value)
    assert 'class="map-country map-asean"' in html["map"] and "map-neighbour" in html["map"]
    assert re.search(
        r'<a href="/members/jakarta/"[^>]*><circle class="map-point[^>]*><title>Jakarta</title>', html["map"]
    )
    assert "Natural Earth" in html["map"]
    assert 'class="chart-line"' in html["step"] and "<table" in html["step"] and "2018" in html["step"]
    assert 'class="chart-bar"' in html["bars"] and "<table" in html["bars"]
    assert f'points="{steps["line"]}"' in html["step"]
