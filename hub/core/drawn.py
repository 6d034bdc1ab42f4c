"""Figures drawn from a few rows, remembered with the rows they were drawn from.

A chart (its marks, its HTML) is a pure function of the rows a page reads for it, and drawing it costs more than
reading them. ``drawn_from(name, rows, draw)`` gives ``draw()``, or what it gave last time for equal ``rows``
in the active language: the page still reads its rows on every request, so a figure is drawn again as soon
as they differ and is never stale; a write elsewhere in the database leaves it as it is (issue 10, target 2:
the first request after a write). Per process, one entry per figure and language: nothing to expire.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

T = TypeVar("T")

_DRAWN: dict[tuple[str, str], tuple[tuple, object]] = {}


def drawn_from(name: str, rows: tuple, draw: Callable[[], T]) -> T:
    """``draw()``, or what it gave last time for the same ``rows`` (hashable, comparable) in the active language."""
    return _kept(_DRAWN, name, rows, draw)


# What a figure gave for a data version (hub.core.dataversion: changed in the transaction of every write, of any
# kind), per language: figures whose rows grow with the network (the home map reads every member) are not even
# read again until the data or the day change. Per process, one entry per figure and language.
_SEEN: dict[tuple[str, str], tuple[tuple, object]] = {}


def per_version(name: str, key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for the same ``key`` (the data version's token and the day) in the active
    language. ``compute`` itself reads its rows and draws through ``drawn_from``."""
    return _kept(_SEEN, name, key, compute)


def _kept(store: dict, name: str, key, compute: Callable[[], T]) -> T:
    """What ``compute()`` gave last for an equal ``key``, per name and active language, or a fresh one."""
    slot = (name, get_language() or "")
    last = store.get(slot)
    if last is not None and last[0] == key:
        return last[1]
    value = compute()
    store[slot] = (key, value)
    return value


def forget() -> None:
    """Draw every figure again (tests that change the code's inputs behind its back)."""
    _DRAWN.clear()
    _SEEN.clear()


def chart_html(template: str, chart: dict) -> SafeString:
    """``{% include template with chart=chart %}`` for the chart templates, which read nothing else of the page."""
    return mark_safe(render_to_string(template, {"chart": chart}))  # noqa: S308 - a template's escaped output
