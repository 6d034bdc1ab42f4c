"""Writing many new rows of one model at once: PostgreSQL's COPY, or bulk_create elsewhere (SQLite).

For the bulk paths that must not cost a query (or a model instance) per row, such as the import of
indicator values and their change-log entries. Rows are dicts of the model's field attnames; a field a row
leaves out gets its default, auto_now(_add) fields the time of the call. Nothing here validates: callers
insert only rows they have checked with the same rules as hub.core.services.validate.

    ids = bulk.insert(IndicatorValue, rows)     # the new rows' primary keys, in order
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.dispatch import Signal
from django.utils import timezone

from hub.core import streaming

BATCH = 1000  # rows per INSERT where there is no COPY

# Sent by a bulk writer (hub.projects.importing.batch) after it wrote records without their save signals
# (COPY, bulk_create, bulk update), inside the write's transaction: sender = the model, pks = the records
# created or changed (for IndicatorValue also indicator_ids: the indicators they belong to, so that a receiver
# need not look them up over every pk). Whatever keeps itself in step through post_save (the search index,
# pre-computed figures) listens here too.
written = Signal()


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def defaults(fields: list[models.Field], now) -> dict[str, Any]:
    values = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field.attname] = now
        elif field.has_default():
            values[field.attname] = field.get_default()
        else:
            values[field.attname] = None
    return values


def new_ids(model: type[models.Model], count: int) -> list[int] | range:
    """``count`` new primary keys of ``model``, drawn from its sequence: a range when they follow each other (no
    other writer drew one meanwhile; the common case), rather than ``count`` rows sent back."""
    sequence = _sequence(model)
    with connection.cursor() as cursor:
        # the sequence by name (a regclass), not pg_get_serial_sequence() in nextval's argument: PostgreSQL
        # would look it up again for every key (80 % of this query's time)
        cursor.execute(
            "SELECT min(v), max(v), CASE WHEN max(v) - min(v) + 1 = count(*) THEN NULL "
            "ELSE array_agg(v ORDER BY v) END "
            "FROM (SELECT nextval(%s::regclass) AS v FROM generate_series(1, %s)) AS drawn",
            [sequence, count],
        )
        low, high, scattered = cursor.fetchone()
    return list(scattered) if scattered is not None else range(low, high + 1)


_SEQUENCES: dict[tuple[str, str], str] = {}  # (table, column) -> its sequence's name: fixed by the schema


def _sequence(model: type[models.Model]) -> str:
    key = (model._meta.db_table, model._meta.pk.column)
    if key not in _SEQUENCES:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", list(key))
            _SEQUENCES[key] = cursor.fetchone()[0]
    return _SEQUENCES[key]


# COPY text format: a backslash, a tab, a line feed and a carriage return in a value are escaped; \N is NULL.
ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def text(value: Any) -> str:
    """One value in COPY's text format, as PostgreSQL reads it for the column's type."""
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        return value.translate(ESCAPES)
    if kind is bool:
        return "t" if value else "f"
    if kind in (int, Decimal):
        return str(value)
    if kind in (date, datetime):
        return value.isoformat()
    if isinstance(value, str):  # a choice (TextChoices member) is its value
        return str(value).translate(ESCAPES)
    if isinstance(value, int):  # an IntegerChoices member is its value
        return str(int(value))
    raise TypeError(f"bulk.insert cannot write a {kind.__name__} through COPY")


def _copied() -> None:
    """A COPY does not pass through Django's cursor, so whatever watches every write there (the public cache's
    data version, hub.core.dataversion, where it exists) is told here, in the same transaction."""
    try:
        from hub.core import dataversion  # type: ignore[attr-defined]
    except ImportError:  # a hub without the public cache: nothing watches writes
        return
    dataversion.bump_once()  # once per transaction, however many COPYs it makes


def json_text(value: Any) -> str:
    """``json.dumps(value)`` (the same text), without its per-call set-up: for a JSON column written through COPY."""
    if _encode is None:
        return json.dumps(value)
    return "".join(_encode(value, 0))


# json.dumps with its default options is this C encoder, made anew on every call (a third of its time on a
# small dict); made once here.
_encode = (
    json.encoder.c_make_encoder(
        None, json.JSONEncoder().default, json.encoder.encode_basestring_ascii, None, ": ", ", ", False, False, True
    )
    if json.encoder.c_make_encoder is not None
    else None
)


def converter(field: models.Field):
    """A function from a row's value of ``field`` to its COPY text."""
    if not isinstance(field, models.JSONField):
        return text
    texts: dict[tuple, str] = {}  # the JSON of lists of text, which repeat (sources: a file's few addresses)

    def json_column(value: Any) -> str:
        if value is None:
            return "\\N"
        if type(value) is list and (not value or type(value[0]) is str):
            try:
                key = tuple(value)
                known = texts.get(key)
            except TypeError:  # an item that is not text (a dict: unhashable)
                return json_text(value).translate(ESCAPES)
            if known is not None:  # only lists of text are kept
                return known
            if all(type(v) is str for v in value):
                known = texts[key] = json_text(value).translate(ESCAPES)
                return known
        return json_text(value).translate(ESCAPES)

    return json_column


