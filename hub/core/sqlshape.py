"""The SQL of a fixed query shape, compiled once per process: for the queries a page runs on every request.

Building a QuerySet and compiling it to SQL costs Python time on every request (0.5-1.5 ms for a query with
joins and subqueries, more than PostgreSQL takes to run it), although the SQL text is the same each time and
only its parameters change. A ``Shape`` names such a query by a function of its variable inputs:

    TERMS = Shape("network.member_terms", lambda member_id, day: RoleTerm.objects.filter(...).order_by(...))
    terms = TERMS.list(member_id=obj.pk, day=today)

The first call for each *shape of inputs* builds the query with stand-in values, compiles it, and notes which
parameters are which input; it also compiles the real query and checks that the remembered SQL, given the
real inputs, is the same SQL with the same parameters, else that shape is never remembered and always goes
through the ORM. Every call (the first too) then only puts the inputs into the parameters, runs the SQL and
makes the rows into results as the ORM's iterables do; with ``CHECK_ROWS`` (tests) the first call of each
shape also runs the ORM's query and the two results must be the same (models with the same fields and related
records). What is remembered depends on no data (only on the code and the shape of the inputs), so a write
never makes it stale (issue 10, target 2).

The rules for a builder: a pure function of its keyword inputs (no request, user, clock or language read
inside: pass them in); inputs are ints, strings (also matched with __startswith, __contains, __endswith),
dates, bools, None, or lists of ints or strings. Bools and None, and the length of each list, are part of the
shape (each gives its own SQL); ints, strings, dates and list items are parameters (a list used in its
order: never through a set, whose order could differ from one call to the next). Results: model instances
(with select_related, only/defer and annotations), ``values`` rows (dicts) or ``values_list`` rows (tuples,
named with ``named=True``, or flat). Not remembered, and run by the ORM as usual: prefetch_related, related
managers' querysets (``obj.events``), and queries that compile to nothing (``pk__in=[]``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from threading import Lock

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    NamedValuesListIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.utils import create_namedtuple_class

logger = logging.getLogger(__name__)

# Stand-in values: never run, only compiled, and recognisable among the compiled parameters.
_INT_BASE = -2_046_000_017  # within a 32-bit integer column: the ORM turns values beyond into no query
_STR_MARK = "\ue000sqlshape:{}\ue000"
_DATE_BASE = date(1001, 1, 1).toordinal()

_LIKE = {"startswith": "{}%", "contains": "%{}%", "endswith": "%{}"}

_NOT_REMEMBERED = object()
# Tests set this: the first run of each shape is also run by the ORM, and both results must be the same.
CHECK_ROWS = False
# Every Shape made, for tests.
SHAPES: list[Shape] = []
_ITERABLES = (ModelIterable, ValuesIterable, ValuesListIterable, NamedValuesListIterable, FlatValuesListIterable)


def _shape_of(value) -> tuple:
    if value is None or isinstance(value, bool):
        return ("const", value)
    if isinstance(value, int):
        return ("int",)
    if isinstance(value, str):
        return ("str",)
    if isinstance(value, date):
        return ("date", type(value).__name__)
    if isinstance(value, list | tuple):
        kinds = tuple(_shape_of(item) for item in value)
        if any(kind[0] not in ("int", "str") for kind in kinds):
            raise TypeError("sqlshape: list inputs hold ints or strings only")
        return ("list", kinds)
    raise TypeError(f"sqlshape: an input of type {type(value).__name__} cannot be a parameter")


class _Stand:
    """Stand-in values for one call's inputs, and which stand-in is which input (name, index or None)."""

    def __init__(self) -> None:
        self.count = 0
        self.which: dict[tuple[type, object], tuple[str, int | None, str]] = {}

    def _next(self, kind: type, name: str, index: int | None):
        self.count += 1
        if kind is int:
            value = _INT_BASE - self.count
        elif kind is str:
            value = _STR_MARK.format(self.count)
        else:
            value = date.fromordinal(_DATE_BASE + self.count)
        self.which[(type(value), value)] = (name, index, "")
        if kind is date:  # SQLite's backend passes dates as ISO text
            self.which[(str, value.isoformat())] = (name, index, "iso")
        if kind is str:  # __startswith, __contains, __endswith: the text escaped for LIKE, with its wildcards
            for form, pattern in _LIKE.items():
                self.which[(str, pattern.format(value))] = (name, index, form)
        return value

    def stand_in(self, name: str, value):
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, list | tuple):
            return type(value)(self._next(type(item), name, i) for i, item in enumerate(value))
        return self._next(int if isinstance(value, int) else str if isinstance(value, str) else date, name, None)


