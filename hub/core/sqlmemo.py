"""A list query's SQL compiled once per inputs: the rows themselves are read from the database every time.

Building a QuerySet and compiling it to SQL costs more Python than running it: the members list (three
subqueries, a join, an expression to order by, a count) spends ~1.5 ms there and ~0.3 ms in the database. For
the same inputs (the filter's values, the day, the page) the SQL and its parameters are the same, whatever the
data: so they are kept, under a key the caller gives with ALL of those inputs, and only executed on the next
request. Nothing of the data is kept, so a write is seen at once (no data version involved).

    fetch(key, build)   # the rows of build() (a values_list QuerySet) as tuples, as the QuerySet gives them
    fetch_by(key, build, value)   # the rows of build(value), one SQL for every value (a record by its id)
    count(key, build)   # build().count()
    fetch_models(key, build)   # list(build()): model instances, select_related objects and annotations
    model_rows(key, build)   # the same rows as read (comparable), the instances made only if asked for
    RememberedList(key, build, make_row)   # for django.core.paginator.Paginator: count() and slices

``build`` is called only when the key is new. The rows go through the same converters as the QuerySet's (a
date read from SQLite becomes a date), through Django's cursor (query counts and the data version's watch see
them as before). A query that can match nothing (``pk__in=[]``) gives no rows without a round trip, as Django
does. The memory holds at most ``LIMIT`` queries per process and starts over when full.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators
from django.dispatch import receiver

LIMIT = 2_000

# key -> (database alias, sql, params, compiler or None); sql None: the query can match nothing.
_memory: dict[tuple, tuple] = {}
# fetch_by keys whose SQL does not take the value as its only parameter: remembered per value instead.
_per_value: set[tuple] = set()


class IncompleteKey(AssertionError):
    """A remembered query's SQL differs from what its ``build`` gives now: its key misses an input."""


# The test suite turns this on (tests/conftest.py): every call then also builds and compiles its query, and the
# remembered SQL and parameters must be the same, so a key that leaves out an input fails the test reaching it.
CHECK = False


def _compile(kind: str, build: Callable[[], QuerySet]) -> tuple:
    queryset = build()
    if kind == "count":
        # COUNT(*) over the rows' keys: the same number as QuerySet.count(), in one statement of the same inputs.
        queryset = queryset.order_by().values("pk")
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        sql, params = None, ()
    if sql is not None and kind == "count":
        sql, compiler = f"SELECT COUNT(*) FROM ({sql}) counted", None  # noqa: S608 - compiled by Django
    return (queryset.db, sql, tuple(params), compiler)


def _check(key, kept: tuple, fresh: tuple) -> None:
    if kept[:3] != fresh[:3]:
        raise IncompleteKey(f"sqlmemo: the key {key!r} gives another query than it did: {kept[:3]} / {fresh[:3]}")


def _remembered(key: tuple, build: Callable[[], QuerySet]) -> tuple:
    key = (*key, connections["default"].vendor)
    found = _memory.get(key)
    if found is not None:
        if CHECK:
            _check(key, found, _compile(key[0], build))
        return found
    found = _compile(key[0], build)
    if len(_memory) >= LIMIT:
        _memory.clear()
    _memory[key] = found
    return found


def _execute(alias: str, sql: str, params: tuple) -> list[tuple]:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch(key: Hashable, build: Callable[[], QuerySet]) -> list[tuple]:
    """The rows of ``build()`` (a ``values_list`` QuerySet), its SQL compiled once per ``key``."""
    alias, sql, params, compiler = _remembered(("rows", key), build)
    if sql is None:
        return []
    return _converted(compiler, _execute(alias, sql, params))


def fetch_by(key: Hashable, build: Callable[[object], QuerySet], value) -> list[tuple]:
    """``fetch`` for a query whose one parameter is ``value`` (a record by its id): compiled once for every value
    when the SQL compiled for the first value has that value, unchanged, as its only parameter; else once per
    value."""
    shared = ("by", key, type(value), connections["default"].vendor)
    if shared in _per_value:
        return fetch((key, value), lambda: build(value))
    found = _memory.get(shared)
    if found is None:
        found = _remembered(shared[:-1], lambda: build(value))
        if found[1] is None or found[2] != (value,):
            _memory.pop(shared, None)
            _per_value.add(shared)
            return fetch((key, value), lambda: build(value))
    alias, sql, _, compiler = found
    if CHECK:
        _check(shared, (alias, sql, (value,)), _compile("rows", lambda: build(value)))
    return _converted(compiler, _execute(alias, sql, (value,)))


