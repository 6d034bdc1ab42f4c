"""Many points on the member map: nearby points drawn as one circle with their number.

A map with a mark per point stops working long before a thousand points: the marks hide the land and
each other, and the page grows by a few hundred bytes a point. Past ``geo.DENSE_FROM`` placed points,
``map_points`` hands them here. Points are binned into square cells of the viewBox; a cell holding one
point draws it as usual (a linked dot with its name), a cell holding more draws one circle at their
mean position, sized by how many, with their number in the middle and a ring cut into one arc per
group (so the join periods stay readable), linked to the area's page when all its points share one.
The number of marks is bounded by the number of cells, whatever the number of points.

The markup is written here rather than by the template: a loop of a few hundred template nodes costs
more than the rest of the page. Geometry is plain Python numbers (never localized); text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from hub.core.charts.numbers import format_number

# Cell size, in on-screen pixels (times the map's viewBox units per pixel): about three dots wide.
CELL_PX = 40
MAX_RADIUS = 0.55  # the largest circle's radius, in cells
OVERLAP = 1.0  # circles closer than this share of their radii's sum are merged into one
MERGE_PASSES = 6
LEGEND_SCALE = 1.3  # the legend's sample circle, as a multiple of the point radius
INNER = 0.6  # the white disc inside the ring, as a share of the circle's radius


def _count(value: int) -> str:
    """A count as the page's language writes it; below 1000 no language groups digits (and
    format_number, which asks Django's formats each time, is the slow part of a dense map)."""
    return str(value) if 0 <= value < 1000 else format_number(value)


def _n(value: float) -> str:
    value = round(value, 1)
    return str(int(value)) if value.is_integer() else str(value)


def radius_for(count: int, *, radius: float, cell: float) -> float:
    """A single point keeps the map's radius; a group grows with the square root of its size, up to
    a little over half a cell."""
    if count <= 1:
        return radius
    return round(min(radius * 1.4 + radius * 0.45 * math.sqrt(count), cell * MAX_RADIUS), 1)


