"""hub.core.charts.format_number and the chart templates: figures written as the page's language writes them."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from hub.core.charts import bar_chart, format_number, number_length, step_chart

# (value, English as the hub has always written it, Bahasa Indonesia)
CASES = [
    (0, "0", "0"),
    (999, "999", "999"),
    (1234, "1,234", "1.234"),
    (-1234, "-1,234", "-1.234"),
    (1234567, "1,234,567", "1.234.567"),
    (12.5, "12.5", "12,5"),
    (3.0, "3", "3"),
    (1234.5, "1,234.5", "1.234,5"),
    (Decimal("4685.0000"), "4,685", "4.685"),
    (Decimal("12.5000"), "12.5", "12,5"),
    (Decimal("1234.5678"), "1,234.5678", "1.234,5678"),
    (Decimal("-0.2500"), "-0.25", "-0,25"),
    (Decimal("1E+3"), "1,000", "1.000"),
]


@pytest.mark.parametrize(("value", "english", "indonesian"), CASES)
def test_format_number_follows_the_active_language(value, english, indonesian):
    with translation.override("en"):
        assert format_number(value) == english
    with translation.override("id"):
        assert format_number(value) == indonesian
    assert number_length(value) == len(english) == len(indonesian)


def test_format_number_without_an_active_language_writes_english():
    # Commands and background jobs may run with translations deactivated.
    with translation.override(None):
        assert format_number(Decimal("1234.5000")) == "1,234.5"


def test_format_number_leaves_what_is_not_a_number():
    with translation.override("id"):
        assert format_number(None) == ""
        assert format_number("n/a") == "n/a"
        assert format_number(float("nan")) == "nan"


def test_the_number_filter_works_inside_localize_off_too():
    from django.template import engines

    template = engines["django"].from_string(
        "{% load core_tags l10n %}{{ v|number }} {% localize off %}{{ v|number }}{% endlocalize %}"
    )
    with translation.override("id"):
        assert template.render({"v": Decimal("1234.5")}) == "1.234,5 1.234,5"
    with translation.override("en"):
        assert template.render({"v": 1234}) == "1,234 1,234"


def _cells(html: str) -> list[str]:
    return re.findall(r"<td>([^<]*)</td>", html)


def test_bar_chart_values_follow_the_language_in_the_svg_and_the_table():
    chart = bar_chart([("Indonesia", 1234, None), ("Thailand", 12.5, None)])
    with translation.override("id"):
        html = render_to_string("core/charts/bars.html", {"chart": chart})
    assert ">1.234</text>" in html and ">12,5</text>" in html
    assert "<title>Indonesia: 1.234</title>" in html
    assert _cells(html) == ["1.234", "12,5"]
    assert "1,234" not in html and "12.5<" not in html
    with translation.override("en"):
        html = render_to_string("core/charts/bars.html", {"chart": chart})
    assert _cells(html) == ["1,234", "12.5"] and ">1,234</text>" in html


def test_step_chart_counts_and_axis_follow_the_language():
    chart = step_chart([(date(2018, 4, 28), 26), (date(2025, 5, 1), 1036)])
    with translation.override("id"):
        html = render_to_string("core/charts/step.html", {"chart": chart})
    assert _cells(html) == ["28 April 2018", "26", "1 Mei 2025", "1.036"]
    assert ">1.000</text>" in html  # the y axis' top tick
    assert "1.036" in re.search(r"<desc[^>]*>(.*?)</desc>", html, re.S).group(1)
    assert ">2018</text>" in html  # years are not grouped
    # The axis labels got room for the separator.
    assert chart["plot_left"] == pytest.approx(14 + 7.0 * len("1,500"))
