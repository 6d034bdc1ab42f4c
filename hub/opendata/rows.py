"""The rows of a download: every item of a public list as the API's item (a dict), chunk by chunk.

A list the API writes from rows (``@paginate_rows``: projects, members, memberships, role terms, meetings)
is read the same way here: its queryset as plain tuples of the Rows' columns, each turned into the item by the
API's own ``item`` function (checked byte for byte against the item schema in tests/api/test_fast_lists.py),
so no model instance is built and no schema validated per row. Any other list's objects go through the API's
output schema, as ninja writes a response.

Querysets are read through a server-side cursor (``iterator(chunk_size)`` on PostgreSQL), so the cost of a
row does not grow with its position in the list (as ``OFFSET`` would) and memory holds one chunk.

A cell of a table is what the JSON of the item gives back when read (``plain``): dates as ISO text, decimals
as text, lists and mappings as compact JSON text, without writing and reading the JSON of each row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from ninja.responses import NinjaJSONEncoder

from hub.core.exports import FORMULA_START, csv_safe
from hub.opendata.columns import DEMO_COLUMN, Column

# Rows read per chunk: the queries of a download are one set per chunk (the chunk's related rows), and memory
# holds one chunk.
CHUNK = 2000

_NATIVE = frozenset({str, int, bool, float, type(None)})


# One encoder for every cell (json.dumps would build one per call): what json.dumps(value, cls=NinjaJSONEncoder,
# ensure_ascii=False, separators=(",", ":")) writes.
_json_compact = NinjaJSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def plain(value: Any) -> Any:
    """``value`` as a table cell: as ``json.loads`` gives back the API's JSON of it, lists and mappings as their
    compact JSON text."""
    kind = type(value)
    if kind in _NATIVE:
        return value
    if kind is list or kind is dict:
        if not value:  # most lists of alternatives, sources, focus areas
            return "[]" if kind is list else "{}"
        return _json_compact(value)
    # Dates, decimals, enums, lazy text …: the encoder's text of them, read back (str subclasses included:
    # str() of an Enum member is its name, its JSON is its value).
    loaded = json.loads(json.dumps(value, cls=NinjaJSONEncoder))
    return _json_compact(loaded) if isinstance(loaded, list | dict) else loaded


def demo_flag(obj) -> bool:
    if hasattr(obj, "is_demo"):
        return bool(obj.is_demo)
    inner = getattr(obj, "figure", None)  # the published figures' rows wrap the record
    return bool(getattr(inner, "is_demo", False))


def _has_demo_field(model) -> bool:
    return any(f.name == DEMO_COLUMN for f in model._meta.get_fields())


def encode(dataset, obj, context: dict) -> dict:
    """One object as the API's item schema dumps it, with ``is_demo`` where the schema has none."""
    data = dataset.schema.from_orm(obj, context=context).model_dump()
    if DEMO_COLUMN not in data:
        data[DEMO_COLUMN] = demo_flag(obj)
    return data


def chunk_items(dataset, chunk: list, context: dict) -> list[dict]:
    """A chunk of the list as items: rows (dicts of the Rows' columns) or objects."""
    rows = dataset.rows
    if rows is None:
        return [encode(dataset, obj, context) for obj in chunk]
    items = [rows.item(row, context) for row in chunk]
    if rows.finish is not None:
        rows.finish(items, chunk, context)
    for item, row in zip(items, chunk, strict=True):
        if DEMO_COLUMN not in item:
            item[DEMO_COLUMN] = bool(row.get(DEMO_COLUMN, False))
    return items


def _batches(iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def chunks(dataset, items: Any, include_demo: bool) -> Iterator[list]:
    """The list's rows (Rows' dicts) or objects, CHUNK at a time, demo ones left out unless asked for."""
    if not isinstance(items, QuerySet):
        kept = [obj for obj in items if include_demo or not demo_flag(obj)]
        yield from _batches(kept, CHUNK)
        return
    demo_field = _has_demo_field(items.model)
    if not include_demo and demo_field:
        items = items.filter(is_demo=False)
    rows = dataset.rows
    if rows is None:
        yield from _batches(items.iterator(chunk_size=CHUNK), CHUNK)
        return
    if rows.prepare is not None:
        items = rows.prepare(items, False)
    columns = rows.columns
    if demo_field and DEMO_COLUMN not in columns:
        columns = (*columns, DEMO_COLUMN)
    for batch in _batches(items.values_list(*columns).iterator(chunk_size=CHUNK), CHUNK):
        yield [dict(zip(columns, values, strict=True)) for values in batch]


def _safe_plain(value: Any) -> Any:
    return csv_safe(plain(value))


def _safe_text(value: str) -> str:
    return csv_safe(value)


PLAIN_CELL = "(v if type(v) in native else other(v))"


def _compile_row(columns: list[Column]) -> Callable[[dict], list]:
    """A function of one item giving its row of ``columns``, each cell made safe for a spreadsheet (csv_safe):
    written once per set of columns, so that a row costs no loop over its columns and no call per plain cell.
    Nested values by their path (a missing nested object gives empty cells), the rest as ``plain`` gives it."""
    names: dict[tuple[str, ...], str] = {(): "item"}
    lines = ["def row(item):"]

    def get(path: tuple[str, ...]) -> str:
        parent = names[path[:-1]]
        if parent == "item":
            return f"item.get({path[-1]!r})"
        return f"({parent}.get({path[-1]!r}) if isinstance({parent}, dict) else None)"

    cells = []
    for column in columns:
        path = tuple(column.path)
        for depth in range(1, len(path)):
            if path[:depth] not in names:
                names[path[:depth]] = name = f"p{len(names)}"
                lines.append(f"    {name} = {get(path[:depth])}")
        safe_text = "(v if not v or v[0] not in first else text(v))"
        cells.append(
            f"        {safe_text} if type(v := {get(path)}) is str else (v if type(v) in native else other(v)),"
        )
    source = "\n".join([*lines, "    return [", *cells, "    ]", ""])
    scope = {"first": frozenset(FORMULA_START), "text": _safe_text, "native": _NATIVE, "other": _safe_plain}
    exec(compile(source, f"<opendata row of {len(columns)} columns>", "exec"), scope)  # noqa: S102 - our own text
    return scope["row"]


_ROWS: dict[tuple, Callable[[dict], list]] = {}


def row_function(columns: list[Column]) -> Callable[[dict], list]:
    """``_compile_row(columns)``, kept per set of columns."""
    key = tuple(tuple(c.path) for c in columns)
    function = _ROWS.get(key)
    if function is None:
        function = _ROWS[key] = _compile_row(columns)
    return function


def table_row(item: dict, columns: list[Column]) -> list[Any]:
    """One item as the row of ``columns`` (see _compile_row)."""
    return row_function(columns)(item)
