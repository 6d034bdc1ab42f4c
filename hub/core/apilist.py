"""The API's busiest lists, written straight to JSON from rows: ``@paginate_rows(Pagination, Rows(...))``.

ninja's ``@paginate`` then response validation cost, per request, the building and compiling of the list's
query with its subqueries (~1 ms), a separate count query, a model instance per row and pydantic walking each
instance field by field through Python callbacks (~1-2 ms for 50 rows). A view decorated with ``@paginate_rows``
reads the queryset its list function returns (its shared filter's, the same the page applies) as plain tuples,
turns each into the dict the item schema would dump, and writes the page as ninja writes it (its JSON encoder,
its content type). So:

- the parameters and the documented response are ninja's own (``contribute_operation_args`` and
  ``make_response_paginated``, as ``@paginate`` registers them): the OpenAPI document is the same;
- the count comes with the page (``COUNT(*) OVER ()``): one query, or two when the offset passes the end; a
  list that keeps its count in tallies (refreshed in each write's transaction) gives it instead (``total``), so
  that neither the count nor the page grows with the table: an expression read beside the rows;
- the SQL text of a list depends only on its inputs (the filter's values, the page, the day for "today"),
  never on the data, so it is compiled once per input and remembered (``key``; bounded). A list whose
  queryset depends on who asks (visibility computed from the caller's roles, which are data) gives no key
  for signed-in callers and is compiled on each request;
- each app writes its items (``item``), checked byte for byte against ninja's own output from the item schema
  in the tests (tests/api/test_fast_lists.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from functools import partial, wraps
from typing import Any

from django.db import connections
from django.db.models import Count, JSONField, QuerySet, Window
from django.db.models.expressions import Expression
from django.http import HttpRequest, HttpResponse
from ninja.pagination import PaginationBase, make_response_paginated
from ninja.responses import NinjaJSONEncoder
from ninja.utils import contribute_operation_args, contribute_operation_callback

from hub.core import sqlmemo
from hub.core.apilist_texts import ItemTexts

# The rows' links, written once per response (hub.core.apilist_urls), are imported from here by the apps' rows.
from hub.core.apilist_urls import absolute_url as absolute_url
from hub.core.apilist_urls import pk_url as pk_url
from hub.core.apilist_urls import slug_template as slug_template
from hub.core.apilist_urls import slug_url as slug_url

_TOTAL = "hub_total"  # the window column that carries the count beside each row


def _no_total() -> None:  # no total from tallies: the list is counted
    return None


# Compiled page queries by (list, inputs). Cleared when full rather than ordered: a handful of shapes is the
# usual traffic, and clearing keeps the memo O(1) and bounded.
_MEMO: dict[Hashable, Any] = {}
MEMO_SIZE = 500


def _empty_list_first(converter: Callable) -> Callable:
    """A JSON column's converter that answers an empty list without decoding it: most ``alternatives`` (and
    many lists) are ``[]``, and ``json.loads`` for each row of a page adds up."""
    if getattr(converter, "__func__", None) is not JSONField.from_db_value or converter.__self__.decoder:
        return converter

    def convert(value, expression, connection):
        return [] if value == "[]" else converter(value, expression, connection)

    return convert


class _Compiled:
    """A page query's SQL, its parameters and the converters that turn its rows into Python values."""

    __slots__ = ("converters", "count_sql", "count_params", "counted_apart", "last_converted", "params", "sql", "using")

    def __init__(self, queryset: QuerySet | None, page: QuerySet, counted_apart: bool = False):
        self.using = page.db
        self.counted_apart = counted_apart  # the page's rows carry no count: count() gives it
        compiler = page.query.get_compiler(self.using)  # not kept: it holds the whole query
        self.sql, self.params = compiler.as_sql()
        selected = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = [
            (position, [_empty_list_first(c) for c in converters], expression)
            for position, (converters, expression) in compiler.get_converters(selected).items()
        ]
        self.last_converted = any(position == len(selected) - 1 for position, _, _ in self.converters)
        self.count_sql, self.count_params = None, ()
        if queryset is not None:
            count_query = queryset.order_by().values("pk").query.get_compiler(self.using)
            inner, self.count_params = count_query.as_sql()
            # Only Django's compiled text is wrapped here; every value stays a parameter.
            self.count_sql = f"SELECT COUNT(*) FROM ({inner}) hub_counted"  # noqa: S608

    def fetch(self, params: Sequence | None = None) -> list[Sequence]:
        """The rows as the database gives them (before the converters)."""
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, self.params if params is None else params)
            return cursor.fetchall()

    def convert(self, row: Sequence) -> Sequence:
        """What SQLCompiler.apply_converters does (Python values of the database's: decimals, JSON, ...)."""
        if not self.converters:
            return row
        connection, row = connections[self.using], list(row)
        for position, converters, expression in self.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        return row

    def rows(self, params: Sequence | None = None) -> list[Sequence]:
        fetched = self.fetch(params)
        return [self.convert(row) for row in fetched] if self.converters else fetched

    def count(self) -> int:
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.count_sql, self.count_params)
            return cursor.fetchone()[0]