def _merge_pass(bins: list[dict[str, Any]], *, cell: float, radius: float) -> list[dict[str, Any]]:
    """One pass, largest bins first: a bin whose circle would overlap a kept one joins it.

    Kept bins are indexed by their centre on a grid as wide as the farthest reach between two
    circles, so only the nine squares around a bin can hold one that overlaps it."""
    reach_max = 2 * MAX_RADIUS * cell * OVERLAP
    bins.sort(key=lambda b: (-len(b["points"]), b["sy"] / len(b["points"]), b["sx"] / len(b["points"])))
    kept: list[dict[str, Any]] = []
    grid: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for b in bins:
        n = len(b["points"])
        x, y, r = b["sx"] / n, b["sy"] / n, radius_for(n, radius=radius, cell=cell)
        gx, gy = int(x // reach_max), int(y // reach_max)
        target = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for k in grid.get((gx + dx, gy + dy), ()):
                    m = len(k["points"])
                    reach = (r + radius_for(m, radius=radius, cell=cell)) * OVERLAP
                    close = (k["sx"] / m - x) ** 2 + (k["sy"] / m - y) ** 2 < reach * reach
                    if close and (target is None or k["order"] < target["order"]):
                        target = k
        if target is None:
            b["order"], b["key"] = len(kept), (gx, gy)
            kept.append(b)
            grid.setdefault(b["key"], []).append(b)
            continue
        target["points"].extend(b["points"])
        target["sx"] += b["sx"]
        target["sy"] += b["sy"]
        m = len(target["points"])
        key = (int(target["sx"] / m // reach_max), int(target["sy"] / m // reach_max))
        if key != target["key"]:
            grid[target["key"]].remove(target)
            target["key"] = key
            grid.setdefault(key, []).append(target)
    return kept


def cluster(points: Sequence[Mapping[str, Any]], *, cell: float, radius: float) -> list[dict[str, Any]]:
    """Points (with x, y, group) binned into cells, then neighbouring bins merged while their circles
    would overlap: one dict per circle, largest first.

    Each has x, y (mean of its points), count, r, points and counts (group -> number, first seen first).
    """
    cells: dict[tuple[int, int], list[Mapping[str, Any]]] = {}
    for point in points:
        cells.setdefault((int(point["x"] // cell), int(point["y"] // cell)), []).append(point)
    bins = [
        {"points": list(members), "sx": sum(p["x"] for p in members), "sy": sum(p["y"] for p in members)}
        for members in cells.values()
    ]
    for _ in range(MERGE_PASSES):
        kept = _merge_pass(bins, cell=cell, radius=radius)
        merged = len(kept) < len(bins)
        bins = kept
        if not merged:
            break
    clusters = []
    for b in bins:
        members = b["points"]
        counts: dict[str, int] = {}
        for point in members:
            counts[point["group"]] = counts.get(point["group"], 0) + 1
        clusters.append(
            {
                "x": round(b["sx"] / len(members), 1),
                "y": round(b["sy"] / len(members), 1),
                "count": len(members),
                "r": radius_for(len(members), radius=radius, cell=cell),
                "points": members,
                "counts": counts,
            }
        )
    # Large circles first, so that smaller ones nearby are drawn over them and stay visible.
    clusters.sort(key=lambda c: (-c["count"], c["y"], c["x"]))
    return clusters


def _point(point: Mapping[str, Any], radius: float, outline: str) -> str:
    circle = (
        f'<circle class="map-point {point["css"]}" cx="{_n(point["x"])}" cy="{_n(point["y"])}" r="{_n(radius)}" '
        f'fill="{point["colour"]}" stroke="{outline}" stroke-width="1" vector-effect="non-scaling-stroke">'
        f"<title>{escape(str(point['label']))}</title></circle>"
    )
    if point.get("url"):
        label = escape(str(point["label"]))
        return f'<a href="{escape(str(point["url"]))}" class="map-point-link" aria-label="{label}">{circle}</a>'
    return circle


def _slices(x: float, y: float, r: float, counts: Mapping[str, int], groups: Mapping[str, Mapping[str, Any]]) -> str:
    total = sum(counts.values())
    if len(counts) == 1:
        group = groups[next(iter(counts))]
        return f'<circle class="{group["css"]}" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{group["colour"]}"/>'
    parts, start = [], 0
    for key, count in counts.items():
        group = groups[key]
        end = start + count
        a0, a1 = 2 * math.pi * start / total, 2 * math.pi * end / total
        x0, y0 = x + r * math.sin(a0), y - r * math.cos(a0)  # clockwise from twelve o'clock
        x1, y1 = x + r * math.sin(a1), y - r * math.cos(a1)
        large = 1 if a1 - a0 > math.pi else 0
        parts.append(
            f'<path class="{group["css"]}" fill="{group["colour"]}" '
            f'd="M{_n(x)} {_n(y)}L{_n(x0)} {_n(y0)}A{_n(r)} {_n(r)} 0 {large} 1 {_n(x1)} {_n(y1)}Z"/>'
        )
        start = end
    return "".join(parts)


def _cluster_title(item: Mapping[str, Any], groups: Mapping[str, Mapping[str, Any]]) -> str:
    count = item["count"]
    head = ngettext("%(count)s member here", "%(count)s members here", count) % {"count": _count(count)}
    detail = ", ".join(f"{_count(n)} {groups[key]['label']}" for key, n in item["counts"].items())
    area = item.get("area")
    if area:
        head = f"{area}: {head}"
    return f"{head} ({detail})"


def _cluster(item: Mapping[str, Any], r: float, groups: Mapping[str, Mapping[str, Any]], outline: str) -> str:
    x, y = item["x"], item["y"]
    label = _count(item["count"])
    # The number fills the white disc: smaller type for more digits.
    font = min(r * INNER * 1.5, 2 * r * INNER / (0.62 * len(label) + 0.2))
    body = (
        f"<title>{escape(_cluster_title(item, groups))}</title>"
        f'<circle class="map-cluster-outline" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="#fff" '
        f'stroke="{outline}" vector-effect="non-scaling-stroke"/>'
        f"{_slices(x, y, r, item['counts'], groups)}"
        f'<circle class="map-cluster-centre" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r * INNER)}" fill="#fff"/>'
        f'<text class="map-cluster-count" x="{_n(x)}" y="{_n(y)}" dy="0.35em" text-anchor="middle" '
        f'font-size="{_n(font)}" font-weight="600" fill="#1d2939">{escape(label)}</text>'
    )
    if item.get("url"):
        label = escape(_cluster_title(item, groups))
        return (
            f'<a href="{escape(str(item["url"]))}" class="map-cluster-link" aria-label="{label}">'
            f'<g class="map-cluster">{body}</g></a>'
        )
    return f'<g class="map-cluster">{body}</g>'


def dense_marks(
    points: Sequence[Mapping[str, Any]],
    *,
    groups: Mapping[str, Mapping[str, Any]],
    radius: float,
    unit: float,
    outline: str,
) -> tuple[SafeString, int]:
    """(the SVG markup of the points, as singles and circles with a number; how many circles)."""
    cell = CELL_PX * unit
    marks, circles = [], 0
    for item in cluster(points, cell=cell, radius=radius):
        if item["count"] == 1:
            marks.append(_point(item["points"][0], radius, outline))
            continue
        circles += 1
        # The ring and the tooltip list the groups in the legend's order.
        item["counts"] = {key: item["counts"][key] for key in groups if key in item["counts"]}
        areas = {(p.get("area") or "", p.get("area_url") or "") for p in item["points"]}
        if len(areas) == 1:
            item["area"], item["url"] = next(iter(areas))
        marks.append(_cluster(item, item["r"], groups, outline))
    return mark_safe("\n".join(marks)), circles  # noqa: S308 - built above from escaped text and numbers


def legend_entry(groups: Mapping[str, Mapping[str, Any]], *, radius: float, outline: str) -> dict[str, Any]:
    """The legend's line for the circles: a small ring of every group's colour, without a number."""
    counts = dict.fromkeys(groups, 1)

    def mark(x: float, y: float) -> SafeString:
        r = radius * LEGEND_SCALE
        return mark_safe(  # noqa: S308 - numbers and the groups' own classes and colours only
            f'<circle class="map-cluster-outline" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="#fff" '
            f'stroke="{outline}" vector-effect="non-scaling-stroke"/>'
            f"{_slices(x, y, r, counts, groups)}"
            f'<circle class="map-cluster-centre" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r * INNER)}" fill="#fff"/>'
        )

    return {"key": "", "label": gettext("Several members close together"), "css": "map-cluster", "mark": mark}


def area_summary(points: Sequence[Mapping[str, Any]], groups: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The text alternative of a dense map: per area (e.g. country), how many points of each group."""
    rows: dict[str, dict[str, Any]] = {}
    for point in points:
        area = str(point.get("area") or "")
        row = rows.setdefault(area, {"label": area, "url": point.get("area_url") or "", "counts": {}, "total": 0})
        row["counts"][point["group"]] = row["counts"].get(point["group"], 0) + 1
        row["total"] += 1
    ordered = sorted(rows.values(), key=lambda row: (row["label"] == "", row["label"].casefold()))
    for row in ordered:
        row["cells"] = [row["counts"].get(group["key"], 0) for group in groups]
    return ordered
