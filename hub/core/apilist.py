"""The API's busiest lists, written straight to JSON from rows: ``@paginate_rows`` and ``RowList``.

ninja's ``@paginate`` then response validation cost, per request, the building and compiling of the list's
query with its subqueries (~1 ms), a separate count query, a model instance per row and pydantic walking each
instance field by field through Python callbacks (~1–2 ms for 50 rows). A view decorated with ``@paginate_rows``
instead returns a ``RowList``: the queryset of its shared filter (the same one the page applies), read as plain
tuples, each turned into the dict the item schema would dump, and the page written as ninja writes it (its
JSON encoder, its content type). So:

- the parameters and the documented response are ninja's own (``contribute_operation_args`` and
  ``make_response_paginated``, as ``@paginate`` registers them): the OpenAPI document is the same;
- the count comes with the page (``COUNT(*) OVER ()``): one query, or two when the offset passes the end;
- the SQL text of a list depends only on its inputs (the filter's values, the page, the day for "today"),
  never on the data, so it is compiled once per input and remembered (``key``; bounded). A list whose
  queryset depends on who asks (visibility computed from the caller's roles, which are data) passes no key
  for signed-in callers and is compiled on each request;
- each app writes its rows (``row``), checked field for field against the item schema's own output in the
  tests (tests/api/test_fast_lists.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from functools import partial, wraps
from typing import Any

from django.db import connections
from django.db.models import Count, QuerySet, Subquery, Window
from django.http import HttpRequest, HttpResponse
from ninja.pagination import PaginationBase, make_response_paginated
from ninja.responses import NinjaJSONEncoder
from ninja.utils import contribute_operation_args, contribute_operation_callback

from hub.core.api import Pagination

_TOTAL = "hub_total"  # the window column that carries the count beside each row

# Compiled page queries by (list, inputs). Cleared when full rather than ordered: a handful of shapes is the
# usual traffic, and clearing keeps the memo O(1) and bounded.
_MEMO: dict[Hashable, _Compiled] = {}
MEMO_SIZE = 2000


class _Compiled:
    """A page query's SQL, its parameters and the compiler that turns its rows into Python values."""

    __slots__ = ("compiler", "count_sql", "count_params", "params", "sql", "using")

    def __init__(self, queryset: QuerySet, page: QuerySet):
        self.using = page.db
        self.compiler = page.query.get_compiler(self.using)
        self.sql, self.params = self.compiler.as_sql()
        count_query = queryset.order_by().values("pk").query.get_compiler(self.using)
        inner, self.count_params = count_query.as_sql()
        # Only Django's compiled text is wrapped here; every value stays a parameter.
        self.count_sql = f"SELECT COUNT(*) FROM ({inner}) hub_counted"  # noqa: S608

    def rows(self) -> list[tuple]:
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, self.params)
            fetched = cursor.fetchall()
        return list(self.compiler.results_iter(results=[fetched], tuple_expected=True))

    def count(self) -> int:
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.count_sql, self.count_params)
            return cursor.fetchone()[0]


class RowList:
    """What a ``@paginate_rows`` view returns.

    ``build()`` gives the list's queryset (its filter applied, ordered); ``columns`` are read from it with
    ``values_list``; ``row(values, request)`` turns one tuple (``dict(zip(columns, values))``) into the item's
    dict; ``finish(items, rows, request)``, if given, adds what the rows need from other tables (a fixed number
    of queries) before they are written. ``key``: the list's inputs when its SQL depends on nothing else (None:
    compile every time). ``ids_first``: choose the page's ids first from the ordering's columns only (for lists
    whose rows are costly: OFFSET then skips cheap rows), as hub.core.api.PageIdsFirst does."""

    def __init__(
        self,
        build: Callable[[], QuerySet],
        columns: Sequence[str],
        row: Callable[[dict, HttpRequest], dict],
        *,
        key: Hashable | None = None,
        finish: Callable[[list[dict], list[dict], HttpRequest], None] | None = None,
        ids_first: bool = False,
    ):
        self.build, self.columns, self.row, self.key = build, tuple(columns), row, key
        self.finish, self.ids_first = finish, ids_first

    def _compile(self, offset: int, limit: int) -> _Compiled:
        queryset = self.build()
        counted = queryset.annotate(**{_TOTAL: Window(Count("*"))})
        if self.ids_first:
            # The page's ids from the ordering's columns only; the count from the same list, one row of it
            # (an uncorrelated subquery: PostgreSQL runs it once).
            ids = queryset.values("pk")[offset : offset + limit]
            total = Subquery(counted.values(_TOTAL)[offset : offset + 1])
            page = queryset.filter(pk__in=ids).annotate(**{_TOTAL: total}).values_list(*self.columns, _TOTAL)
        else:
            page = counted.values_list(*self.columns, _TOTAL)[offset : offset + limit]
        return _Compiled(queryset, page)

    def page(self, offset: int, limit: int) -> tuple[int, list[dict]]:
        memo_key = None if self.key is None else (self.key, offset, limit)
        compiled = _MEMO.get(memo_key) if memo_key is not None else None
        if compiled is None:
            compiled = self._compile(offset, limit)
            if memo_key is not None:
                if len(_MEMO) >= MEMO_SIZE:
                    _MEMO.clear()
                _MEMO[memo_key] = compiled
        fetched = compiled.rows()
        if fetched:
            count = fetched[0][-1]
        else:
            count = compiled.count() if offset else 0
        columns = self.columns  # each row ends with the count: zip stops before it
        return count, [dict(zip(columns, values, strict=False)) for values in fetched]

    def response(self, request: HttpRequest, offset: int, limit: int) -> HttpResponse:
        count, rows = self.page(offset, limit)
        row = self.row
        items = [row(values, request) for values in rows]
        if self.finish is not None:
            self.finish(items, rows, request)
        content = json.dumps({"items": items, "count": count}, cls=NinjaJSONEncoder)
        return HttpResponse(content, content_type="application/json; charset=utf-8")


def paginate_rows(pagination_class: type[PaginationBase] = Pagination) -> Callable:
    """``@paginate(pagination_class)`` for views that return a ``RowList``: the same query parameters and the
    same documented response (registered with ninja's own helpers), the page written from rows."""
    paginator = pagination_class()

    def wrapper(func: Callable[..., RowList]) -> Callable[..., Any]:
        @wraps(func)
        def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            pagination = kwargs.pop("ninja_pagination", None) or paginator.Input()
            listing = func(request, **kwargs)
            limit = min(pagination.limit, paginator.max_limit)
            return listing.response(request, pagination.offset, limit)

        contribute_operation_args(view, "ninja_pagination", paginator.Input, paginator.InputSource)
        contribute_operation_callback(view, partial(make_response_paginated, paginator))
        view._ninja_is_paginated = True
        return view

    return wrapper


def filter_key(name: str, filters, *more: Hashable) -> tuple:
    """The memo key of a list: its name, its filter's values (field by field) and whatever else its SQL
    depends on (e.g. the day that "today" means)."""
    return (name, *(getattr(filters, field) for field in type(filters).model_fields), *more)
