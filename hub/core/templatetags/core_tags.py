"""Filters every app's templates may use: ``{% load core_tags %}``."""

from __future__ import annotations

from django import template

from hub.core.charts.numbers import format_number

register = template.Library()


@register.filter
def number(value) -> str:
    """A figure as the page's language writes it: 1,234.5 in English, 1.234,5 in Bahasa Indonesia.

    Grouped by thousands and without trailing zeros, also inside ``{% localize off %}`` (the charts).
    """
    return format_number(value)
