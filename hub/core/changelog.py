"""The change log: every write records who, when, which object, and the fields before and after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from hub.core import bulk
from hub.core.models import ChangeAction, ChangeEntry

# Bookkeeping fields that change on every save and say nothing to a reviewer.
IGNORED = {"updated_at", "created_at", "version", "end_until"}
# Copies of other records' values kept for a list's order (hub.monitoring.update_order).
IGNORED |= {"order_start", "order_country", "order_member", "order_title"}


def plain(value: Any) -> Any:
    """A field's value as a snapshot holds it (text for records, dates and decimals)."""
    return _plain(value)


_AS_IS = frozenset({str, bool, int, float, type(None), list, dict})  # kept as they are (the common case first)


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The reviewable state of a record: its concrete fields, foreign keys by their text."""
    state = {}
    for name, attname, is_relation in _snapshot_fields(type(obj)):
        if is_relation:
            related = getattr(obj, name)
            state[name] = str(related) if related is not None else None
        else:
            state[name] = _plain(getattr(obj, attname))
    return state


@lru_cache(maxsize=256)
def _snapshot_fields(model: type[models.Model]) -> tuple[tuple[str, str, bool], ...]:
    """(name, attname, is a relation) of each field a snapshot holds, read once per model."""
    return tuple(
        (f.name, f.attname, f.is_relation)
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in IGNORED
    )


@lru_cache(maxsize=64)
def _fields(model: type[models.Model]) -> tuple[tuple[str, bool, Any], ...]:
    """(name, is a relation, the default's snapshot) of each field a snapshot holds."""
    fields = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in IGNORED:
            continue
        default = field.get_default() if field.has_default() else None
        fields.append((field.name, field.is_relation, None if field.is_relation else _plain(default)))
    return tuple(fields)


def snapshot_of(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """``snapshot`` of a record not made into an instance (bulk writes): ``values`` by field name, related
    records as objects (or None), fields left out at their defaults."""
    state = {}
    for name, is_relation, default in _fields(model):
        if name not in values:
            state[name] = default
        elif is_relation:
            value = values[name]
            state[name] = str(value) if value is not None else None
        else:
            state[name] = _plain(values[name])
    return state


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def actor_label(actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return getattr(actor, "email", None) or str(actor)


def record(
    *,
    actor,
    obj: models.Model,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    via: str = "",
    note: str = "",
) -> ChangeEntry | None:
    """Append one entry. Must run inside the write's transaction (it checks)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Change log entries are written in the transaction of the change they describe")
    changes = diff(before or {}, after or {})
    if action == ChangeAction.UPDATE and not changes:
        return None
    return ChangeEntry.objects.create(
        actor=_user(actor),
        actor_label=actor_label(actor)[:200],
        via=via,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes,
        note=note,
    )


def _user(actor):
    return actor if getattr(actor, "pk", None) and hasattr(actor, "email") else None


def record_many(
    *,
    actor,
    model: type[models.Model],
    entries: Iterable[tuple[str, Any, str, dict[str, Any] | None, dict[str, Any] | None]],
    via: str = "",
    note: str = "",
) -> int:
    """Append many entries in one bulk write (COPY on PostgreSQL): for writes made in bulk, one entry per
    record and write, each exactly what ``record`` would have written for it (an update that changes
    nothing writes none). ``entries``: (action, the record's pk, str(record), before, after). Runs inside the
    write's transaction, like ``record``. Returns how many were written."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Change log entries are written in the transaction of the change they describe")
    common = _common(actor, model, via, note)
    rows = []
    for action, pk, text, before, after in entries:
        if before or not after:
            changes = diff(before or {}, after or {})
        else:  # diff({}, after), the common case of a new record, without the set and the lookups
            changes = {k: [None, after[k]] for k in sorted(after) if after[k] is not None}
        if action == ChangeAction.UPDATE and not changes:
            continue
        rows.append((action, str(pk), text[:300], changes))
    if rows and connection.vendor == "postgresql":
        _copy_entries(rows, common)
    else:
        keys = ("action", "object_id", "object_repr", "changes")
        bulk.insert(ChangeEntry, [dict(zip(keys, row, strict=True)) for row in rows], common=common)
    return len(rows)


def _common(actor, model: type[models.Model], via: str, note: str) -> dict[str, Any]:
    return {
        "actor_id": getattr(_user(actor), "pk", None),
        "actor_label": actor_label(actor)[:200],
        "via": via,
        "content_type_id": ContentType.objects.get_for_model(model).pk,
        "note": note,
    }


# An entry's own columns, after the ones its write shares with the others (copy_head)
OWN_COLUMNS = ("action", "object_id", "object_repr", "changes")


def copy_head(*, actor, model: type[models.Model], via: str = "", note: str = "") -> tuple[list[str], str]:
    """For a bulk writer that makes its entries' COPY lines itself (PostgreSQL; hub.projects.importing.copying):
    the ChangeEntry columns, and the COPY text of the columns shared by every entry of this write (who, when,
    via, the model, the note). Each line is that text, a tab, then the entry's own columns (OWN_COLUMNS:
    action, the record's pk, its text cut to 300 characters, the changes as JSON, as ``record`` writes them),
    each in COPY's text format."""
    return _head({**_common(actor, model, via, note), "at": timezone.now()})


def _head(shared: dict[str, Any]) -> tuple[list[str], str]:
    fields = [f for f in ChangeEntry._meta.concrete_fields if not f.primary_key]
    if sorted(f.attname for f in fields) != sorted([*shared, *OWN_COLUMNS]):
        raise RuntimeError("ChangeEntry's columns changed: update changelog._head")
    head = "\t".join(bulk.text(shared[f.attname]) for f in fields if f.attname not in OWN_COLUMNS)
    order = [f.attname for f in fields if f.attname not in OWN_COLUMNS] + list(OWN_COLUMNS)
    return [ChangeEntry._meta.get_field(name).column for name in order], head


def _copy_entries(rows: list[tuple[str, str, str, dict]], common: dict[str, Any]) -> None:
    """The entries' lines of COPY text, built here: the columns every entry shares once, then per entry its
    action, record and changes (bulk.insert's generic path costs twice as much a row)."""
    columns, head = _head({**common, "at": timezone.now()})
    escape, encode = bulk.ESCAPES, bulk.json_text
    lines = (
        "\t".join(
            (head, action, object_id.translate(escape), text.translate(escape), encode(changes).translate(escape))
        )
        for action, object_id, text, changes in rows
    )
    bulk.copy_text(ChangeEntry, columns, lines)  # the entries' ids are the table's own