class Rows:
    """How a ``@paginate_rows`` list writes its page.

    The list function itself stays what it was: it returns the list's queryset (its shared filter applied,
    ordered), which the open-data downloads also read (hub.opendata). ``columns`` are read from it with
    ``values_list``; ``item(row, context)`` turns one row (a dict of the columns) into the item's dict
    (``context``: the response's, with its ``request``); ``finish(items, rows, context)``, if given, adds what
    the items need from other tables (a fixed number of queries). ``key(request, **the view's arguments)``
    names the list's inputs when its SQL depends on nothing else (None: compile on each request); on a
    remembered key the list function is not even called.
    ``ids_first``: the page's ids are chosen first from the ordering's columns only (for lists whose rows are
    costly, so that OFFSET skips cheap rows), as hub.core.api.PageIdsFirst does. ``prepare(queryset, remembered)``:
    what the page adds to the list's queryset before reading it (e.g. annotations of the columns it reads), knowing
    whether its SQL will be remembered (compiled once) or compiled for this request only.
    ``total(request, **the view's arguments)``: the list's count without counting its rows, when its inputs allow
    (e.g. no filter: the tallies' sum): an expression the page's query reads beside its rows instead of the window
    count (its SQL must depend only on the inputs that ``key`` names; built only when the page is compiled), or
    None: counted. ``shared(context)``: what the items depend on beside their row (e.g. their links' address
    template); given, each item's text is kept by (that, its row as read) (hub.core.apilist_texts; not with
    ``finish``)."""

    def __init__(
        self,
        columns: Sequence[str],
        item: Callable[[dict, dict], dict],
        *,
        key: Callable[..., Hashable | None] | None = None,
        finish: Callable[[list[dict], list[dict], dict], None] | None = None,
        ids_first: bool = False,
        prepare: Callable[[QuerySet, bool], QuerySet] | None = None,
        total: Callable[..., Expression | None] | None = None,
        shared: Callable[[dict], Hashable] | None = None,
    ):
        self.columns, self.item, self.key = tuple(columns), item, key
        self.finish, self.ids_first, self.prepare, self.total = finish, ids_first, prepare, total
        if shared is not None and finish is not None:
            raise ValueError("An item completed by finish() is not a function of its row: no kept texts.")
        self.texts = ItemTexts(shared) if shared is not None else None

    def _compile(self, queryset: QuerySet, offset: int, limit: int, remembered: bool, total: Callable) -> _Compiled:
        listed, total = queryset, total()
        if self.prepare is not None:
            queryset = self.prepare(queryset, remembered)
        if self.ids_first:
            # The page's ids from the ordering's columns only, and the count apart, over the list's keys alone
            # (without what prepare() adds): a window count would go over every row of the list with its
            # columns, which grows with the network (50,000 projects: 14 ms against 3 ms); or from the tallies
            # (``total``), read with the page.
            ids = queryset.values("pk")[offset : offset + limit]
            page = queryset.filter(pk__in=ids)
            if total is None:
                return _Compiled(listed, page.values_list(*self.columns), counted_apart=True)
            return _Compiled(listed, page.annotate(**{_TOTAL: total}).values_list(*self.columns, _TOTAL))
        counted = queryset.annotate(**{_TOTAL: Window(Count("*")) if total is None else total})
        page = counted.values_list(*self.columns, _TOTAL)[offset : offset + limit]
        return _Compiled(queryset, page)

    def page(
        self, build: Callable[[], QuerySet], key: Hashable | None, offset: int, limit: int, total: Callable = _no_total
    ):
        """(count, rows as dicts) of the page (``total()``: what ``Rows.total`` gives for its inputs)."""
        count, fetched, compiled = self.fetched(build, key, offset, limit, total)
        columns = self.columns  # each row ends with the count: zip stops before it
        return count, [dict(zip(columns, compiled.convert(values), strict=False)) for values in fetched]

    def fetched(
        self, build: Callable[[], QuerySet], key: Hashable | None, offset: int, limit: int, total: Callable = _no_total
    ) -> tuple[int, list[Sequence], _Compiled]:
        """(count, rows as read, their query) of the page."""
        memo_key = None if key is None else (key, offset, limit)
        compiled = _MEMO.get(memo_key) if memo_key is not None else None
        if compiled is not None and sqlmemo.CHECK:
            fresh = self._compile(build(), offset, limit, True, total)
            if (fresh.sql, tuple(fresh.params)) != (compiled.sql, tuple(compiled.params)):
                raise sqlmemo.IncompleteKey(f"apilist: the key {memo_key!r} gives another query than it did")
        if compiled is None:
            compiled = self._compile(build(), offset, limit, memo_key is not None, total)
            if memo_key is not None:
                if len(_MEMO) >= MEMO_SIZE:
                    _MEMO.clear()
                _MEMO[memo_key] = compiled
        fetched = compiled.fetch()
        if compiled.counted_apart:
            count = compiled.count()
        elif fetched:
            count = (compiled.convert(fetched[0]) if compiled.last_converted else fetched[0])[-1]
        else:
            count = compiled.count() if offset else 0
        return count, fetched, compiled

    def texts_response(self, request: HttpRequest, count: int, fetched: list[Sequence], compiled) -> HttpResponse:
        """The page written from the kept texts of its items (``shared``)."""
        context, columns, item = {"request": request}, self.columns, self.item

        def write(raw: Sequence) -> dict:
            return item(dict(zip(columns, compiled.convert(raw), strict=False)), context)

        content = self.texts.content(fetched, len(columns), write, context, count)
        return HttpResponse(content, content_type="application/json; charset=utf-8")

    def response(self, request: HttpRequest, count: int, rows: list[dict]) -> HttpResponse:
        item = self.item
        context = {"request": request}  # what the rows of this response share (see slug_url)
        items = [item(row, context) for row in rows]
        if self.finish is not None:
            self.finish(items, rows, context)
        content = json.dumps({"items": items, "count": count}, cls=NinjaJSONEncoder, check_circular=False)
        return HttpResponse(content, content_type="application/json; charset=utf-8")


