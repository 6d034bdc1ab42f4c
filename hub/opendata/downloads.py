"""One download mechanism for every public list: CSV, XLSX and JSON with the filters of the list's page.

The rows are the API's: the dataset's list function (hub.opendata.datasets) is called with the same filter
class, read as an anonymous visitor reads it, and each object is written through the API's output schema.
Demo rows are left out unless ``include_demo=true``, and flagged (``is_demo``) when included.

Nothing is sent before the request is known to be good: an unknown format or filter, or a bad filter value,
is a 400 naming what is accepted; the first chunk of rows is read and encoded before the response starts.
Should a later chunk fail, the file ends with a line saying it is incomplete (hub.core.exports.guarded).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from ninja.responses import NinjaJSONEncoder
from pydantic import ValidationError

from hub.core.exports import csv_error_line, csv_lines, guarded, json_error_line, json_lines, xlsx_file
from hub.opendata.columns import DEMO_COLUMN, flatten
from hub.opendata.datasets import Dataset

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
# Rows read per query: the number of queries of a download is constant up to this many rows (and grows by one
# set per chunk beyond), while memory holds one chunk.
CHUNK = 2000
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


class BadDownload(Exception):
    """A request a download cannot answer; the message says what is accepted."""


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise BadDownload(f"Unknown format '{fmt[:20]}'. Accepted formats: {', '.join(FORMATS)}.")
    return fmt


def parse(dataset: Dataset, query) -> tuple[Any, bool]:
    """The filter object and the include_demo switch of a request's query string."""
    unknown = sorted(set(query) - set(dataset.accepted))
    if unknown:
        raise BadDownload(
            f"Unknown filter(s): {', '.join(unknown)}. The {dataset.name} list accepts: {', '.join(dataset.accepted)}."
        )
    switch = query.get("include_demo", "").strip().lower()
    if switch not in _TRUE | _FALSE:
        raise BadDownload("include_demo is true or false.")
    if dataset.filter is None:
        return None, switch in _TRUE
    values = {name: query.get(name) for name in query if name != "include_demo"}
    try:
        filters = dataset.filter.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'query'}: {e['msg']}" for e in exc.errors())
        raise BadDownload(f"Bad filter value: {problems}.") from exc
    return filters, switch in _TRUE


def public_request(request: HttpRequest) -> HttpRequest:
    """The request as an anonymous visitor makes it: open data is what the public may read, whoever downloads."""
    public = copy.copy(request)
    public.user = AnonymousUser()
    public.auth = None
    return public


def _demo_flag(obj) -> bool:
    if hasattr(obj, "is_demo"):
        return bool(obj.is_demo)
    inner = getattr(obj, "figure", None)  # the published figures' rows wrap the record
    return bool(getattr(inner, "is_demo", False))


def _chunks(items, include_demo: bool) -> Iterator[list]:
    if isinstance(items, QuerySet):
        if not include_demo and any(f.name == DEMO_COLUMN for f in items.model._meta.get_fields()):
            items = items.filter(is_demo=False)
        start = 0
        while True:
            chunk = list(items[start : start + CHUNK])
            if chunk:
                yield chunk
            if len(chunk) < CHUNK:
                return
            start += CHUNK
    else:
        rows = [obj for obj in items if include_demo or not _demo_flag(obj)]
        for start in range(0, len(rows), CHUNK):
            yield rows[start : start + CHUNK]


def encode(dataset: Dataset, obj, context: dict) -> str:
    """One object as the API answers it (JSON text), with ``is_demo`` where the API's schema has none."""
    data = dataset.schema.from_orm(obj, context=context).model_dump()
    if DEMO_COLUMN not in data:
        data[DEMO_COLUMN] = _demo_flag(obj)
    return json.dumps(data, cls=NinjaJSONEncoder, ensure_ascii=False)


def encoded_items(dataset: Dataset, request: HttpRequest, filters, include_demo: bool) -> Iterator[str]:
    """Every row as JSON text. The first chunk is read and encoded on the call, before anything is sent."""
    public = public_request(request)
    context = {"request": request}
    chunks = _chunks(dataset.items(public, filters, include_demo), include_demo)
    first = [encode(dataset, obj, context) for obj in next(chunks, [])]

    def rest() -> Iterator[str]:
        yield from first
        for chunk in chunks:
            for obj in chunk:
                yield encode(dataset, obj, context)

    return rest()


def table_rows(dataset: Dataset, items: Iterable[str]) -> Iterator[list]:
    for text in items:
        yield flatten(json.loads(text), dataset.columns)


def response(dataset: Dataset, fmt: str, request: HttpRequest, query=None):
    """The download of ``dataset`` in ``fmt`` for the request's filters (BadDownload when they are wrong)."""
    check_format(fmt)
    filters, include_demo = parse(dataset, request.GET if query is None else query)
    items = encoded_items(dataset, request, filters, include_demo)
    filename = f"ascn-{dataset.name}.{fmt}"
    header = [c.name for c in dataset.columns]
    if fmt == "xlsx":
        handle = xlsx_file(header, table_rows(dataset, items), title=dataset.name)
        return FileResponse(handle, as_attachment=True, filename=filename, content_type=FORMATS[fmt])
    if fmt == "csv":
        stream = guarded(csv_lines(header, table_rows(dataset, items)), csv_error_line())
    else:
        stream = guarded(json_lines(items), json_error_line())
    out = StreamingHttpResponse(stream, content_type=FORMATS[fmt])
    out["Content-Disposition"] = f'attachment; filename="{filename}"'
    return out
