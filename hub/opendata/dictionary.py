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
    "role": gettext_lazy("The governance role (see the allowed values)."),
    "decided_by": gettext_lazy("The decision or meeting that made it so, as the source words it."),
    "note": gettext_lazy("A note on the record, in English."),
    "notes": gettext_lazy("Notes on the record, in English."),
    "unit": gettext_lazy("Unit of the indicator's values."),
    "direction": gettext_lazy("Whether higher or lower values are better."),
    "baseline": gettext_lazy("Value at the start, to measure progress from."),
    "baseline_period": gettext_lazy("When the baseline was measured, as precise as the source."),
    "target": gettext_lazy("Value aimed for."),
    "target_period": gettext_lazy("When the target is to be reached, as precise as the source."),
    "period_end": gettext_lazy("Last day of the period the figures cover."),
    "scope": gettext_lazy("Whether the meeting is the whole network's or one country's (see the allowed values)."),
    "number": gettext_lazy("The meeting's number in its series (e.g. 8 for the 8th annual meeting)."),
    "end_time": gettext_lazy("Time the meeting ends (local time)."),
    "format": gettext_lazy("In person, online or both (see the allowed values)."),
    "venue": gettext_lazy("Venue of the meeting."),
    "city": gettext_lazy("City where the meeting is held."),
    "visibility": gettext_lazy("Public, or restricted to its participants (only public meetings are published)."),
    "position": gettext_lazy("Place in the meeting's agenda."),
    "text": gettext_lazy("The text, as written, in its language."),
    "due_date": gettext_lazy("Day an action item is due."),
    "vision": gettext_lazy("The member's smart-city vision, as its action plan words it."),
    "targets": gettext_lazy("The plan's strategic targets: text, value, unit, year (a JSON list)."),
    "priority_projects": gettext_lazy(
        "The plan's priority projects, with the catalogue project where the same (a JSON list)."
    ),
    "severity_label": gettext_lazy("How much the challenge hurts, in words."),
    "solution": gettext_lazy("What solved the challenge, where it is solved."),
    "help_wanted": gettext_lazy("Help the member wants: knowledge, a partner, funding (a JSON list)."),
    "published": gettext_lazy("Whether the record is public."),
    "topic": gettext_lazy("What the collaboration is about."),
    "partner_country": gettext_lazy("Country of the partner behind the programme."),
    "organisations": gettext_lazy("Organisations that run the programme (a JSON list)."),
    "envelope_currency": gettext_lazy("Currency of the programme's stated envelope."),
    "envelope_note": gettext_lazy("What the source says about the envelope."),
    "documents": gettext_lazy("Documents of the partnership: title and address (a JSON list)."),
    "committed": gettext_lazy("Money committed, in US dollars, as a decimal number in text."),
    "secured": gettext_lazy("Money secured, in US dollars, as a decimal number in text."),
    "disbursed": gettext_lazy("Money disbursed (realised), in US dollars, as a decimal number in text."),
    "financing": gettext_lazy(
        "Financing rows: stage, instrument, amount, currency, rate to USD and its date (a JSON list)."
    ),
    "member": gettext_lazy("The member (its short name in addresses)."),
    "usd_rate": gettext_lazy("Units of the currency per US dollar used for the conversion."),
    "usd_rate_date": gettext_lazy("Day of the exchange rate used."),
    "instrument": gettext_lazy("Financing instrument (see the allowed values)."),
    "stage": gettext_lazy("Stage of the project's preparation (see the allowed values)."),
    "readiness": gettext_lazy("What is ready: studies, land, permits (a JSON list)."),
    "readiness_note": gettext_lazy("More on what is ready."),
    "contact_name": gettext_lazy(
        "Whom to contact about the opportunity (a name or a position, never a personal address)."
    ),
    "state": gettext_lazy("Where the record is in its review (see the allowed values)."),
    "published_at": gettext_lazy("When it was published."),
    "key": gettext_lazy("The group's key (a country code, a member, a year or an instrument)."),
    "label": gettext_lazy("The group's name."),
    DEMO_COLUMN: gettext_lazy("Made-up demonstration data, never real (left out unless include_demo=true)."),
}

PRECISION = gettext_lazy("How precise the date before it is: year, month or day.")

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
    name = column.path[-1] if column.path else column.name
    glossary = GLOSSARY.get(name)
    if glossary is None and name.endswith("_precision"):
        glossary = PRECISION
    return str(glossary) if glossary else ""


def entries(dataset: Dataset) -> list[Entry]:
    return [Entry(c, meaning(c), str(TYPE_LABELS.get(c.type, c.type))) for c in dataset.columns]


def dictionary() -> list[tuple[Dataset, list[Entry]]]:
    return [(d, entries(d)) for d in datasets().values()]
