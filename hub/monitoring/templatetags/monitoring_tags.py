"""Small filters of the M&E pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from hub.monitoring import charts, rows

register = template.Library()

ACTING_AS = {
    "city_officer": _("city officer"),
    "national_representative": _("National Representative"),
    "secretariat": _("Secretariat"),
    "secretariat_for_national_representative": _("Secretariat, for the National Representative"),
    "command": _("command line"),
}


@register.filter
def acting_as_label(value: str) -> str:
    return str(ACTING_AS.get(value, value))


@register.filter
def cycle_label(slug: str | None) -> str:
    """2024-2025 -> 2024–2025 (the slug of a cycle, as people write it)."""
    return (slug or "").replace("-", "–")


# The dashboards' charts written in Python (hub/monitoring/charts.py): the markup of their templates' includes.
register.filter("line_html", charts.line_html)
register.filter("columns_html", charts.columns_html)
register.filter("bars_html", charts.bars_html)
register.filter("project_rows", rows.project_rows)  # the member dashboard's projects table (hub/monitoring/rows.py)
