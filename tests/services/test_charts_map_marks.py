"""The map's ready-made marks (hub.core.charts.geo: country shapes, points, list of places) are what the
template loops they replaced wrote: same markup, numbers, escaping and translated country names."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from hub.core.charts import map_points

# The loops of core/charts/map.html before chart.country_marks, chart.point_marks and chart.place_items.
COUNTRIES = Template(
    """{% for country in chart.countries %}<path class="map-country {% if country.asean %}map-asean{% else %}map-neighbour{% endif %}" data-iso="{{ country.iso }}" d="{{ country.d }}" fill="{% if country.asean %}{{ chart.asean_fill }}{% else %}{{ chart.neighbour_fill }}{% endif %}" fill-rule="evenodd" stroke="{% if country.asean %}#a08a5f{% else %}#b8bec8{% endif %}" stroke-width="0.8" vector-effect="non-scaling-stroke"><title>{{ country.name }}</title></path>
{% endfor %}"""  # noqa: E501
)
POINTS = Template(
    """{% load l10n %}{% localize off %}{% for point in chart.points %}{% if point.url %}<a href="{{ point.url }}" class="map-point-link" aria-label="{{ point.label }}">{% endif %}<circle class="map-point {{ point.css }}" cx="{{ point.x }}" cy="{{ point.y }}" r="{{ chart.radius }}" fill="{{ point.colour }}" stroke="{{ chart.point_outline }}" stroke-width="1" vector-effect="non-scaling-stroke"><title>{{ point.label }}</title></circle>{% if point.url %}</a>{% endif %}
{% endfor %}{% endlocalize %}"""  # noqa: E501
)
PLACES = Template(
    """{% for point in chart.points %}<li>{% if point.url %}<a href="{{ point.url }}">{{ point.label }}</a>{% else %}{{ point.label }}{% endif %}{% if chart.legend %} ({{ point.group_label }}){% endif %}</li>
{% endfor %}"""  # noqa: E501
)

POINTS_IN = [
    {"label": 'Sumedang <"&">', "lat": -6.86, "lon": 107.92, "url": "/members/sumedang/", "group": "2018"},
    {"label": "Da Nang", "lat": 16.05, "lon": 108.2, "url": "", "group": "2025-", "group_label": "Joined <late>"},
    {"label": "Nowhere", "lat": None, "lon": None, "url": "/members/nowhere/", "group": "2018"},
    {"label": "Kuching", "lat": "1.55", "lon": "110.34", "url": "/members/kuching/", "group": "unknown"},
]


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("width", [None, 400])
@pytest.mark.parametrize("labels", [None, {"2018": "Founding", "2025-": "Joined <2025>"}])
def test_ready_made_marks_match_the_loops(language, width, labels):
    with translation.override(language):
        for points in (POINTS_IN, POINTS_IN[:1], []):
            chart = map_points(points, width=width, group_labels=labels)
            context = Context({"chart": chart})
            assert str(chart["country_marks"]) == COUNTRIES.render(context)
            assert str(chart["point_marks"]) == POINTS.render(context)
            assert str(chart["place_items"]) == PLACES.render(context)
        if language == "id":
            assert re.search(r"<title>Filipina</title>", str(chart["country_marks"]))
