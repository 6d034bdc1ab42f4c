"""Fast bulk writes for the benchmark generator: PostgreSQL ``COPY``, else ``bulk_create``.

Only for generated benchmark data (never the hub's own writes: those go through the services and the
change log). Columns the caller does not give take the model field's default, rendered once per column,
so that millions of rows cost one line of text each.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection, models

CHUNK = 20_000


def _text(value) -> str:
    """One value in COPY's text format (our generated values hold no tab, newline or backslash)."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal, str)):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} in a COPY row")


def _columns(model: type[models.Model], given: Sequence[str], now: dt.datetime) -> tuple[list[str], list[str]]:
    """(the table's columns in order, the text of each column's default or '' for a given one)."""
    names, defaults = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        names.append(field.column)
        if field.attname in given:
            defaults.append("")
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults.append(_text(now))
        elif field.has_default():
            defaults.append(_text(field.get_default()))
        elif field.null:
            defaults.append(r"\N")
        elif isinstance(field, (models.CharField, models.TextField)):
            defaults.append("")
        else:
            raise ValueError(f"{model.__name__}.{field.attname} has no default: give it")
    return names, defaults


def insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], *, now: dt.datetime) -> int:
    """Insert rows (tuples of values for ``fields``, attribute names such as ``member_id``); the count."""
    if connection.vendor != "postgresql":
        return _bulk_create(model, fields, rows, now=now)
    names, defaults = _columns(model, fields, now)
    where = {model._meta.get_field(f).column: i for i, f in enumerate(fields)}
    order = [where.get(name) for name in names]
    sql = f"COPY {model._meta.db_table} ({', '.join(connection.ops.quote_name(n) for n in names)}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        lines = []
        for row in rows:
            lines.append("\t".join(defaults[k] if i is None else _text(row[i]) for k, i in enumerate(order)))
            if len(lines) >= CHUNK:
                copy.write("\n".join(lines) + "\n")
                count += len(lines)
                lines = []
        if lines:
            copy.write("\n".join(lines) + "\n")
            count += len(lines)
    return count


def _bulk_create(model, fields, rows, *, now) -> int:
    count = 0
    batch = []
    for row in rows:
        obj = model(**dict(zip(fields, row, strict=True)))
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                setattr(obj, field.attname, now)
        batch.append(obj)
        if len(batch) >= 2000:
            model.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    model.objects.bulk_create(batch)
    return count + len(batch)


def ids(model: type[models.Model], **filters) -> list[int]:
    return list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True))
