"""Filters every app's templates may use: ``{% load core_tags %}``."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone

from hub.core.charts.numbers import format_number

register = template.Library()


@register.filter
def number(value) -> str:
    """A figure as the page's language writes it: 1,234.5 in English, 1.234,5 in Bahasa Indonesia.

    Grouped by thousands and without trailing zeros, also inside ``{% localize off %}`` (the charts).
    """
    return format_number(value)


@register.filter
def machine_time(value) -> str:
    """A date or date-time as the ``datetime`` attribute of ``<time>`` wants it: ISO 8601, whole seconds.

    ``date:'c'`` writes microseconds, which HTML refuses (at most three digits of a second); an aware time is
    written in the active time zone with its offset, as the text beside it shows it.
    """
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
