"""The columns of a download, read from the API's own output schema, so that files, dictionary and API agree.

An API item is nested (``{"country": {"code": "ID", "name": "Indonesia"}, ...}``); a table is flat. A nested
object becomes one column per field, named with a dot (``country.code``): the API's field names, joined. A
list (sources, focus areas, alternatives) stays one cell holding its JSON text, which Table Schema calls an
``array``. The walk reads the JSON Schema that pydantic gives ninja for the OpenAPI document, so each column
carries the same type, description and allowed values as the API documents.

Dates known only to the year or the month are strings in the API (``2024``, ``2024-06``): they stay strings
here, never widened to a day.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

# JSON Schema type -> Frictionless Table Schema type.
_TABLE_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "array": "array",
    "object": "object",
}
_FORMATS = {"date": "date", "date-time": "datetime"}

DEMO_COLUMN = "is_demo"
DEMO_DESCRIPTION = "Made-up demonstration data, never real."


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type
    description: str = ""
    enum: tuple[str, ...] = ()
    nullable: bool = False
    path: tuple[str, ...] = field(default=(), compare=False)

    def table_field(self) -> dict[str, Any]:
        """This column as a Frictionless Table Schema field."""
        spec: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.description:
            spec["description"] = self.description
        # No "required": an empty text (a member without a local name) reads as missing in a CSV.
        if self.enum:
            spec["constraints"] = {"enum": list(self.enum)}
        return spec


def _deref(node: dict, defs: dict) -> dict:
    while "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        extra = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **extra}
    return node


def _walk(node: dict, defs: dict, path: tuple[str, ...], nullable: bool, description: str) -> list[Column]:
    node = _deref(node, defs)
    description = node.get("description") or description
    if "anyOf" in node:
        variants = [_deref(v, defs) for v in node["anyOf"]]
        real = [v for v in variants if v.get("type") != "null"]
        nullable = nullable or len(real) < len(variants)
        if len({v.get("type") for v in real} - {"integer", "number"}) == 0 and real:
            real = [{"type": "number" if any(v.get("type") == "number" for v in real) else "integer"}]
        if len(real) == 1:
            merged = {**real[0], **{k: v for k, v in node.items() if k not in ("anyOf", "title")}}
            return _walk(merged, defs, path, nullable, description)
        return [Column(".".join(path), "string", description, (), nullable, path)]
    if node.get("type") == "object" and node.get("properties"):
        columns: list[Column] = []
        for name, child in node["properties"].items():
            columns.extend(_walk(child, defs, (*path, name), nullable, ""))
        return columns
    kind = _TABLE_TYPES.get(node.get("type", "string"), "string")
    if kind == "string" and node.get("format") in _FORMATS:
        kind = _FORMATS[node["format"]]
    enum = tuple(str(v) for v in node.get("enum", ()) if v is not None)
    if "const" in node:
        enum = (str(node["const"]),)
    return [Column(".".join(path), kind, description, enum, nullable, path)]


def schema_columns(schema) -> list[Column]:
    """The flat columns of an API output schema (a ninja Schema), in the schema's field order, with
    ``is_demo`` added where the schema has no such field (every download flags demo rows)."""
    spec = schema.model_json_schema()
    defs = spec.get("$defs", {})
    columns = _walk(spec, defs, (), False, "")
    if DEMO_COLUMN not in {c.name for c in columns}:
        columns.append(Column(DEMO_COLUMN, "boolean", DEMO_DESCRIPTION, (), False, (DEMO_COLUMN,)))
    return columns


def flatten(item: dict, columns: list[Column]) -> list[Any]:
    """One API item (as JSON data) as the row of ``columns``: nested values by their path, lists and mappings
    as JSON text, a missing nested object as empty cells."""
    row = []
    for column in columns:
        value: Any = item
        for part in column.path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, list | dict):
            value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        row.append(value)
    return row
