"""The data dictionary: every column of every published file, its type, meaning and allowed values.

It is read from the same API output schemas that the downloads and the OpenAPI document use
(hub.opendata.columns), so a column cannot be in a file and missing here. Where the API schema gives a field
no description (ids, slugs, names), the meaning comes from the small glossary below, by the field's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.opendata.columns import DEMO_COLUMN, Column
from hub.opendata.datasets import Dataset, datasets

# Meanings of the field names the API schemas share and do not describe one by one.
GLOSSARY = {
    "id": gettext_lazy("The record's number in the hub; it does not change."),
    "slug": gettext_lazy("The record's short name in addresses; it does not change."),
    "name": gettext_lazy("Name, in English."),
    "title": gettext_lazy("Title, in English or the language given."),
    "local_name": gettext_lazy("Name in the local language."),
    "short_name": gettext_lazy("Short name or abbreviation."),
    "code": gettext_lazy("ISO 3166-1 alpha-2 code of the country."),
    "url": gettext_lazy("Address of the record's page on the hub."),
    "website": gettext_lazy("The record's own website."),
    "version": gettext_lazy("Raised by every change to the record."),
    "summary": gettext_lazy("Short description."),
    "description": gettext_lazy("Description."),
    "kind": gettext_lazy("Kind of record (see the allowed values)."),
    "status": gettext_lazy("Status (see the allowed values)."),
    "confidence": gettext_lazy("How sure the sources are: high, medium or low."),
    "sources": gettext_lazy("Addresses of the sources (a JSON list)."),
    "alternatives": gettext_lazy("Readings of other sources where they disagree (a JSON list)."),
    "start": gettext_lazy("Start, as precise as the source: year, year-month or day."),
    "end": gettext_lazy("End, as precise as the source: year, year-month or day."),
    "start_precision": gettext_lazy("Precision of the start: year, month or day."),
    "end_precision": gettext_lazy("Precision of the end: year, month or day."),
    "start_date": gettext_lazy("First day."),
    "end_date": gettext_lazy("Last day."),
    "latitude": gettext_lazy("Latitude in decimal degrees (WGS 84)."),
    "longitude": gettext_lazy("Longitude in decimal degrees (WGS 84)."),
    "focus_areas": gettext_lazy("ASEAN Smart Cities Framework focus areas (a JSON list)."),
    "members": gettext_lazy("Members concerned (a JSON list)."),
    "projects": gettext_lazy("Projects concerned (a JSON list)."),
    "amount": gettext_lazy("Amount, as a decimal number in text (never rounded)."),
    "currency": gettext_lazy("ISO 4217 currency code."),
    "language": gettext_lazy("Language code of the text."),
    DEMO_COLUMN: gettext_lazy("Made-up demonstration data, never real (left out unless include_demo=true)."),
}

TYPE_LABELS = {
    "string": gettext_lazy("text"),
    "integer": gettext_lazy("whole number"),
    "number": gettext_lazy("number"),
    "boolean": gettext_lazy("true or false"),
    "date": gettext_lazy("day (YYYY-MM-DD)"),
    "datetime": gettext_lazy("date and time (ISO 8601)"),
    "array": gettext_lazy("list (JSON)"),
    "object": gettext_lazy("mapping (JSON)"),
}


@dataclass(frozen=True)
class Entry:
    column: Column
    meaning: str
    type_label: str


def meaning(column: Column) -> str:
    """The column's meaning: the API schema's description, else the glossary's for its field name."""
    if column.description:
        return _(column.description)
    glossary = GLOSSARY.get(column.path[-1] if column.path else column.name)
    return str(glossary) if glossary else ""


def entries(dataset: Dataset) -> list[Entry]:
    return [Entry(c, meaning(c), str(TYPE_LABELS.get(c.type, c.type))) for c in dataset.columns]


def dictionary() -> list[tuple[Dataset, list[Entry]]]:
    return [(d, entries(d)) for d in datasets().values()]