def insert(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    common: dict[str, Any] | None = None,
    ids: Sequence[int] | None = None,
) -> list[int]:
    """Insert ``rows`` as new records of ``model``, in the current transaction; return their primary keys.
    ``common``: fields with the same value in every row (given once). ``ids``: their primary keys, drawn before
    (new_ids; PostgreSQL), rather than drawn here by a query that waits for the COPYs of a stream."""
    if not rows:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk.insert runs inside the transaction of the write it belongs to")
    fields = _columns(model)
    now = timezone.now()
    base = {**defaults(fields, now), **(common or {})}
    if connection.vendor != "postgresql":
        objects = [model(**{**base, **row}) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return [obj.pk for obj in objects]
    # A column no row gives is the same text on every line: written once.
    given = set().union(*(row.keys() for row in rows))
    varying = [(f.attname, converter(f)) for f in fields if f.attname in given]
    constant = {f.attname: converter(f)(base[f.attname]) for f in fields}
    template = [constant[f.attname] for f in fields]
    slots = [i for i, f in enumerate(fields) if f.attname in given]
    # a row with as many fields as the rows give together has them all
    missing = set(map(len, rows)) != {len(given)}

    def lines():
        for row in rows:
            line = list(template)
            if missing:  # rare: some rows leave out a column that others give
                for slot, (name, convert) in zip(slots, varying, strict=True):
                    if name in row:
                        line[slot] = convert(row[name])
            else:
                for slot, (name, convert) in zip(slots, varying, strict=True):
                    line[slot] = convert(row[name])
            yield line

    return copy_lines(model, [f.column for f in fields], lines(), count=len(rows), ids=ids)


def copy_lines(
    model: type[models.Model],
    columns: Sequence[str],
    lines: Iterable[Sequence[str]],
    *,
    count: int | None = None,
    ids: Sequence[int] | None = None,
) -> list[int]:
    """COPY new records of ``model`` (PostgreSQL): ``lines`` of the ``columns``' values, each already in COPY's
    text format (``text``, ``json_text`` + escaping). With ``count`` (how many lines), their primary keys are
    drawn here, in order, and returned; without it the table's own default gives them (nothing returned).
    ``lines`` may be a generator: each batch is sent as soon as it is made, and PostgreSQL stores it while
    the next one is built. ``ids``: the ``count`` keys, drawn before (new_ids)."""
    if ids is None and count is not None:
        ids = new_ids(model, count)
    elif ids is not None and len(ids) != count:
        raise ValueError("copy_lines: as many ids as lines")
    if ids is not None:
        columns = [model._meta.pk.column, *columns]
        texts = (f"{pk}\t" + "\t".join(line) for pk, line in zip(ids, lines, strict=True))
    else:
        texts = ("\t".join(line) for line in lines)
    copy_text(model, columns, texts)
    return list(ids) if ids is not None else []


def _blocks(lines: Iterable[str], size: int = 2000) -> Iterator[str]:
    batch = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield "\n".join(batch) + "\n"
            batch = []
    if batch:
        yield "\n".join(batch) + "\n"


def _tell(stream) -> None:
    """_copied, once per stream, before its first write leaves through it."""
    if not stream.told:
        stream.drain()  # _copied's query goes past Django's cursor: nothing of the stream's may be running
        _copied()
        stream.told = True


def copy_text(model: type[models.Model], columns: Sequence[str], lines: Iterable[str]) -> None:
    """COPY new records of ``model`` (PostgreSQL): ``lines`` are whole lines of COPY text (the ``columns``' values
    joined by tabs, without the line feed). ``lines`` may be a generator: each batch is sent as soon as it is
    made, and PostgreSQL stores it while the next one is built. Within hub.core.streaming.copies(), the lines are
    made here and sent by the stream's thread while the caller goes on (the thread runs no Python of ours: it
    would hold the interpreter while the caller checks the next rows)."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    stream = streaming.active()
    if stream is not None:  # sent by the stream's thread, in order, while the caller goes on
        _tell(stream)
        stream.copy(sql, list(_blocks(lines)))
        return
    # COPY's text format written here rather than by psycopg's write_row (a third of the time per row)
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for block in _blocks(lines):
            copy.write(block)
    _copied()


def update(model: type[models.Model], objects: Sequence[models.Model], names: Sequence[str]) -> None:
    """Write the fields ``names`` of ``objects`` (records of ``model`` that exist), in the current transaction
    (update_rows, with each object's primary key and those fields)."""
    pk = model._meta.pk.attname
    attnames = [model._meta.get_field(name).attname for name in names]
    update_rows(model, [{pk: obj.pk, **{a: getattr(obj, a) for a in attnames}} for obj in objects], names)


def update_rows(model: type[models.Model], rows: Sequence[dict[str, Any]], names: Sequence[str]) -> None:
    """Write the fields ``names`` of records of ``model`` that exist, in the current transaction: ``rows`` hold
    each record's primary key and those fields, by attname (more are left alone).

    PostgreSQL: the rows are COPied into a temporary table and written by one UPDATE … FROM (Django's
    bulk_update builds a CASE expression per row and field, which costs ~10 ms a row to compile); within
    hub.core.streaming.copies() the three statements go to the stream in turn, so the caller goes on meanwhile.
    Elsewhere one prepared UPDATE per row (executemany)."""
    if not rows:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk.update runs inside the transaction of the write it belongs to")
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    pk = model._meta.pk
    table = quote(model._meta.db_table)
    if connection.vendor != "postgresql":
        sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
        params = [[f.get_db_prep_save(row[f.attname], connection) for f in fields] + [row[pk.attname]] for row in rows]
        with connection.cursor() as cursor:
            # identifiers from the model's metadata, quoted; every value is a parameter
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE {quote(pk.column)} = %s", params)  # noqa: S608
        return
    temp = quote(f"bulk_update_{model._meta.db_table}")
    columns = [quote(f.column) for f in [pk, *fields]]
    convert = [(f.attname, converter(f)) for f in [pk, *fields]]
    lines = ["\t".join([to_text(row[name]) for name, to_text in convert]) for row in rows]
    # identifiers from the model's metadata, quoted; the values go through COPY
    select = f"SELECT {', '.join(columns)} FROM {table}"  # noqa: S608
    sets = ", ".join(f"{c} = source.{c}" for c in columns[1:])
    statements = (
        f"CREATE TEMP TABLE {temp} AS {select} WITH NO DATA",
        f"COPY {temp} ({', '.join(columns)}) FROM STDIN",
        f"UPDATE {table} AS target SET {sets} FROM {temp} AS source "  # noqa: S608
        f"WHERE target.{columns[0]} = source.{columns[0]}",
        f"DROP TABLE {temp}",
    )
    stream = streaming.active()
    if stream is not None:
        _tell(stream)
        stream.execute(statements[0])
        stream.copy(statements[1], list(_blocks(lines)))
        stream.execute(statements[2])
        stream.execute(statements[3])
        return
    with connection.cursor() as cursor:
        cursor.execute(statements[0])
        with cursor.copy(statements[1]) as copy:
            for block in _blocks(lines):
                copy.write(block)
        cursor.execute(statements[2])
        cursor.execute(statements[3])