class _Plan:
    """What a remembered shape runs: its SQL, where each input goes, and how rows become results."""

    def __init__(self, queryset: QuerySet, sql: str, params, stand: _Stand, compiler) -> None:
        self.sql = sql
        self.alias = queryset.db
        self.slots = [(i, stand.which.get((type(p), p))) for i, p in enumerate(params)]
        self.slots = [(i, where) for i, where in self.slots if where is not None]
        self.fixed = list(params)
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        self.converters = list(compiler.get_converters(fields).items())
        self.iterable = queryset._iterable_class
        if self.iterable is ModelIterable:
            select, klass_info = compiler.select, compiler.klass_info
            self.model = klass_info["model"]
            start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            self.model_slice = slice(start, end)
            self.init_list = [f[0].target.attname for f in select[start:end]]
            self.populators = get_related_populators(klass_info, select, self.alias)
            self.annotations = list(compiler.annotation_col_map.items())
        elif self.iterable is ValuesIterable:
            query = queryset.query
            self.names = (
                list(query.selected)
                if query.selected
                else [*query.extra_select, *query.values_select, *query.annotation_select]
            )
        elif self.iterable is NamedValuesListIterable:
            query = queryset.query
            names = queryset._fields or [*query.extra_select, *query.values_select, *query.annotation_select]
            self.named = create_namedtuple_class(*names)

    def params(self, inputs: dict) -> list:
        params = self.fixed.copy()
        ops = connections[self.alias].ops
        for i, (name, index, form) in self.slots:
            value = inputs[name] if index is None else inputs[name][index]
            if form == "iso":
                value = value.isoformat()
            elif form:
                value = _LIKE[form].format(ops.prep_for_like_query(value))
            params[i] = value
        return params

    def run(self, inputs: dict) -> list:
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params(inputs))
            rows = cursor.fetchall()
        if self.converters:
            converted = []
            for row in rows:
                row = list(row)
                for pos, (convs, expression) in self.converters:
                    value = row[pos]
                    for converter in convs:
                        value = converter(value, expression, connection)
                    row[pos] = value
                converted.append(row)
            rows = converted
        if self.iterable is ModelIterable:
            return [self._instance(row) for row in rows]
        if self.iterable is ValuesIterable:
            names = self.names
            return [dict(zip(names, row, strict=True)) for row in rows]
        if self.iterable is NamedValuesListIterable:
            return [self.named(*row) for row in rows]
        if self.iterable is FlatValuesListIterable:
            return [row[0] for row in rows]
        return [tuple(row) for row in rows]

    def _instance(self, row):
        obj = self.model.from_db(self.alias, self.init_list, row[self.model_slice])
        for populator in self.populators:
            populator.populate(row, obj)
        for name, pos in self.annotations:
            setattr(obj, name, row[pos])
        return obj


def _snapshot(item):
    """A comparable picture of a result: a row, or a model's fields and the related records it carries."""
    if hasattr(item, "_state"):
        fields = {k: v for k, v in item.__dict__.items() if k != "_state"}
        related = {k: _snapshot(v) for k, v in item._state.fields_cache.items()}
        return (type(item), sorted(fields.items()), sorted(related.items()))
    return tuple(item) if isinstance(item, tuple) else item


class Shape:
    """A query of a fixed shape (see the module's doc): ``build(**inputs)`` gives the QuerySet."""

    def __init__(self, name: str, build: Callable[..., QuerySet]) -> None:
        self.name = name
        self.build = build
        self._plans: dict[tuple, object] = {}
        self._lock = Lock()
        SHAPES.append(self)

    def remembered(self) -> dict[tuple, bool]:
        """Each shape of inputs seen so far, and whether its SQL is remembered (for tests and profiling)."""
        return {key: plan is not _NOT_REMEMBERED for key, plan in self._plans.items()}

    def list(self, **inputs) -> list:
        key = tuple(sorted((name, _shape_of(value)) for name, value in inputs.items()))
        plan = self._plans.get(key)
        if plan is None:
            return self._learn(key, inputs)
        if plan is _NOT_REMEMBERED:
            return list(self.build(**inputs))
        return plan.run(inputs)

    def _learn(self, key: tuple, inputs: dict) -> list:
        """Remember the shape if the stand-in compile agrees with the real one; run the query once either way."""
        queryset = self.build(**inputs)
        plan = _NOT_REMEMBERED
        try:
            plan = self._plan(inputs, queryset)
        except Exception:  # an unforeseen query form: run by the ORM from now on, as before
            logger.exception("sqlshape: %s is not remembered", self.name)
        with self._lock:
            self._plans[key] = plan
        if plan is _NOT_REMEMBERED:
            return list(queryset)
        result = plan.run(inputs)
        if CHECK_ROWS and [_snapshot(item) for item in result] != [_snapshot(item) for item in queryset]:
            raise AssertionError(f"sqlshape: {self.name} gives other results than the ORM")
        return result

    def _plan(self, inputs: dict, real: QuerySet):
        if (
            real._prefetch_related_lookups
            or real._known_related_objects
            or real._iterable_class not in _ITERABLES
            or real.query.combinator  # union and the like: not needed yet
        ):
            return _NOT_REMEMBERED
        stand = _Stand()
        queryset = self.build(**{name: stand.stand_in(name, value) for name, value in inputs.items()})
        try:
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            real_sql, real_params = real.query.get_compiler(using=real.db).as_sql()
        except EmptyResultSet:
            return _NOT_REMEMBERED
        plan = _Plan(queryset, sql, params, stand, compiler)
        used = {where[:2] for _i, where in plan.slots}
        wanted = {
            (name, i if isinstance(value, list | tuple) else None)
            for name, value in inputs.items()
            for i in (range(len(value)) if isinstance(value, list | tuple) else [None])
            if value is not None and not isinstance(value, bool)
        }
        if sql != real_sql or list(plan.params(inputs)) != list(real_params) or not used <= wanted:
            logger.warning("sqlshape: %s does not compile the same with stand-in inputs: not remembered", self.name)
            return _NOT_REMEMBERED
        return plan
