"""The network map in the M&E report's PDF: the basemap the home page draws (hub.core.charts.geo, data/geo/
sea-basemap.json) as reportlab shapes, with the members of the network on the cycle's last day as dots.

The basemap's outlines are SVG path data written with relative "m" moves and implicit line-tos ending in
"z" (data/geo/build_basemap.py); they are read once per process and kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Path, Rect, String
from reportlab.lib import colors
from reportlab.platypus.flowables import Flowable

from hub.core.charts import geo
from hub.monitoring.report.pdf_draw import INK, SOFT, TEXT_W, fonts

_TOKEN = re.compile(r"[mMzZ]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")
WITH_PROJECTS = colors.HexColor(geo.POINT_COLOURS[0])
WITHOUT_PROJECTS = colors.HexColor(geo.POINT_COLOURS[1])


@lru_cache(maxsize=2)
def _outlines() -> tuple[tuple[bool, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    """Each country: (ASEAN or not, its rings as absolute points in viewBox units, y downwards)."""
    shapes = []
    for country in geo.basemap()["countries"]:
        rings, ring = [], []
        x = y = start_x = start_y = 0.0
        numbers: list[float] = []
        command = "m"
        for part in _TOKEN.findall(country["d"]):
            if part in "mMzZ":
                if part in "zZ":
                    if ring:
                        rings.append(tuple(ring))
                    ring, x, y = [], start_x, start_y
                command, numbers = part, []
                continue
            numbers.append(float(part))
            if len(numbers) < 2:
                continue
            dx, dy = numbers
            numbers = []
            if command == "M":
                x, y = dx, dy
            else:
                x, y = x + dx, y + dy
            if command in "mM":
                if ring:
                    rings.append(tuple(ring))
                ring, start_x, start_y = [(x, y)], x, y
                command = "l" if command == "m" else "L"
            else:
                ring.append((x, y))
        if ring:
            rings.append(tuple(ring))
        shapes.append((country["asean"], tuple(rings)))
    return tuple(shapes)


class Clipped(Flowable):
    """A drawing cut to its own box: the basemap's outlines run past the map's edges."""

    def __init__(self, drawing: Drawing):
        super().__init__()
        self.drawing = drawing

    def wrap(self, availWidth, availHeight):
        return self.drawing.width, self.drawing.height

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        box = canvas.beginPath()
        box.rect(0, 0, self.drawing.width, self.drawing.height)
        canvas.clipPath(box, stroke=0, fill=0)
        renderPDF.draw(self.drawing, canvas, 0, 0)
        canvas.restoreState()


def network_map(points, *, width: float = TEXT_W) -> Clipped:
    """The map, ``width`` wide: ASEAN countries shaded, members with projects counted in the cycle in one
    colour and the others in another, a legend and the basemap's attribution."""
    base = geo.basemap()
    view_w, view_h = base["viewbox"]
    lon_min, lat_min, lon_max, lat_max = base["bbox"]
    scale = width / view_w
    height = view_h * scale
    regular, _bold = fonts()
    d = Drawing(width, height)
    d.add(Rect(0, 0, width, height, fillColor=colors.HexColor(geo.SEA_FILL), strokeColor=None))
    for asean, rings in _outlines():
        fill = colors.HexColor(geo.ASEAN_FILL if asean else geo.NEIGHBOUR_FILL)
        for ring in rings:
            path = Path(fillColor=fill, strokeColor=colors.HexColor("#98a2b3"), strokeWidth=0.25)
            (x0, y0), rest = ring[0], ring[1:]
            path.moveTo(x0 * scale, height - y0 * scale)
            for x, y in rest:
                path.lineTo(x * scale, height - y * scale)
            path.closePath()
            d.add(path)
    radius = 2.2 if len(points) < 150 else 1.2
    for point in sorted(points, key=lambda p: p.has_projects):  # members with projects drawn on top
        if not (lon_min <= point.lon <= lon_max and lat_min <= point.lat <= lat_max):
            continue
        x = (point.lon - lon_min) * view_w / (lon_max - lon_min) * scale
        y = height - (lat_max - point.lat) * view_h / (lat_max - lat_min) * scale
        fill = WITH_PROJECTS if point.has_projects else WITHOUT_PROJECTS
        d.add(Circle(x, y, radius, fillColor=fill, strokeColor=colors.HexColor(geo.POINT_OUTLINE), strokeWidth=0.4))
    legend = [
        (WITH_PROJECTS, _("Member with projects counted in the cycle")),
        (WITHOUT_PROJECTS, _("Member without a project counted")),
    ]
    for i, (colour, label) in enumerate(legend):
        y = 30 - i * 11
        d.add(Circle(10, y + 2.5, 3, fillColor=colour, strokeColor=colors.HexColor(geo.POINT_OUTLINE), strokeWidth=0.4))
        d.add(String(17, y, label, fontName=regular, fontSize=7.5, fillColor=INK))
    d.add(String(6, 5, base["attribution"], fontName=regular, fontSize=6, fillColor=SOFT))
    return Clipped(d)
