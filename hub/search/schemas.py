"""What the search and match endpoints answer."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class HitOut(Schema):
    kind: str
    id: int = Field(description="The record's id in its own list (e.g. /api/v1/projects/{id}).")
    title: str
    url: str
    snippet: str = Field(description="HTML: the text around the matches, escaped, matches in <mark>.")
    country: str
    focus_areas: list[str]
    status: str
    is_demo: bool


class SearchOut(Schema):
    count: int
    items: list[HitOut]
    facets: dict[str, dict[str, int]] = Field(description="Counts per kind, country, status and focus_area.")
    words_ignored: int = Field(description="Words past the twelfth, not searched.")


class ContactOut(Schema):
    organisation: str
    slug: str


class TermOut(Schema):
    query: str = Field(description="The word as the question wrote it.")
    project: str = Field(description="The word as the project wrote it (another language, or the same).")


class MatchOut(Schema):
    project_id: int
    slug: str
    title: str
    url: str
    member: str
    member_slug: str
    country: str
    score: float
    focus_areas: list[str] = Field(description="The project's focus areas that the question shares.")
    terms: list[TermOut] = Field(description="Words that matched, in both languages.")
    contact: ContactOut | None = Field(description="The organisation of the member's Chief Smart City Officer.")
    is_demo: bool


class MatchListOut(Schema):
    count: int
    items: list[MatchOut]
