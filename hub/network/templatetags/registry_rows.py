"""The registry pages' repeated rows in one tag each (hub/network/rows.py says why): ``{% member_rows %}`` and
``{% options %}`` (members); and the partials a member's page repeats per event and term:
``{% record_sources %}``, ``{% record_alternatives %}``, ``{% decided_at %}`` and ``{% term_holder %}``. The
governance page's rows come from its view (hub.network.rows.GovernanceRows)."""

from __future__ import annotations

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe

from hub.core.drawn import drawn_from
from hub.network import rows as registry_rows

register = template.Library()


@register.simple_tag
def member_rows(members):
    """The ``<tr>`` of the members table; for the list's rows (MemberRow), written again only when the values
    read differ (hub.core.drawn): the page reads them on every request, so a write is seen at once."""
    members = list(members)
    read = tuple(getattr(m, "row", None) for m in members)
    if None in read:
        return registry_rows.member_rows(members)
    key = (read, get_script_prefix(), get_urlconf())
    return drawn_from("network.member_rows", key, lambda: registry_rows.member_rows(members))


@register.simple_tag
def options(choices, selected):
    """The ``<option>`` of a filter's ``<select>``: ``choices`` are (value, label) pairs."""
    return registry_rows.options(choices, selected)


@register.simple_tag
def record_sources(record, show_note=False):
    """``{% include "partials/sources.html" with record=record show_note=show_note %}``."""
    return registry_rows.sources(record, show_note=show_note)


@register.simple_tag
def record_alternatives(record):
    """``{% include "partials/alternatives.html" with record=record %}``."""
    return registry_rows.alternatives(record)


@register.simple_tag
def decided_at(record):
    """``{% include "meetings/partials/decided_at.html" with record=record %}``."""
    return registry_rows.decided_at(record)


@register.simple_tag
def term_holder(term):
    """``{% include "network/partials/term_holder.html" %}``."""
    return mark_safe(registry_rows.term_holder(term))  # noqa: S308 - escaped by term_holder
