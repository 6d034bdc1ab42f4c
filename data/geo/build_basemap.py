#!/usr/bin/env python3
"""Build data/geo/sea-basemap.json, the Southeast Asia basemap that hub.core.charts draws.

A developer runs this by hand, once, when the basemap should change; the site never runs it (pages
only read the JSON it writes). It needs nothing but the Python standard library.

Source: `countries-50m.json` from the npm package `world-atlas` (version 2), a TopoJSON conversion
of Natural Earth's 1:50m Admin 0 countries, which are in the public domain:

    cd /tmp && mkdir -p atlas && cd atlas && npm install world-atlas@2
    python data/geo/build_basemap.py /tmp/atlas/node_modules/world-atlas/countries-50m.json

What it does:

1. decodes the TopoJSON arcs (quantized, delta-encoded, with a transform) into lon/lat lines;
2. simplifies each arc with Douglas-Peucker (TOLERANCE degrees). Arcs are shared by neighbouring
   countries, so simplifying arcs rather than rings keeps the borders of neighbours identical;
3. assembles the rings of the ASEAN member states and of every other country that reaches into the
   region (BBOX), clips them to the region plus a margin (so that the cut edges fall outside the
   drawing), and drops islands smaller than MIN_AREA square degrees (a country's largest ring is always
   kept for ASEAN members, so Singapore and Brunei stay visible);
4. projects with the equirectangular projection, x = (lon - lon_min) * SCALE and
   y = (lat_max - lat) * SCALE, rounds to 0.1 unit and writes each country as one compact SVG path
   (relative commands). hub.core.charts projects member points with the same formula, read back
   from the JSON's "viewbox" and "bbox".
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

BBOX = (91.0, -12.0, 142.0, 29.0)  # lon_min, lat_min, lon_max, lat_max
SCALE = 16.0  # viewBox units per degree
CLIP_MARGIN = 1.0  # degrees drawn beyond the bbox, hidden by the SVG viewport
TOLERANCE = 0.02  # Douglas-Peucker tolerance, degrees (0.3 viewBox unit: sharp on high-density screens)
MIN_AREA = 0.012  # square degrees; smaller islands are dropped
ATTRIBUTION = "Made with Natural Earth (public domain), via the world-atlas package"
OUTPUT = Path(__file__).resolve().parent / "sea-basemap.json"

# ISO 3166-1 numeric (the atlas's ids) -> alpha-2.
ASEAN = {
    "096": "BN",  # Brunei
    "116": "KH",  # Cambodia
    "360": "ID",  # Indonesia
    "418": "LA",  # Laos
    "458": "MY",  # Malaysia
    "104": "MM",  # Myanmar
    "608": "PH",  # Philippines
    "702": "SG",  # Singapore
    "764": "TH",  # Thailand
    "704": "VN",  # Vietnam
    "626": "TL",  # Timor-Leste
}
NEIGHBOURS = {
    "036": "AU",  # Australia (and, in the atlas, Ashmore and Cartier Is.)
    "050": "BD",  # Bangladesh
    "064": "BT",  # Bhutan
    "156": "CN",  # China
    "158": "TW",  # Taiwan
    "344": "HK",  # Hong Kong
    "356": "IN",  # India
    "392": "JP",  # Japan
    "446": "MO",  # Macao
    "524": "NP",  # Nepal
    "583": "FM",  # Micronesia
    "585": "PW",  # Palau
    "598": "PG",  # Papua New Guinea
}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Undo the quantization and delta encoding of every arc: a list of (lon, lat) lines."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            line = []
            for dx, dy in arc:
                x += dx
                y += dy
                line.append((x * sx + tx, y * sy + ty))
        else:
            line = [(float(px), float(py)) for px, py in arc]
        arcs.append(line)
    return arcs


def _segment_distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def douglas_peucker(line: list, tolerance: float) -> list:
    """Simplify an open line, keeping both ends (iterative, so long arcs do not hit the recursion limit)."""
    if len(line) < 3:
        return list(line)
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(line[i], line[first], line[last])
            if d > worst:
                worst, index = d, i
        if index != -1 and worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(line, keep, strict=True) if k]


def simplify_arc(line: list, tolerance: float) -> list:
    """Douglas-Peucker that also copes with closed arcs (a whole island): split at the farthest point."""
    if len(line) > 3 and line[0] == line[-1]:
        far = max(range(len(line)), key=lambda i: math.hypot(line[i][0] - line[0][0], line[i][1] - line[0][1]))
        return douglas_peucker(line[: far + 1], tolerance)[:-1] + douglas_peucker(line[far:], tolerance)
    return douglas_peucker(line, tolerance)


def ring_from_arcs(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        part = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(part if not ring else part[1:])
    return ring


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["arcs"]
    return []


def ring_area(ring: list) -> float:
    """Unsigned shoelace area, in square degrees."""
    s = 0.0
    for i in range(len(ring)):
        (x0, y0), (x1, y1) = ring[i - 1], ring[i]
        s += x0 * y1 - x1 * y0
    return abs(s) / 2


def clip_ring(ring: list, box: tuple[float, float, float, float]) -> list:
    """Sutherland-Hodgman clipping of one ring to an axis-aligned box."""
    xmin, ymin, xmax, ymax = box
    edges = [
        (lambda p: p[0] >= xmin, lambda a, b: _cut_x(a, b, xmin)),
        (lambda p: p[0] <= xmax, lambda a, b: _cut_x(a, b, xmax)),
        (lambda p: p[1] >= ymin, lambda a, b: _cut_y(a, b, ymin)),
        (lambda p: p[1] <= ymax, lambda a, b: _cut_y(a, b, ymax)),
    ]
    points = list(ring)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    for inside, cut in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    result.append(cut(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cut(previous, current))
            previous = current
        points = result
    return points


def _cut_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cut_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def project(lon: float, lat: float) -> tuple[int, int]:
    """Equirectangular projection into viewBox units, as integer tenths (0.1-unit rounding)."""
    lon_min, _, _, lat_max = BBOX
    return round((lon - lon_min) * SCALE * 10), round((lat_max - lat) * SCALE * 10)


def _num(tenths: int) -> str:
    """Tenths of a unit as the shortest SVG number: 12 -> "1.2", 5 -> ".5", -5 -> "-.5", 30 -> "3"."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    if frac == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole if whole else ''}.{frac}"


