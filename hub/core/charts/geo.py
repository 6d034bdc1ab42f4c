"""The member map: the Southeast Asia basemap (data/geo/sea-basemap.json) and points projected onto it.

The basemap is built once, by hand, by data/geo/build_basemap.py; here it is only read (once per
process, then cached). Points use the basemap's own equirectangular projection, read back from its
"viewbox" and "bbox", so they land where the coastlines are whatever scale the basemap was built at.
Points never depend on the basemap's shapes: a member in a country the basemap lacks is still drawn.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop

from hub.core.charts import clusters

BASEMAP_PATH = Path(__file__).resolve().parents[3] / "data" / "geo" / "sea-basemap.json"

# Colours for point groups, in order of first appearance: Okabe and Ito's palette, told apart with
# the common colour-vision deficiencies; points get a dark outline, so no fill needs contrast with the
# land (presentation attributes; CSS may override).
POINT_COLOURS = ("#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
POINT_OUTLINE = "#1d2939"
ASEAN_FILL = "#f2e3c6"
NEIGHBOUR_FILL = "#e4e7ec"
SEA_FILL = "#eaf2f8"

# From this many placed points on, nearby points are drawn as one circle with their number and the
# text alternative becomes a count per area (clusters.py): the real network (a few dozen members)
# keeps a dot per member.
DENSE_FROM = 150

_ids = itertools.count(1)

# The basemap's country names (data/geo/sea-basemap.json) as catalogue msgids, so that `make messages`
# finds them: each shape's <title> is shown in the page's language (Filipina, Jepang, Tiongkok).
BASEMAP_NAMES = (
    gettext_noop("Australia"),
    gettext_noop("Bangladesh"),
    gettext_noop("Bhutan"),
    gettext_noop("China"),
    gettext_noop("Hong Kong"),
    gettext_noop("India"),
    gettext_noop("Japan"),
    gettext_noop("Palau"),
    gettext_noop("Papua New Guinea"),
    gettext_noop("Taiwan"),
    gettext_noop("Brunei"),
    gettext_noop("Cambodia"),
    gettext_noop("Indonesia"),
    gettext_noop("Laos"),
    gettext_noop("Malaysia"),
    gettext_noop("Myanmar"),
    gettext_noop("Philippines"),
    gettext_noop("Singapore"),
    gettext_noop("Thailand"),
    gettext_noop("Timor-Leste"),
    gettext_noop("Vietnam"),
)


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Any]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    width, height = (float(v) for v in data["viewbox"])
    lon_min, lat_min, lon_max, lat_max = (float(v) for v in data["bbox"])
    if not (width > 0 and height > 0 and lon_max > lon_min and lat_max > lat_min):
        raise ValueError(f"{path}: bad viewbox or bbox")
    countries = tuple(
        {"iso": c["iso"], "name": c["name"], "asean": bool(c["asean"]), "d": c["d"]} for c in data["countries"]
    )
    return {
        "viewbox": (width, height),
        "bbox": (lon_min, lat_min, lon_max, lat_max),
        "attribution": data.get("attribution", ""),
        "countries": countries,
    }


def basemap(path: str | Path | None = None) -> dict[str, Any]:
    """The basemap as loaded from JSON (cached; treat it as read-only)."""
    return _load(str(path or BASEMAP_PATH))


def project(lat: float, lon: float, *, path: str | Path | None = None) -> tuple[float, float]:
    """(lat, lon) in degrees -> (x, y) in the basemap's viewBox units, y growing southwards."""
    base = basemap(path)
    width, height = base["viewbox"]
    lon_min, lat_min, lon_max, lat_max = base["bbox"]
    x = (float(lon) - lon_min) * width / (lon_max - lon_min)
    y = (lat_max - float(lat)) * height / (lat_max - lat_min)
    return round(x, 1), round(y, 1)


