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

BASEMAP_PATH = Path(__file__).resolve().parents[3] / "data" / "geo" / "sea-basemap.json"

# Colours for point groups, in order of first appearance: Okabe and Ito's palette, told apart with
# the common colour-vision deficiencies; points get a dark outline, so no fill needs contrast with the
# land (presentation attributes; CSS may override).
POINT_COLOURS = ("#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
POINT_OUTLINE = "#1d2939"
ASEAN_FILL = "#f2e3c6"
NEIGHBOUR_FILL = "#e4e7ec"
SEA_FILL = "#eaf2f8"

_ids = itertools.count(1)


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
        item["x"], item["y"] = project(lat, lon, path=basemap_path)
        placed.append(item)

    # Legend and attribution sit in the Indian Ocean, bottom left, which the bbox keeps clear of land.
    font = round(11 * unit, 1)
    line = round(font * 1.45, 1)
    pad = round(10 * unit, 1)
    radius = round(5 * unit, 1)
    attribution_y = round(view_height - pad, 1)
    legend = []
    if len(groups) > 1 or labels:
        for i, group in enumerate(reversed(list(groups.values()))):
            y = round(attribution_y - line * (i + 1.6), 1)
            legend.append({**group, "cx": round(pad + radius, 1), "cy": y, "tx": round(pad + radius * 2 + 6 * unit, 1)})
        legend.reverse()

    return {
        "id": chart_id or f"chart-map-{next(_ids)}",
        "title": title,
        "description": description,
        "viewbox": f"0 0 {_num(view_width)} {_num(view_height)}",
        "view_width": view_width,
        "view_height": view_height,
        "width": width,
        "height": round(width * view_height / view_width) if width else None,
        "countries": [dict(c) for c in base["countries"]],
        "asean_fill": ASEAN_FILL,
        "neighbour_fill": NEIGHBOUR_FILL,
        "sea_fill": SEA_FILL,
        "point_outline": POINT_OUTLINE,
        "points": placed,
        "omitted": omitted,
        "count": len(placed),
        "groups": list(groups.values()),
        "legend": legend,
        "radius": radius,
        "font_size": font,
        "attribution": base["attribution"],
        "attribution_x": pad,
        "attribution_y": attribution_y,
    }


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(round(value, 1))
