"""The bar chart's ready-made markup (hub.core.charts.plots: bars and table rows) is what the template loops
it replaced wrote: same markup, numbers in the page's language, escaping."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from hub.core.charts import bar_chart

# The loops of core/charts/bars.html before chart.bar_marks and chart.table_rows.
BARS = Template(
    """{% load l10n core_tags %}{% localize off %}{% for row in chart.rows %}{% if row.url %}<a href="{{ row.url }}" class="chart-bar-link" aria-label="{{ row.label }}: {{ row.value|number }}">{% else %}<g>{% endif %}<title>{{ row.label }}: {{ row.value|number }}</title>
<text class="chart-bar-label" x="{{ row.label_x }}" y="{{ row.text_y }}" text-anchor="end" fill="#1d2939">{{ row.display_label }}</text>
<rect class="chart-bar" x="{{ row.bar_x }}" y="{{ row.y }}" width="{{ row.bar_width }}" height="{{ row.bar_height }}" fill="#1849a9"/>
<text class="chart-bar-value" x="{{ row.value_x }}" y="{{ row.text_y }}" fill="#475467">{{ row.value|number }}</text>
{% if row.url %}</a>{% else %}</g>{% endif %}
{% endfor %}{% endlocalize %}"""  # noqa: E501
)
TABLE = Template(
    """{% load core_tags %}{% for row in chart.rows %}<tr><th scope="row">{% if row.url %}<a href="{{ row.url }}">{{ row.label }}</a>{% else %}{{ row.label }}{% endif %}</th><td>{{ row.value|number }}</td></tr>
{% endfor %}"""  # noqa: E501
)

ROWS = [
    ("Indonesia", 12, "/countries/id/"),
    ('Sumedang <"&"> and a label far too long for its column', 1234567, None),
    ("Half", Decimal("2.50"), "/x/?a=1&b=2"),
    ("Negative", -3, ""),
    ("Nothing", None, None),
    ("Float", 0.125, "/y/"),
]


@pytest.mark.parametrize("language", ["en", "id"])
def test_ready_made_bars_match_the_loops(language):
    for rows in (ROWS, ROWS[:1], []):
        chart = bar_chart(rows, width=440)
        with translation.override(language):
            context = Context({"chart": chart})
            assert str(chart["bar_marks"]()) == BARS.render(context)
            assert str(chart["table_rows"]()) == TABLE.render(context)
    with translation.override(language):
        assert ("1.234.567" if language == "id" else "1,234,567") in chart_text(ROWS)


def chart_text(rows) -> str:
    return str(bar_chart(rows)["table_rows"]())