def _converted(compiler, rows: list[tuple]) -> list[tuple]:
    # As ValuesListIterable: the compiler's converters (and composite fields) over the rows.
    return list(compiler.results_iter(results=[rows], tuple_expected=True))


_models: dict[tuple, tuple | None] = {}


class ModelRows:
    """A ``fetch_models`` query's rows as the database gave them, and the model instances made from them on demand.

    ``rows`` compare equal exactly when the query read the same values: a page may keep what it wrote from them
    (hub.core.drawn) and skip making the instances at all. A query read as Django reads it has no such rows:
    ``rows`` is then a token equal to nothing."""

    def __init__(self, rows, make: Callable[[], list]):
        self.rows = rows
        self._make = make
        self._objects: list | None = None

    def objects(self) -> list:
        if self._objects is None:
            self._objects = self._make()
        return self._objects


def fetch_models(key: Hashable, build: Callable[[], QuerySet]) -> list:
    """``list(build())``: model instances (with their select_related objects and annotations), as Django's
    ModelIterable makes them, from the SQL compiled once per ``key``. A QuerySet with prefetch_related or
    known related objects is read as Django reads it, every time."""
    return model_rows(key, build).objects()


def model_rows(key: Hashable, build: Callable[[], QuerySet]) -> ModelRows:
    """``fetch_models``, its rows read now and its instances made only when asked for (``ModelRows``)."""
    full = (key, connections["default"].vendor)
    if full not in _models:
        queryset = build()
        if queryset._prefetch_related_lookups or queryset._known_related_objects or queryset._fields is not None:
            _models[full] = None
        else:
            db = queryset.db
            compiler = queryset.query.get_compiler(using=db)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                sql, params = None, ()
            plan = None
            if sql is not None:
                select, klass_info = compiler.select, compiler.klass_info
                fields = klass_info["select_fields"]
                start, end = fields[0], fields[-1] + 1
                plan = (
                    klass_info["model"],
                    [column[0].target.attname for column in select[start:end]],
                    start,
                    end,
                    get_related_populators(klass_info, select, db),
                    compiler.annotation_col_map,
                )
            if len(_models) >= LIMIT:
                _models.clear()
            _models[full] = (db, sql, tuple(params), compiler, plan)
    found = _models[full]
    if found is None:
        objects = list(build())
        return ModelRows(object(), lambda: objects)
    db, sql, params, compiler, plan = found
    if CHECK:
        _check(full, (db, sql, params), _compile("rows", build))
    if sql is None:
        return ModelRows([], list)
    rows = _execute(db, sql, params)
    return ModelRows(rows, lambda: _instances(db, compiler, plan, rows))


def _instances(db: str, compiler, plan: tuple, rows: list[tuple]) -> list:
    model, names, start, end, populators, annotations = plan
    objects = []
    for row in compiler.results_iter(results=[rows]):
        obj = model.from_db(db, names, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        if annotations:
            for name, position in annotations.items():
                setattr(obj, name, row[position])
        objects.append(obj)
    return objects


def count(key: Hashable, build: Callable[[], QuerySet]) -> int:
    """``build().count()``, its SQL compiled once per ``key``."""
    alias, sql, params, _ = _remembered(("count", key), build)
    if sql is None:
        return 0
    return _execute(alias, sql, params)[0][0]


class RememberedList:
    """What ``Paginator`` reads of a QuerySet (``count()`` and a slice), each through the memory: ``key`` holds
    every input of ``build()`` but the slice, which is added to it; ``make_row`` turns a tuple into a row."""

    def __init__(self, key: Hashable, build: Callable[[], QuerySet], make_row: Callable[[tuple], object]):
        self.key = key
        self.build = build
        self.make_row = make_row

    def count(self) -> int:
        return count(self.key, self.build)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("RememberedList takes a slice without a step")
        rows = fetch((self.key, index.start, index.stop), lambda: self.build()[index])
        return [self.make_row(row) for row in rows]


def forget() -> None:
    _memory.clear()
    _models.clear()
    _per_value.clear()


@receiver(setting_changed, dispatch_uid="core.sqlmemo.forget")
def _on_setting(setting=None, **kwargs) -> None:
    if setting in {"DATABASES", "DATABASE_ROUTERS", "USE_TZ", "TIME_ZONE"}:
        forget()
