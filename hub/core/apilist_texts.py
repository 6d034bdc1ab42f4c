"""Each item's JSON text remembered by the row it was written from (``Rows(..., shared=...)``, hub.core.apilist).

An item of a list written from rows is a function of its row as the database gave it (before the converters:
plain ints, strings, decimals, dates, JSON as text) and of what the response's rows share (``shared(context)``:
e.g. the address template of their links, which holds the host, the scheme and the language prefix). Its text
is therefore kept under (that, the row): the next response that reads the same row, on any request and after
any write that left the row alone, joins the kept text instead of converting the row (JSON decoding included),
building its dict and encoding it again, which for 50 members was about a third of the request's Python.

Nothing can be stale: a changed row is another key (its text is written afresh); a row none reads again is
dropped when the memory is cleared (it holds at most ``LIMIT`` items per list and starts over when full). A list
with ``finish`` (items completed from other tables) cannot use it: the row alone does not give the item.
In the tests (sqlmemo.CHECK) every kept text is written again and compared, so an item that depends on
anything else than its row and ``shared`` fails loudly (IncompleteKey).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from ninja.responses import NinjaJSONEncoder

from hub.core import sqlmemo

LIMIT = 4_096


def _encode(item: dict) -> str:
    return json.dumps(item, cls=NinjaJSONEncoder, check_circular=False)


class ItemTexts:
    """The kept texts of one list's items (one per ``Rows``)."""

    def __init__(self, shared: Callable[[dict], Hashable]):
        self.shared = shared
        self.texts: dict[tuple, str] = {}

    def content(
        self,
        fetched: Sequence[Sequence],
        width: int,
        write: Callable[[Sequence], dict[str, Any]],
        context: dict,
        count: int,
    ) -> str:
        """The page's JSON (``{"items": [...], "count": n}``, as ``json.dumps`` of the whole writes it) from
        the rows as read (``width``: how many of each row's values the item reads; a count may follow) and
        ``write(row)``: the item's dict of one row as read."""
        shared, texts, parts = self.shared(context), self.texts, []
        for raw in fetched:
            key = (shared, tuple(raw[:width]))
            try:
                text = texts.get(key)
            except TypeError:  # a value that cannot be a key (none of Django's converters' inputs is)
                parts.append(_encode(write(raw)))
                continue
            if text is None:
                text = _encode(write(raw))
                if len(texts) >= LIMIT:
                    texts.clear()
                texts[key] = text
            elif sqlmemo.CHECK and _encode(write(raw)) != text:
                raise sqlmemo.IncompleteKey(f"apilist: an item's text depends on more than its row and {shared!r}")
            parts.append(text)
        return '{"items": [' + ", ".join(parts) + '], "count": ' + _encode(count) + "}"
