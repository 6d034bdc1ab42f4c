"""New indicator values and their change-log entries as COPY text, made in one pass (PostgreSQL).

The generic bulk writers (hub.core.bulk.insert, changelog.record_many) cost most of the hub's time per new
value: a snapshot dict, a diff dict and a JSON encoding per entry, a converter call per column. Yet a new value
and its entry differ from the next value's only in the row's own fields (value, period, note, sources, ...):
the rest (the indicator's and the defaults' columns, the entry's actor, time and model, the indicator's part
of the changes) is made once per indicator here, and each row adds the text of its own fields to it.

What is written is what the generic writers write: the same columns, and the same change-log entry as
``record`` (``diff({}, snapshot)`` of the new record: every field that is not None, as [null, value]); only
the order of the keys in the changes' JSON differs, and jsonb keeps no order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from hub.core import bulk, changelog
from hub.core.models import ChangeAction, ChangeEntry
from hub.projects.models import Indicator, IndicatorValue

_STRING = json.encoder.encode_basestring_ascii  # json.dumps's own encoder of text (ensure_ascii)
_SPECIAL = re.compile(r"[\\\t\n\r]").search  # what COPY's text format escapes


def _escape(text: str) -> str:
    return text.translate(bulk.ESCAPES) if _SPECIAL(text) else text


def _decimal_json(value: Decimal) -> str:
    # changelog.plain of a Decimal, as a JSON string
    return '"' + (str(value.normalize()) if value == value.to_integral() else str(value)) + '"'


def _converters(field: models.Field) -> tuple[Callable[[Any], str], Callable[[Any], str]]:
    """(the COPY text of a value of ``field``, the JSON of changelog.plain(value)) for one that is not None.
    The JSON is not yet escaped for COPY: the entry's whole JSON is, once."""
    if isinstance(field, models.DecimalField):
        return str, _decimal_json
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return date.isoformat, lambda value: '"' + value.isoformat() + '"'
    if isinstance(field, models.BooleanField):
        return (lambda value: "t" if value else "f"), (lambda value: "true" if value else "false")
    if isinstance(field, (models.CharField, models.TextField)):
        return (lambda value: _escape(value if type(value) is str else str(value))), _STRING
    if isinstance(field, models.JSONField):
        texts: dict[tuple, str] = {}  # the JSON of lists of text, which repeat (a file's few sources)

        def raw(value: Any) -> str:
            if type(value) is list and all(type(v) is str for v in value):
                key = tuple(value)
                known = texts.get(key)
                if known is None:
                    known = texts[key] = bulk.json_text(value)
                return known
            return bulk.json_text(value)

        return (lambda value: _escape(raw(value))), raw
    return bulk.text, lambda value: bulk.json_text(changelog.plain(value))


# The fields rows.check_value gives a value, in its order: written by _row_text below, ~3x faster than the
# general path (a converter call per field); any other set of fields takes the general path.
ROW = ("value", "note", "sources", "confidence", "source_note", "period_start", "period_end", "period_label", "undated")
_SOURCES: dict[tuple, str] = {}  # the JSON of a list of sources, which repeat (a file's few addresses)


def _row_text(data: dict[str, Any]) -> tuple[str, str] | None:
    """The COPY text of a value's ROW fields, and their part of its entry's changes (JSON, not yet escaped for
    COPY); None when a field is not of the type the row checks give (the general path writes it)."""
    value, note, sources, confidence, source_note, start, end, label, undated = data.values()
    if not (
        type(value) is Decimal
        and type(note) is str
        and type(source_note) is str
        and type(start) is date
        and type(end) is date
        and type(label) is str
        and type(undated) is bool
        and type(sources) is list
        and isinstance(confidence, str)
    ):
        return None
    key = tuple(sources)
    sources_json = _SOURCES.get(key)
    if sources_json is None:
        if not all(type(v) is str for v in sources):
            return None
        if len(_SOURCES) > 4096:  # kept small across imports
            _SOURCES.clear()
        sources_json = _SOURCES[key] = bulk.json_text(sources)
    confidence = str(confidence)  # a choice's value
    first, last = start.isoformat(), end.isoformat()
    figure = str(value)
    plain = str(value.normalize()) if value == value.to_integral() else figure  # changelog.plain
    flag = "true" if undated else "false"
    columns = (
        f"{figure}\t{_escape(note)}\t{_escape(sources_json)}\t{_escape(confidence)}\t{_escape(source_note)}\t"
        f"{first}\t{last}\t{_escape(label)}\t{'t' if undated else 'f'}"
    )
    changes = (
        f'"value": [null, "{plain}"], "note": [null, {_STRING(note)}], "sources": [null, {sources_json}], '
        f'"confidence": [null, {_STRING(confidence)}], "source_note": [null, {_STRING(source_note)}], '
        f'"period_start": [null, "{first}"], "period_end": [null, "{last}"], '
        f'"period_label": [null, {_STRING(label)}], "undated": [null, {flag}]'
    )
    return columns, changes