def rows_for_ids(name: str, build: Callable[[list[int]], QuerySet], ids: Sequence[int]) -> list[Sequence]:
    """``build(ids)`` read as tuples (a ``values_list`` of the rows related to a page, e.g. its focus areas), its
    SQL compiled once per number of ids: compiled with stand-in ids, each of which must come out as one parameter
    of its own, then run with the page's ids in their places (else it is compiled with the real ids each time)."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    memo_key = ("ids", name, len(ids))
    entry = _MEMO.get(memo_key)
    if entry is None:
        stand_ins = [-(n + 1) for n in range(len(ids))]
        compiled = _Compiled(None, build(stand_ins))
        places = [i for i, value in enumerate(compiled.params) if type(value) is int and value in stand_ins]
        if sorted(compiled.params[i] for i in places) != sorted(stand_ins):
            return _Compiled(None, build(ids)).rows()
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.clear()
        entry = _MEMO[memo_key] = (compiled, [(i, -compiled.params[i] - 1) for i in places])
    compiled, places = entry
    params = list(compiled.params)
    for i, n in places:
        params[i] = ids[n]
    if sqlmemo.CHECK:
        fresh = _Compiled(None, build(ids))
        if (fresh.sql, list(fresh.params)) != (compiled.sql, params):
            raise sqlmemo.IncompleteKey(f"apilist: the ids query {name!r} gives another query than it did")
    return compiled.rows(params)


def paginate_rows(pagination_class: type[PaginationBase], rows: Rows) -> Callable:
    """``@paginate(pagination_class)`` written from rows (see ``Rows``): the same query parameters and the same
    documented response (registered with ninja's own helpers), so the OpenAPI document does not change."""
    paginator = pagination_class()

    def wrapper(func: Callable[..., QuerySet]) -> Callable[..., Any]:
        @wraps(func)  # inspect.unwrap() still finds the list function (the downloads call it)
        def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            pagination = kwargs.pop("ninja_pagination", None) or paginator.Input()
            key = rows.key(request, **kwargs) if rows.key is not None else None
            limit = min(pagination.limit, paginator.max_limit)
            total = (lambda: rows.total(request, **kwargs)) if rows.total is not None else _no_total
            build = lambda: func(request, **kwargs)  # noqa: E731
            if rows.texts is not None:
                count, fetched, compiled = rows.fetched(build, key, pagination.offset, limit, total)
                return rows.texts_response(request, count, fetched, compiled)
            count, page = rows.page(build, key, pagination.offset, limit, total)
            return rows.response(request, count, page)

        contribute_operation_args(view, "ninja_pagination", paginator.Input, paginator.InputSource)
        contribute_operation_callback(view, partial(make_response_paginated, paginator))
        view._ninja_is_paginated = True
        return view

    return wrapper


def filter_key(name: str, filters, *more: Hashable) -> tuple:
    """The memo key of a list: its name, its filter's values (field by field) and whatever else its SQL
    depends on (e.g. the day that "today" means)."""
    return (name, *(getattr(filters, field) for field in type(filters).model_fields), *more)