def _join(tokens: list[str]) -> str:
    """Join command letters and numbers with as few spaces as SVG's grammar allows."""
    out = []
    previous = ""
    for token in tokens:
        needs_space = (
            previous
            and not previous.isalpha()
            and not token.isalpha()
            and not token.startswith("-")
            and not (token.startswith(".") and "." in previous)
        )
        out.append(" " + token if needs_space else token)
        previous = token
    return "".join(out)


def path_data(rings: list[list[tuple[int, int]]]) -> str:
    """One SVG path for several rings of integer-tenth points, relative commands throughout.

    Differences are taken between already rounded points, so no rounding error accumulates.
    """
    tokens: list[str] = []
    start = (0, 0)  # after "z" the current point is the start of the subpath just closed
    for ring in rings:
        x0, y0 = ring[0]
        tokens += ["m", _num(x0 - start[0]), _num(y0 - start[1])]
        previous = (x0, y0)
        for x, y in ring[1:]:  # numbers after "m" are implicit relative line-tos
            tokens += [_num(x - previous[0]), _num(y - previous[1])]
            previous = (x, y)
        tokens.append("z")
        start = (x0, y0)
    return _join(tokens)


def build(source: Path) -> dict:
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = [simplify_arc(line, TOLERANCE) for line in decode_arcs(topology)]
    lon_min, lat_min, lon_max, lat_max = BBOX
    clip_box = (lon_min - CLIP_MARGIN, lat_min - CLIP_MARGIN, lon_max + CLIP_MARGIN, lat_max + CLIP_MARGIN)

    by_iso: dict[str, dict] = {}
    unknown = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        atlas_id = geometry.get("id")
        name = (geometry.get("properties") or {}).get("name", "")
        rings = []
        for polygon in polygons_of(geometry):
            for indexes in polygon:
                clipped = clip_ring(ring_from_arcs(indexes, arcs), clip_box)
                if len(clipped) >= 3 and ring_area(clipped) > 0:
                    rings.append(clipped)
        if not rings:
            continue
        iso = ASEAN.get(atlas_id) or NEIGHBOURS.get(atlas_id)
        if iso is None:
            unknown.append(f"{atlas_id} {name}")
            continue
        entry = by_iso.setdefault(iso, {"iso": iso, "name": name, "asean": iso in ASEAN.values(), "rings": []})
        entry["rings"].extend(rings)

    countries = []
    for entry in by_iso.values():
        rings = sorted(entry.pop("rings"), key=ring_area, reverse=True)
        kept = [r for r in rings if ring_area(r) >= MIN_AREA]
        if not kept and entry["asean"]:
            kept = rings[:1]  # never lose a member state, however small (Singapore)
        projected = []
        for ring in kept:
            points = []
            for lon, lat in ring:
                p = project(lon, lat)
                if not points or points[-1] != p:
                    points.append(p)
            if len(points) > 1 and points[0] == points[-1]:
                points.pop()
            if len(points) >= 3:
                projected.append(points)
        if projected:
            entry["d"] = path_data(projected)
            countries.append(entry)
    if unknown:
        print("skipped (no ISO 3166 code in the tables above):", ", ".join(sorted(unknown)), file=sys.stderr)

    # Neighbours first, then members, so that members' outlines are drawn on top.
    countries.sort(key=lambda c: (c["asean"], c["name"]))
    return {
        "viewbox": [round((lon_max - lon_min) * SCALE, 1), round((lat_max - lat_min) * SCALE, 1)],
        "bbox": [lon_min, lat_min, lon_max, lat_max],
        "attribution": ATTRIBUTION,
        "countries": countries,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="path of world-atlas's countries-50m.json")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help=f"where to write (default {OUTPUT})")
    args = parser.parse_args(argv)
    basemap = build(args.source)
    text = json.dumps(basemap, ensure_ascii=False, separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")
    members = sorted(c["iso"] for c in basemap["countries"] if c["asean"])
    size = len(text.encode("utf-8")) / 1024
    print(f"wrote {args.output}: {size:.1f} KB, {len(basemap['countries'])} countries, ASEAN: {' '.join(members)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
