"""What the API answers about meeting series, and what its series writes accept (unknown fields: 422)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from hub.core.models import Confidence
from hub.meetings.models import MeetingScope
from hub.network.schemas import CountryRef, Provenance, provenance


def _url(path: str, context: dict[str, Any] | None) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


class SeriesOut(Schema):
    id: int
    slug: str
    name: str
    scope: MeetingScope
    country: CountryRef | None = Field(description="For a series of national meetings: its member state.")
    description: str
    meeting_count: int = Field(description="How many of its meetings you may see.")
    next_number: int | None = Field(
        description="The number proposed for its next meeting: one more than the highest you may see, 1 for a "
        "series without meetings, null when its meetings have no numbers."
    )
    version: int = Field(description="Raised by every change; send it back as `If-Match` when you change it.")
    is_demo: bool
    url: str
    calendar_url: str = Field(description="iCalendar feed of the series' meetings (public ones without a session).")
    provenance: Provenance

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _url(obj.get_absolute_url(), context)

    @staticmethod
    def resolve_calendar_url(obj, context) -> str:
        return _url(reverse("meetings:series_ics", args=[obj.slug]), context)

    @staticmethod
    def resolve_provenance(obj) -> dict:
        return provenance(obj)


_SLUG = r"^[-a-z0-9_]+$"


class SeriesIn(Schema):
    model_config = {"extra": "forbid"}

    name: str = Field(min_length=1, max_length=200)
    slug: str | None = Field(
        None,
        max_length=80,
        pattern=_SLUG,
        description="Its address, e.g. ascn-annual-meetings; made from the name if omitted, and never changed after.",
    )
    scope: MeetingScope = MeetingScope.NETWORK
    country: str | None = Field(None, max_length=2, description="ISO code; for a series of national meetings.")
    description: str = ""
    sources: list[str] = Field(default_factory=list)
    confidence: Confidence = Confidence.HIGH
    source_note: str = ""


class SeriesPatch(Schema):
    model_config = {"extra": "forbid"}

    name: str | None = Field(None, min_length=1, max_length=200)
    slug: str | None = Field(None, max_length=80, description="Refused if it differs: a series keeps its slug.")
    scope: MeetingScope | None = None
    country: str | None = Field(None, max_length=2)
    description: str | None = None
    sources: list[str] | None = None
    confidence: Confidence | None = None
    source_note: str | None = None
