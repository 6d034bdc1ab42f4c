"""The one filter of the search (page /search/ and GET /api/v1/search) and the matcher's parameters
(GET /api/v1/match): ninja Schemas, so the API documents them and the page validates request.GET with
the same rules and shows the same messages."""

from __future__ import annotations

from django.utils.translation import gettext as _
from pydantic import Field, field_validator

from hub.core.filters import FilterSchema
from hub.projects.models import FOCUS_AREAS
from hub.search.engine import MAX_QUERY_CHARS
from hub.search.matching import MAX_LIMIT, MAX_TEXT
from hub.search.providers import registry

AREA_CODES = [code for code, _name in FOCUS_AREAS]
HELP_KINDS = ("knowledge", "partner", "funding")


def _no_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text; a user never means one.
    return value.replace("\x00", " ")


class _Filter(FilterSchema):
    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value, info):
        # HTML forms send empty strings for untouched fields; the text itself stays text (and gets a message).
        if info.field_name in ("q", "text"):
            return "" if value is None else value
        return None if value == "" else value


class SearchFilter(_Filter):
    q: str = Field(
        "",
        validate_default=True,
        max_length=MAX_QUERY_CHARS,
        description="Words to find, in English or Bahasa Indonesia (e.g. `flood warning` or `banjir`). Every "
        "word must match, in any of its forms; operators and quotes are read as plain words.",
    )
    kind: str | None = Field(None, max_length=20, description="Only this kind: " + ", ".join(registry.kinds()) + ".")
    country: str | None = Field(None, max_length=2, description="ISO code of the country, e.g. ID.")
    focus_area: str | None = Field(None, max_length=40, description="Code of an ASCF focus area, e.g. civic-social.")
    status: str | None = Field(None, max_length=20, description="Project or update status, e.g. ongoing.")

    @field_validator("q")
    @classmethod
    def _query(cls, value: str) -> str:
        value = _no_nul(value).strip()
        if not value:
            raise ValueError(_("Type a word to search for."))
        return value

    @field_validator("kind")
    @classmethod
    def _kind(cls, value):
        if value is not None and value not in registry.kinds():
            raise ValueError(_("Unknown kind; one of: %(kinds)s.") % {"kinds": ", ".join(registry.kinds())})
        return value

    @field_validator("focus_area")
    @classmethod
    def _area(cls, value):
        if value is not None and value not in AREA_CODES:
            raise ValueError(_("Unknown focus area; one of: %(codes)s.") % {"codes": ", ".join(AREA_CODES)})
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value):
        if value is not None and not (len(value) == 2 and value.isascii() and value.isalpha()):
            raise ValueError(_("A country is its two-letter ISO code, e.g. ID."))
        return value.upper() if value else value


class MatchFilter(_Filter):
    text: str = Field(
        "",
        validate_default=True,
        max_length=MAX_TEXT,
        description="The challenge or problem, in English or Bahasa Indonesia (a few sentences work best).",
    )
    member: str | None = Field(
        None, max_length=80, description="Slug of the asking member: its own projects are never returned."
    )
    focus_area: list[str] = Field(
        default_factory=list, description="Focus areas of the challenge (codes, repeatable); optional."
    )
    help_wanted: str | None = Field(None, description="knowledge, partner or funding; optional.")
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"How many projects, 1 to {MAX_LIMIT}.")

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        value = _no_nul(value).strip()
        if not value:
            raise ValueError(_("Describe the challenge in a few words."))
        return value

    @field_validator("focus_area")
    @classmethod
    def _areas(cls, value):
        unknown = [code for code in value or [] if code not in AREA_CODES]
        if unknown:
            raise ValueError(_("Unknown focus area; one of: %(codes)s.") % {"codes": ", ".join(AREA_CODES)})
        return value or []

    @field_validator("help_wanted")
    @classmethod
    def _help(cls, value):
        if value is not None and value not in HELP_KINDS:
            raise ValueError(_("One of: %(kinds)s.") % {"kinds": ", ".join(HELP_KINDS)})
        return value
