"""The SQL of fixed-shape aggregate queries (the M&E dashboards'), compiled once per process for the same arguments.

Building and compiling a QuerySet costs more Python than running it (a few hundred microseconds for a
grouped sum over a few hundred tally rows). The SQL text and parameters of a query depend only on how it is
built (the caller's ``key``: the query's name and every argument that goes into it), never on the data, so
they are kept here and the next request only executes them: the rows always come fresh from the database.
Converters are the ORM's own (dates and decimals on SQLite). The memory is hub.core.sqlmemo's.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from django.db.models import QuerySet

from hub.core import sqlmemo

# One memory of compiled SQL for the whole hub: hub.core.sqlmemo (its test-suite check, sqlmemo.CHECK, included).


def rows(key: tuple[Hashable, ...], build: Callable[[], QuerySet]) -> list[tuple]:
    """The rows (tuples, in the order of the SELECT) of ``build()``, a ``values_list()`` or ``values()``
    QuerySet, built and compiled only the first time this ``key`` is seen (hub.core.sqlmemo.fetch)."""
    return sqlmemo.fetch(("compiled", *key), build)


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
