"""Server-rendered SVG charts: pure functions that turn plain Python data into what the templates draw.

Nothing here touches the database, and nothing is fetched at run time: views pass in lists of dicts
and tuples, and include the matching template with the result:

    {% include "core/charts/map.html" with chart=map %}      map_points(points)
    {% include "core/charts/step.html" with chart=growth %}  step_chart(series)
    {% include "core/charts/bars.html" with chart=bars %}    bar_chart(rows)
    {% include "core/charts/stacked.html" with chart=c %}    stacked_bar_chart(rows, series)

Coordinates are numbers rounded to 0.1 viewBox unit; the templates draw them inside
``{% localize off %}`` so that a locale with a decimal comma (Bahasa Indonesia) cannot break the SVG.
The figures the charts show go through ``format_number`` (numbers.py; the ``number`` filter of
``{% load core_tags %}``), which writes them as the active language does: "1,234.5" in English,
"1.234,5" in Bahasa Indonesia, in the SVG and its table alike.
Colours are set as SVG presentation attributes (which a Content-Security-Policy does not govern) and
every shape also has a class (``map-asean``, ``map-neighbour``, ``map-point``, ``chart-line``,
``chart-axis``, ``chart-bar``...) so that a stylesheet can restyle it: CSS rules beat presentation
attributes (see the "Charts" section of static/css/hub.css). Project statuses take their colours from
palette.py, on every chart.

A chart without links is one image (``role="img"``, named by its <title> and <desc>); a chart with links
(bars, stacked bars or map points that lead to a page) is ``role="group"`` with a label on every link, since
an image's content, its links included, is hidden from assistive technology. Either way the table or list
under it is the text alternative.

The map's basemap is data/geo/sea-basemap.json, built by hand with data/geo/build_basemap.py.
From ``geo.DENSE_FROM`` points on, the map draws nearby points as one circle with their number and a
ring of their groups' colours, and its text alternative counts points per area (clusters.py), so that
its size and cost stay flat however many members the network has.
"""

from hub.core.charts.geo import basemap, map_points, project
from hub.core.charts.numbers import format_number, number_length
from hub.core.charts.plots import bar_chart, nice_ticks, step_chart
from hub.core.charts.stacked import stacked_bar_chart

__all__ = [
    "bar_chart",
    "basemap",
    "format_number",
    "map_points",
    "nice_ticks",
    "number_length",
    "project",
    "stacked_bar_chart",
    "step_chart",
]