def _slug(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "default"


def _coordinate(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def map_points(
    points: Iterable[Mapping[str, Any]],
    *,
    width: int | None = None,
    title: str = "",
    description: str = "",
    group_labels: Mapping[str, str] | None = None,
    chart_id: str | None = None,
    basemap_path: str | Path | None = None,
    dense_from: int = DENSE_FROM,
    list_url: str = "",
    area_label: str = "",
) -> dict[str, Any]:
    """Everything core/charts/map.html draws.

    points: dicts with label, lat, lon, url (may be empty) and group (e.g. "member", "candidate").
    Each comes back as a copy with x and y (viewBox units) plus css (a class) and colour. A point
    without usable coordinates, or outside the basemap's bbox, goes to "omitted" instead, so that the
    page can still list it.

    width: the pixel width to draw at; None leaves the SVG fluid (it takes its container's width).
    Point radius and font sizes are chosen to look the same size on screen either way.
    group_labels: legend text for each group (already translated); without one, a group takes the
    "group_label" of its first point, else shows its key. The legend appears when there is more than
    one group or group_labels is given.
    title, description: the SVG's <title> and <desc>; the template has translated defaults.

    From ``dense_from`` placed points on, the map is "dense": ``marks`` holds the points' markup, nearby
    points drawn as one circle with their number (clusters.py), and ``summary`` replaces the list of
    places with a count per area and group; points may carry "area" (e.g. the country's name) and
    "area_url" for it, and area_label names the column (default "Area"). list_url: where the full
    list is (linked from the text alternative).
    """
    base = basemap(basemap_path)
    view_width, view_height = base["viewbox"]
    lon_min, lat_min, lon_max, lat_max = base["bbox"]
    labels = dict(group_labels or {})

    # viewBox units per screen pixel, so that marks keep a constant on-screen size.
    unit = view_width / width if width else 1.0
    unit = min(max(unit, 0.5), 4.0)

    groups: dict[str, dict[str, Any]] = {}
    placed, omitted = [], []
    for point in points:
        item = dict(point)
        group = str(item.get("group") or "default")
        if group not in groups:
            groups[group] = {
                "key": group,
                "label": labels.get(group) or str(item.get("group_label") or "") or group,
                "css": f"map-point--{_slug(group)}",
                "colour": POINT_COLOURS[len(groups) % len(POINT_COLOURS)],
            }
        item["group"] = group
        item["css"] = groups[group]["css"]
        item["colour"] = groups[group]["colour"]
        item["group_label"] = groups[group]["label"]
        lat, lon = _coordinate(item.get("lat")), _coordinate(item.get("lon"))
        if lat is None or lon is None or not (lon_min <= lon <= lon_max and lat_min <= lat <= lat_max):
            omitted.append(item)
            continue
        item["x"] = round((lon - lon_min) * view_width / (lon_max - lon_min), 1)
        item["y"] = round((lat_max - lat) * view_height / (lat_max - lat_min), 1)
        placed.append(item)
    dense = len(placed) >= dense_from

    # Legend and attribution sit in the Indian Ocean, bottom left, which the bbox keeps clear of land.
    font = round(12 * unit, 1)  # 12px on screen at the width drawn for: the smallest chart text
    line = round(font * 1.45, 1)
    pad = round(10 * unit, 1)
    radius = round(5 * unit, 1)
    attribution_y = round(view_height - pad, 1)
    marks, circles = "", 0
    if dense:
        marks, circles = clusters.dense_marks(placed, groups=groups, radius=radius, unit=unit, outline=POINT_OUTLINE)
    entries = list(groups.values()) if len(groups) > 1 or labels else []
    summary_groups = list(entries)
    if circles and entries:  # a map without a legend has no room kept for one
        entries.append(clusters.legend_entry(groups, radius=radius, outline=POINT_OUTLINE))
    legend = []
    for i, entry in enumerate(reversed(entries)):
        y = round(attribution_y - line * (i + 1.6), 1)
        cx = round(pad + radius * (clusters.LEGEND_SCALE if entry.get("mark") is not None else 1), 1)
        legend.append({**entry, "cx": cx, "cy": y, "tx": round(pad + radius * 2 + 6 * unit, 1)})
    legend.reverse()
    for entry in legend:
        if entry.get("mark") is not None:
            entry["mark"] = entry["mark"](entry["cx"], entry["cy"])
    # On a dense map points may fall under the legend: a pale box keeps it readable (the text's width
    # is estimated, at about 0.56 em a character).
    legend_box = None
    if dense and legend:
        longest = max(len(str(entry["label"])) for entry in legend)
        top = legend[0]["cy"] - line * 0.75
        legend_box = {
            "x": round(pad * 0.4, 1),
            "y": round(top, 1),
            "width": round(legend[0]["tx"] + longest * font * 0.56 + pad * 0.6 - pad * 0.4, 1),
            "height": round(legend[-1]["cy"] + line * 0.75 - top, 1),
        }

    return {
        "id": chart_id or f"chart-map-{next(_ids)}",
        "title": title,
        "description": description,
        "viewbox": f"0 0 {_num(view_width)} {_num(view_height)}",
        "view_width": view_width,
        "view_height": view_height,
        "width": width,
        "height": round(width * view_height / view_width) if width else None,
        "countries": [{**c, "name": gettext(c["name"])} for c in base["countries"]],
        "country_marks": _country_marks(str(basemap_path or BASEMAP_PATH), get_language()),
        "point_marks": "" if dense else _point_marks(placed, radius),
        "place_items": "" if dense else _place_items(placed, bool(legend)),
        "asean_fill": ASEAN_FILL,
        "neighbour_fill": NEIGHBOUR_FILL,
        "sea_fill": SEA_FILL,
        "point_outline": POINT_OUTLINE,
        "points": placed,
        "linked": any(item.get("url") for item in placed),
        "omitted": omitted,
        "count": len(placed),
        "dense": dense,
        "marks": marks,
        "summary": clusters.area_summary(placed, summary_groups) if dense else [],
        "summary_groups": summary_groups,
        "list_url": list_url,
        "area_label": area_label,
        "groups": list(groups.values()),
        "legend": legend,
        "legend_box": legend_box,
        "radius": radius,
        "font_size": font,
        "attribution": base["attribution"],
        "attribution_x": pad,
        "attribution_y": attribution_y,
    }


# The map's repeated marks, written here rather than by a template loop: the country shapes (the same for
# every map in a language) and the points of a map that is not dense. Numbers as ``{% localize off %}``
# writes them (``str``), text escaped as the template escapes it; tests/services/test_charts.py compares.


@lru_cache(maxsize=8)
def _country_marks(path: str, language: str | None) -> SafeString:
    marks = []
    for c in _load(path)["countries"]:
        kind, fill, stroke = (
            ("map-asean", ASEAN_FILL, "#a08a5f") if c["asean"] else ("map-neighbour", NEIGHBOUR_FILL, "#b8bec8")
        )
        marks.append(
            f'<path class="map-country {kind}" data-iso="{escape(c["iso"])}" d="{escape(c["d"])}" fill="{escape(fill)}"'
            f' fill-rule="evenodd" stroke="{stroke}" stroke-width="0.8" vector-effect="non-scaling-stroke">'
            f"<title>{escape(gettext(c['name']))}</title></path>\n"
        )
    return mark_safe("".join(marks))  # noqa: S308 - escaped values and fixed markup


def _point_marks(placed: list[dict], radius: float) -> SafeString:
    marks = []
    for point in placed:
        url, label = point.get("url"), escape(point.get("label", ""))
        circle = (
            f'<circle class="map-point {escape(point.get("css", ""))}" cx="{point["x"]}" cy="{point["y"]}"'
            f' r="{radius}" fill="{escape(point.get("colour", ""))}" stroke="{POINT_OUTLINE}" stroke-width="1"'
            f' vector-effect="non-scaling-stroke"><title>{label}</title></circle>'
        )
        if url:
            circle = f'<a href="{escape(url)}" class="map-point-link" aria-label="{label}">{circle}</a>'
        marks.append(circle + "\n")
    return mark_safe("".join(marks))  # noqa: S308 - escaped values and fixed markup


def _place_items(placed: list[dict], with_group: bool) -> SafeString:
    items = []
    for point in placed:
        url, label = point.get("url"), escape(point.get("label", ""))
        text = f'<a href="{escape(url)}">{label}</a>' if url else label
        group = f" ({escape(point.get('group_label', ''))})" if with_group else ""
        items.append(f"<li>{text}{group}</li>\n")
    return mark_safe("".join(items))  # noqa: S308 - escaped values and fixed markup


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(round(value, 1))
