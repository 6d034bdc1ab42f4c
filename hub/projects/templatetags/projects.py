"""Small filters of the projects pages: figures as people read them, status labels."""

from __future__ import annotations

from decimal import Decimal

from django import template

from hub.core.charts import format_number
from hub.projects.models import ProjectStatus

register = template.Library()


@register.filter
def figure(value) -> str:
    """4685.0000 -> "4,685"; 12.5000 -> "12.5" (grouped as the language groups thousands)."""
    if value is None or value == "":
        return ""
    return format_number(Decimal(str(value)))  # the one number formatter (hub.core.charts), text parsed first


@register.filter
def project_status_label(value: str | None) -> str:
    if not value:
        return ""
    try:
        return ProjectStatus(value).label
    except ValueError:
        return value
