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
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from ninja.responses import NinjaJSONEncoder
from pydantic import ValidationError

from hub.core.exports import csv_blocks, csv_error_line, guarded, json_error_line, json_lines, xlsx_file
from hub.opendata import rows
from hub.opendata.datasets import Dataset

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
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


def item_chunks(dataset: Dataset, request: HttpRequest, filters, include_demo: bool) -> Iterator[list[dict]]:
    """Every row as the API's item (hub.opendata.rows), a chunk at a time. The first chunk is read and made into
    items on the call, before anything is sent."""
    public = public_request(request)
    context = {"request": request}
    chunks = rows.chunks(dataset, dataset.items(public, filters, include_demo), include_demo)
    first = rows.chunk_items(dataset, next(chunks, []), context)

    def rest() -> Iterator[list[dict]]:
        if first:
            yield first
        for chunk in chunks:
            yield rows.chunk_items(dataset, chunk, context)

    return rest()


def items(dataset: Dataset, request: HttpRequest, filters, include_demo: bool) -> Iterator[dict]:
    """Every row as the API's item, one by one (see item_chunks)."""
    return (item for chunk in item_chunks(dataset, request, filters, include_demo) for item in chunk)


def json_blocks(chunks: Iterable[list[dict]]) -> Iterator[str]:
    """Each chunk's items as ninja writes them (its encoder), with the text as written (no \\u escapes), joined
    as json_lines joins items: one text per chunk."""
    encode = NinjaJSONEncoder(ensure_ascii=False).encode
    for chunk in chunks:
        yield ",\n".join([encode(item) for item in chunk])


def table_blocks(dataset: Dataset, chunks: Iterable[list[dict]]) -> Iterator[list[list]]:
    """Each chunk's items as table rows, their cells made safe (hub.opendata.rows.row_function)."""
    row = rows.row_function(dataset.columns)
    for chunk in chunks:
        yield [row(item) for item in chunk]


def table_rows(dataset: Dataset, chunks: Iterable[list[dict]]) -> Iterator[list]:
    for block in table_blocks(dataset, chunks):
        yield from block


def csv_text(dataset: Dataset, chunks: Iterable[list[dict]]) -> Iterator[str]:
    """The CSV file: the header, then one text per chunk."""
    return csv_blocks([c.name for c in dataset.columns], table_blocks(dataset, chunks))


def response(dataset: Dataset, fmt: str, request: HttpRequest, query=None):
    """The download of ``dataset`` in ``fmt`` for the request's filters (BadDownload when they are wrong)."""
    check_format(fmt)
    filters, include_demo = parse(dataset, request.GET if query is None else query)
    found = item_chunks(dataset, request, filters, include_demo)
    filename = f"ascn-{dataset.name}.{fmt}"
    if fmt == "xlsx":
        header = [c.name for c in dataset.columns]
        handle = xlsx_file(header, table_rows(dataset, found), title=dataset.name)
        return FileResponse(handle, as_attachment=True, filename=filename, content_type=FORMATS[fmt])
    if fmt == "csv":
        stream = guarded(csv_text(dataset, found), csv_error_line())
    else:
        stream = guarded(json_lines(json_blocks(found)), json_error_line())
    out = StreamingHttpResponse(stream, content_type=FORMATS[fmt])
    out["Content-Disposition"] = f'attachment; filename="{filename}"'
    return out
