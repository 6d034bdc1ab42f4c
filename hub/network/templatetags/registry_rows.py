"""The registry pages' repeated rows in one tag each (hub/network/rows.py says why): ``{% held_items %}`` and
``{% history_rows %}`` (governance), ``{% member_rows %}`` and ``{% options %}`` (members); and the partials a
member's page repeats per event and term: ``{% record_sources %}``, ``{% record_alternatives %}``,
``{% decided_at %}`` and ``{% term_holder %}``."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from hub.network import rows as registry_rows
from hub.network.rows import GovernanceRows

register = template.Library()


def _rows(context, day, today, can_edit) -> GovernanceRows:
    # One writer per page render: it keeps the reversed addresses and translated words for every row.
    key = ("network.GovernanceRows", day == today, bool(can_edit))
    rows = context.render_context.get(key)
    if rows is None:
        rows = context.render_context[key] = GovernanceRows(day_is_today=day == today, can_edit=bool(can_edit))
    return rows


@register.simple_tag(takes_context=True)
def held_items(context, role, terms, day, today, can_edit=False):
    """The ``<li>`` of one role's holders on ``day``."""
    return _rows(context, day, today, can_edit).held(role, terms)


@register.simple_tag(takes_context=True)
def history_rows(context, role, terms, day, today, can_edit=False):
    """The ``<tr>`` of one role's history table; edit links when ``can_edit``."""
    return _rows(context, day, today, can_edit).history(role, terms)


@register.simple_tag
def member_rows(members):
    """The ``<tr>`` of the members table."""
    return registry_rows.member_rows(members)


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
