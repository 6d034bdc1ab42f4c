"""The downloads' fast rows (hub.opendata.rows) give what the API's schema and the plain JSON round trip give:
the Rows' items equal the item schema's dump, a table row equals the flattened JSON of the item, and the file is
the same whatever the chunk size."""

from __future__ import annotations

import datetime as dt
import enum
import json
from decimal import Decimal

import pytest
from django.test import Client, RequestFactory
from ninja.responses import NinjaJSONEncoder

from hub.core.exports import csv_safe
from hub.opendata import downloads, rows
from hub.opendata.columns import Column, flatten
from hub.opendata.datasets import datasets
from hub.projects.models import Project

pytestmark = pytest.mark.django_db

WITH_ROWS = [name for name, d in datasets().items() if d.rows is not None]


def _json(item: dict) -> str:
    return json.dumps(item, cls=NinjaJSONEncoder, ensure_ascii=False)


def test_the_lists_written_from_rows_are_the_apis_busiest():
    assert set(WITH_ROWS) == {"members", "memberships", "role-terms", "projects", "meetings"}


@pytest.mark.parametrize("name", WITH_ROWS)
def test_an_item_from_rows_is_the_item_schemas_dump(name):
    Project.objects.filter(slug="wa-kepo").update(is_demo=True)
    dataset = datasets()[name]
    request = RequestFactory().get(f"/data/{name}.json")
    filters, _ = downloads.parse(dataset, {})
    context = {"request": request}
    public = downloads.public_request(request)
    objects = list(dataset.items(public, filters, True))
    from_rows = [row for chunk in rows.chunks(dataset, dataset.items(public, filters, True), True) for row in chunk]
    assert objects and len(from_rows) == len(objects)
    fast = rows.chunk_items(dataset, from_rows, context)
    schema = [rows.encode(dataset, obj, context) for obj in objects]
    assert [_json(i) for i in fast] == [_json(i) for i in schema]


class Kind(str, enum.Enum):  # noqa: UP042 - str() of this kind is its name, its JSON its value
    CITY = "city"


ODD_VALUES = [
    None,
    "",
    "plain",
    "=1+2",
    "-3.5",
    "+cmd",
    "@SUM(A1)",
    "\tx",
    0,
    -4,
    True,
    False,
    1.25,
    Decimal("-12.50"),
    dt.date(2024, 6, 1),
    dt.datetime(2024, 6, 1, 8, 30, 15, 123456, tzinfo=dt.UTC),
    Kind.CITY,
    [],
    {},
    ["Kota", "Bandung ✓"],
    {"a": [1, Decimal("2.5")], "b": None},
]


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_a_table_row_is_the_flattened_json_of_the_item_made_safe(value):
    columns = [
        Column("a", "string", path=("a",)),
        Column("b.c", "string", path=("b", "c")),
        Column("b.d.e", "string", path=("b", "d", "e")),
        Column("f.g", "string", path=("f", "g")),
    ]
    item = {"a": value, "b": {"c": value, "d": {"e": value}}, "f": None}
    expected = [csv_safe(cell) for cell in flatten(json.loads(_json(item)), columns)]
    assert rows.table_row(item, columns) == expected


def test_the_file_is_the_same_whatever_the_chunk_size(monkeypatch):
    client = Client()
    names = ["projects", "members", "indicators", "role-terms", "meetings"]
    whole = {
        (n, f): b"".join(client.get(f"/data/{n}.{f}?include_demo=true").streaming_content)
        for n in names
        for f in ("csv", "json")
    }
    monkeypatch.setattr(rows, "CHUNK", 2)
    for (name, fmt), data in whole.items():
        assert b"".join(client.get(f"/data/{name}.{fmt}?include_demo=true").streaming_content) == data, name
