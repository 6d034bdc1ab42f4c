"""What the API answers and accepts: output schemas of the registry, and the bodies of its writes.

Partial dates travel as three fields: the text as precise as the source (``2024``, ``2024-06`` or
``2024-06-25``), its precision, and the first day of the period (ISO) for sorting and comparing.
Resolvers read only what the list querysets select (``select_related`` and annotations), so no item
costs a query of its own.

The bodies of the writes are in hub.network.schemas_in; every name of it is importable from here too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Field, Schema

from hub.core.api import Message, RowSchema, ValidationErrorItem, ValidationErrorOut, slug_page_url  # noqa: F401 - the shared error bodies
from hub.core.dates import Precision, format_partial
from hub.core.models import Confidence
from hub.network.models import MemberKind, MembershipStatus, OrganisationKind, Role

# The inputs, importable from here as before the split (hub.projects and the API use them).
from hub.network.schemas_in import (  # noqa: F401  (re-exported)
    Alternative,
    CountryCode,
    CountryPatch,
    MemberIn,
    MemberPatch,
    MembershipIn,
    MembershipPatch,
    OrganisationIn,
    OrganisationPatch,
    PartialDateText,
    PersonIn,
    PersonPatch,
    ProvenanceIn,
    Ref,
    RoleTermIn,
    RoleTermPatch,
    WriteSchema,
    partial_schema,
)


def _text_or_none(value: date | None, precision: str | None) -> str | None:
    return format_partial(value, precision) or None


def _float_or_none(value) -> float | None:
    return float(value) if value is not None else None


def _page_url(obj, context: dict[str, Any] | None) -> str:
    path = obj.get_absolute_url()
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


# -- Shared pieces --------------------------------------------------------------------------------------


class Provenance(Schema):
    sources: list[str] = Field(description="Addresses of the sources of the preferred reading.")
    confidence: Confidence
    source_note: str = Field(description='Free text on the sources, e.g. "compiler\'s own knowledge".')
    alternatives: list[Alternative] = Field(description="Readings that other sources give where they disagree.")


def provenance(obj) -> dict[str, Any]:
    return {
        "sources": obj.sources or [],
        "confidence": obj.confidence,
        "source_note": obj.source_note,
        "alternatives": obj.alternatives or [],
    }


class CountryRef(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code.")
    name: str


class MemberRef(Schema):
    id: int
    slug: str
    name: str


class OrganisationRef(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    name: str


# -- Countries ------------------------------------------------------------------------------------------


class CountryOut(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code.")
    name: str
    local_name: str
    asean_joined: str | None = Field(description="When the country joined ASEAN, as precise as the source.")
    asean_joined_precision: Precision | None
    provenance: Provenance
    url: str = Field(description="The country's page.")

    @staticmethod
    def resolve_asean_joined(obj) -> str | None:
        return _text_or_none(obj.asean_joined, obj.asean_joined_precision)

    @staticmethod
    def resolve_asean_joined_precision(obj) -> str | None:
        return obj.asean_joined_precision or None

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj)

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _page_url(obj, context)


class CountryDetail(CountryOut):
    members: list[MemberRef] = Field(description="Members and candidates in the country, whatever their status.")


# -- Members and their membership history ------------------------------------------------------------------


class MembershipEventOut(Schema):
    id: int
    status: MembershipStatus = Field(description="The status this event gave the member.")
    effective: str = Field(description="When it took effect, as precise as the source: 2018, 2018-04 or 2018-04-28.")
    effective_precision: Precision
    effective_date: date = Field(description="First day of the period `effective` names.")
    not_before: str | None = Field(
        description="A bound from another source: the event took effect no earlier than this (e.g. 2025-10); "
        "it counts from here."
    )
    counts_from: date = Field(description="The first day the event counts in 'members on a day'.")
    decided_by: str = Field(description="The meeting or act that decided it, where known.")
    provenance: Provenance

    @staticmethod
    def resolve_not_before(obj) -> str | None:
        return format_partial(obj.not_before, obj.not_before_precision) or None

    @staticmethod
    def resolve_effective(obj) -> str:
        return format_partial(obj.effective_date, obj.effective_date_precision)

    @staticmethod
    def resolve_effective_precision(obj) -> str:
        return obj.effective_date_precision

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj)


class MembershipOut(MembershipEventOut):
    member: MemberRef


class MemberOut(RowSchema):  # read for every row of the list (hub.core.api.RowSchema)
    id: int
    slug: str
    name: str = Field(description="English name.")
    local_name: str
    kind: MemberKind
    country: CountryRef
    latitude: float | None
    longitude: float | None
    website: str
    status: MembershipStatus | None = Field(
        description="Status on the `as_of` day (today if omitted); null when no event had happened by then."
    )
    joined: str | None = Field(
        description="When it first became a member, as precise as the source: 2018, 2023-07 or 2018-04-28."
    )
    joined_precision: Precision | None
    joined_date: date | None = Field(description="First day of the period `joined` names.")
    provenance: Provenance
    url: str = Field(description="The member's page.")

    @staticmethod
    def resolve_latitude(obj) -> float | None:
        return _float_or_none(obj.latitude)

    @staticmethod
    def resolve_longitude(obj) -> float | None:
        return _float_or_none(obj.longitude)

    @staticmethod
    def resolve_status(obj) -> str | None:
        return obj.status_on

    @staticmethod
    def resolve_joined(obj) -> str | None:
        return _text_or_none(obj.joined_date, obj.joined_precision)

    @staticmethod
    def resolve_joined_precision(obj) -> str | None:
        return obj.joined_precision or None

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj)

    @staticmethod
    def resolve_url(obj, context) -> str:
        return slug_page_url(context, "network:member", obj.slug)  # = obj.get_absolute_url(), made absolute


# The columns MemberOut reads (with the filter's annotations): lists load only these, not the summary nor the
# country's own sources (JSON decoded per row). Keep in step with the fields above: a missing one costs a query
# per row, which tests/api/test_query_counts.py catches.
MEMBER_OUT_COLUMNS = (
    *("slug", "name", "local_name", "kind", "latitude", "longitude", "website"),
    "is_demo",  # not a field of MemberOut, but the open-data downloads mark demo rows by it
    *("sources", "confidence", "source_note", "alternatives"),
    *("country", "country__code", "country__name"),
)


class MemberDetail(MemberOut):
    summary: str
    events: list[MembershipEventOut] = Field(description="The membership history, oldest first.")

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.all())


# -- Organisations and people ---------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    local_name: str
    kind: OrganisationKind
    country: CountryRef | None
    member: MemberRef | None = Field(description="The member it governs, for a local government.")
    parent: OrganisationRef | None = Field(description="The body it is a unit of.")
    website: str
    provenance: Provenance

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj)


class OrganisationDetail(OrganisationOut):
    units: list[OrganisationRef] = Field(description="Bodies that are units of this one.")
    people: list[PersonRef] = Field(description="People named as working for it.")


class PersonOut(Schema):
    id: int
    slug: str
    name: str
    position: str
    organisation: OrganisationRef | None
    provenance: Provenance

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj)


# -- Role terms -----------------------------------------------------------------------------------------


class Holder(Schema):
    name: str = Field(
        description="The name a reader expects: the member state for Chair and Shepherd, else the body or person."
    )


class RoleTermOut(Schema):
    id: int
    role: Role
    holder: Holder
    country: CountryRef | None
    member: MemberRef | None = Field(description="The member served, for a CSCO.")
    organisation: OrganisationRef | None = Field(description="The body that held or acted in the role.")
    person: PersonRef | None
    start: str | None = Field(description="As precise as the source; null when unknown (counts as in force).")
    start_precision: Precision | None
    end: str | None = Field(description="As precise as the source; null when ongoing or unknown.")
    end_precision: Precision | None
    in_force_on: date | None = Field(
        description="A day a source shows the term in force while its start is unknown; it counts from then."
    )
    decided_by: str
    note: str
    provenance: Provenance

    @staticmethod
    def resolve_holder(obj) -> dict[str, str]:
        return {"name": obj.holder_name}

    @staticmethod
    def resolve_start(obj) -> str | None:
        return _text_or_none(obj.start_date, obj.start_precision)

    @staticmethod
    def resolve_start_precision(obj) -> str | None:
        return (obj.start_precision or Precision.DAY) if obj.start_date else None

    @staticmethod
    def resolve_end(obj) -> str | None:
        return _text_or_none(obj.end_date, obj.end_precision)

    @staticmethod
    def resolve_end_precision(obj) -> str | None:
        return (obj.end_precision or Precision.DAY) if obj.end_date else None

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj)
