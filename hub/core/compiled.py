"""The SQL of fixed-shape aggregate queries (the M&E dashboards'), compiled once per process for the same arguments.

Building and compiling a QuerySet costs more Python than running it (a few hundred microseconds for a
grouped sum over a few hundred tally rows). The SQL text and parameters of a query depend only on how it is
built (the caller's ``key``: the query's name and every argument that goes into it), never on the data, so
they are kept here and the next request only executes them: the rows always come fresh from the database.
Converters are the ORM's own (dates and decimals on SQLite). At most ``LIMIT`` entries, then it starts over.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connections
from django.db.models import QuerySet
from django.dispatch import receiver

LIMIT = 5_000
# The test suite turns this on (tests/conftest.py): every call then also builds and compiles its query and
# the remembered SQL and parameters must be the same, so a key that leaves out an input fails the tests.
CHECK = False


class IncompleteKey(AssertionError):
    """A remembered query's SQL differs from what its ``build`` gives now: its key misses an input."""


def _same(key, entry, build: Callable[[], QuerySet]) -> None:
    qs = build()
    try:
        sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    except EmptyResultSet:
        fresh = None
    else:
        fresh = (sql, tuple(params))
    kept = None if entry is None else entry[:2]
    if fresh != kept:
        raise IncompleteKey(f"compiled.rows: the key {key!r} gives another query than it did: {kept} / {fresh}")


_compiled: dict[tuple, tuple | None] = {}


def rows(key: tuple[Hashable, ...], build: Callable[[], QuerySet]) -> list[tuple]:
    """The rows (tuples, in the order of the SELECT) of ``build()``, a ``values_list()`` or ``values()``
    QuerySet, built and compiled only the first time this ``key`` is seen on this database."""
    qs = None
    alias = "default"
    full = (alias, *key)
    entry = _compiled.get(full, ...)
    if entry is ...:
        qs = build()
        alias = qs.db
        compiler = qs.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            entry = None
        else:
            converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
            entry = (sql, tuple(params), compiler, converters)
        if len(_compiled) >= LIMIT:
            _compiled.clear()
        _compiled[(alias, *key)] = entry
    elif CHECK:
        _same(key, entry, build)
    if entry is None:
        return []
    sql, params, compiler, converters = entry
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if converters:
        return [tuple(row) for row in compiler.apply_converters(found, converters)]
    return found


@receiver(setting_changed, dispatch_uid="core.compiled.forget")
def _forget(**kwargs) -> None:
    _compiled.clear()  # DATABASES, USE_TZ…: the SQL may read otherwise


def instances(
    key: tuple[Hashable, ...], model, build: Callable[[], QuerySet], fields: tuple[str, ...] = (), limit: int = 0
) -> list:
    """The ``model`` instances of ``build()`` (a plain QuerySet of that model: filters and ordering, no
    annotations), as iterating it gives them (``Model.from_db``, the ORM's own way), with the SQL compiled once
    per ``key``. ``fields``: only these (the others deferred, as ``.only()``); ``limit``: the first ones only."""
    names = [f.attname for f in model._meta.concrete_fields if not fields or f.name in fields or f.primary_key]

    def values():
        qs = build().values_list(*names)
        return qs[:limit] if limit else qs

    found = rows(("instances", model._meta.label, tuple(names), limit, *key), values)
    return [model.from_db("default", names, row) for row in found]