def writable(names: Sequence[str]) -> bool:
    """Whether copy_new_values writes values with these fields: plain columns of IndicatorValue that a change-log
    snapshot holds (not the indicator, the reporter, the primary key or the bookkeeping fields)."""
    fields = {f.attname: f for f in IndicatorValue._meta.concrete_fields}
    return {"value", "period_label"} <= set(names) and all(
        name in fields
        and not fields[name].primary_key
        and not fields[name].is_relation
        and fields[name].name not in changelog.IGNORED
        for name in names
    )


def copy_new_values(
    pending: Sequence[tuple[dict[str, Any], Indicator]], *, user, actor, via: str, ids: Sequence[int] | None = None
) -> list[int]:
    """Write new IndicatorValues and one change-log entry each (action create), in the current transaction:
    ``pending`` holds each value's fields (the same names, in the same order, in every row; checked by the
    caller with the services' rules) and its indicator (saved). ``user``: the reporter (or None). Returns the
    values' primary keys, in order (``ids``: drawn before, bulk.new_ids; else drawn here)."""
    if not pending:
        return []
    names = tuple(pending[0][0])
    fields = [f for f in IndicatorValue._meta.concrete_fields if not f.primary_key]
    by_name = {f.attname: f for f in fields}
    own = [by_name[name] for name in names]  # the row's fields (KeyError for a name that is no column)
    indicator_field = by_name["indicator_id"]
    constant = [f for f in fields if f.attname not in names and f is not indicator_field]
    values = {**bulk.defaults(constant, timezone.now()), "reported_by_id": user.pk if user else None}
    constant_text = "\t".join(bulk.converter(f)(values[f.attname]) for f in constant)
    copy_fns = [_converters(f)[0] for f in own]
    # The entry's changes: each of the row's fields ("name": [null, ), with its JSON encoder (writable())
    logged = [(f'"{f.name}": [null, ', _converters(f)[1]) for f in own]

    prefixes: dict[int, tuple[str, str, str]] = {}  # per indicator: the value's columns, the changes' start, its name

    def prefix(indicator: Indicator) -> tuple[str, str, str]:
        snapshot = changelog.snapshot_of(IndicatorValue, {"indicator": indicator, "reported_by": user})
        shared = [
            f"{_STRING(name)}: [null, {bulk.json_text(value)}]"
            for name, value in sorted(snapshot.items())
            if name not in names and value is not None
        ]
        start = "{" + "".join(part + ", " for part in shared)
        return f"{constant_text}\t{indicator.pk}\t", start, indicator.name

    for _data, indicator in pending:  # each indicator's part once
        if id(indicator) not in prefixes:
            prefixes[id(indicator)] = prefix(indicator)
    if ids is None:
        ids = bulk.new_ids(IndicatorValue, len(pending))
    columns, head = changelog.copy_head(actor=actor, model=IndicatorValue, via=via)
    head += f"\t{ChangeAction.CREATE.value}\t"
    entries: list[str] = []
    add_entry = entries.append

    usual = names == ROW

    def lines():
        for pk, (data, indicator) in zip(ids, pending, strict=True):
            columns_text, changes_start, name = prefixes[id(indicator)]
            fast = _row_text(data) if usual else None
            if fast is not None:
                columns_own, body = fast
            else:
                row = list(data.values())
                columns_own = "\t".join(
                    [convert(v) if v is not None else "\\N" for convert, v in zip(copy_fns, row, strict=True)]
                )
                body = ", ".join(
                    [key + encode(v) + "]" for (key, encode), v in zip(logged, row, strict=True) if v is not None]
                )
            yield f"{pk}\t{columns_text}{columns_own}"
            changes = (changes_start + body if body else changes_start.rstrip(", ")) + "}"
            if "\\" in changes:  # JSON text escapes everything else COPY would
                changes = changes.replace("\\", "\\\\")
            text = IndicatorValue.text(name, data["period_label"], data["value"])[:300]
            add_entry(f"{head}{pk}\t{_escape(text)}\t{changes}")

    bulk.copy_text(
        IndicatorValue,
        [IndicatorValue._meta.pk.column] + [f.column for f in (*constant, indicator_field, *own)],
        lines(),
    )
    bulk.copy_text(ChangeEntry, columns, entries)
    return list(ids)
