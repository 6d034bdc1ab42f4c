"""What the API answers and accepts: output schemas of the registry, and the bodies of its writes.

Partial dates travel as three fields: the text as precise as the source (``2024``, ``2024-06`` or
``2024-06-25``), its precision, and the first day of the period (ISO) for sorting and comparing.
Resolvers read only what the list querysets select (``select_related`` and annotations), so no item
costs a query of its own.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, ClassVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.text import slugify
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, WithJsonSchema, create_model

from hub.core.dates import PartialDate, Precision, format_partial
from hub.core.models import Confidence
from hub.network.models import (
    Country,
    Member,
    MemberKind,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    Person,
    Role,
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


class Alternative(Schema):
    reading: str = Field(description="What another source says.")
    sources: list[str] = Field(default_factory=list, description="Addresses of the sources of this reading.")
    note: str = Field("", description="Why the readings differ, where known.")


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


class Message(Schema):
    detail: str = Field(description='What went wrong, e.g. "Not Found".')


class ValidationErrorItem(Schema):
    type: str
    loc: list[str | int] = Field(description='Where the bad value is, e.g. ["query", "as_of"].')
    msg: str


class ValidationErrorOut(Schema):
    detail: list[ValidationErrorItem]


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
    decided_by: str = Field(description="The meeting or act that decided it, where known.")
    provenance: Provenance

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


class MemberOut(Schema):
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
        return _page_url(obj, context)


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


# == Input: what the write endpoints accept ================================================================
#
# Conventions (also in the API description of each write):
# - PATCH bodies are partial: only the fields sent change; a field sent as null clears it where the
#   field may be empty, and is a 422 where it may not.
# - Unknown fields are a 422 (a typo must not be silently ignored).
# - References: a country by its ISO code ("ID"); a member, organisation or person by its `id` (number)
#   or its slug (text).
# - Partial dates are text as precise as the source: "2024", "2024-06" or "2024-06-25".
# - Provenance travels flat: `sources`, `confidence`, `source_note`, `alternatives`.


def _parse_partial(value: str) -> PartialDate:
    return PartialDate.parse(value)  # its ValueError becomes a 422 naming the field


PartialDateText = Annotated[
    str,
    AfterValidator(_parse_partial),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "examples": ["2024-06"]}),
]

Ref = Annotated[int | str, Field(description="The record's `id` (number) or its slug (text).")]
CountryCode = Annotated[str, Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2 code, e.g. ID.")]


def _country(code: str) -> Country:
    found = Country.objects.filter(code__iexact=code).first()
    if found is None:
        raise ValueError(f"No country has the ISO code '{code}'.")
    return found


def _by_id_or_slug(model: type[models.Model]):
    def resolve(ref: int | str):
        lookup = {"pk": ref} if isinstance(ref, int) else {"slug": ref}
        found = model._default_manager.filter(**lookup).first()
        if found is None:
            raise ValueError(
                f"No {model._meta.verbose_name} has the {'id' if isinstance(ref, int) else 'slug'} '{ref}'."
            )
        return found

    return resolve


class WriteSchema(Schema):
    """An input body. ``model_data()`` turns the fields sent into the values the service writes."""

    model_config = ConfigDict(extra="forbid")

    # input field -> function giving the referenced record (ValueError when there is none)
    references: ClassVar[dict[str, Any]] = {}
    # input field -> (date field, precision field) of the model
    partial_dates: ClassVar[dict[str, tuple[str, str]]] = {}
    # input fields stored as DecimalField(decimal_places=5)
    coordinates: ClassVar[frozenset[str]] = frozenset()
    # slug made from `name` when a create omits it
    slug_from_name: ClassVar[bool] = False

    def model_data(self, *, partial: bool) -> dict[str, Any]:
        """The model values for the fields sent (PATCH) or for all fields (POST).

        Raises django's ValidationError keyed by input field for a reference to nothing.
        """
        names = self.model_fields_set if partial else set(type(self).model_fields)
        data: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name in sorted(names):
            value = getattr(self, name)
            if name in self.partial_dates:
                day_field, precision_field = self.partial_dates[name]
                data[day_field] = value.first_day if value is not None else None
                data[precision_field] = value.precision if value is not None else ""
            elif name in self.references and value is not None:
                try:
                    data[name] = self.references[name](value)
                except ValueError as exc:
                    errors[name] = str(exc)
            elif name in self.coordinates and value is not None:
                data[name] = Decimal(str(value)).quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP)
            elif name == "alternatives":
                data[name] = [item.model_dump() for item in value]
            elif name == "slug" and value is None:
                if self.slug_from_name and not partial:
                    data[name] = slugify(getattr(self, "name", "") or "")[:80]
            else:
                data[name] = value
        if errors:
            raise DjangoValidationError(errors)
        return data

    @classmethod
    def input_field(cls, model_field: str) -> str | None:
        """The input field a model field's error belongs to (None: the body as a whole)."""
        if model_field == NON_FIELD_ERRORS:
            return None
        for name, fields in cls.partial_dates.items():
            if model_field in fields:
                return name
        return model_field


def partial_schema(create: type[WriteSchema], name: str) -> type[WriteSchema]:
    """The PATCH body of a POST body: the same fields, none required, none with a default."""
    fields = {}
    for field_name, info in create.model_fields.items():
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        fields[field_name] = (annotation, Field(None, description=info.description))
    doc = f"Partial update: only the fields sent change. {create.__doc__ or ''}".strip()
    return create_model(name, __base__=create, __doc__=doc, **fields)


class ProvenanceIn(WriteSchema):
    sources: list[Annotated[str, Field(max_length=500)]] = Field(
        default_factory=list, description="Addresses of the sources of this reading."
    )
    confidence: Confidence = Field(Confidence.MEDIUM, description="high, medium or low.")
    source_note: str = Field("", max_length=2000, description="Free text on the sources.")
    alternatives: list[Alternative] = Field(
        default_factory=list, description="Readings that other sources give where they disagree."
    )


class MemberIn(ProvenanceIn):
    """A member or candidate. Its membership history is written through /memberships."""

    references: ClassVar = {"country": _country}
    coordinates: ClassVar = frozenset({"latitude", "longitude"})
    slug_from_name: ClassVar = True

    slug: str | None = Field(None, max_length=80, description="Made from the name when omitted.")
    name: str = Field(max_length=120, description="English name.")
    local_name: str = Field("", max_length=160)
    kind: MemberKind = MemberKind.CITY
    country: CountryCode
    latitude: float | None = Field(None, ge=-90, le=90, description="Degrees, rounded to 5 decimals (about 1 m).")
    longitude: float | None = Field(None, ge=-180, le=180, description="Degrees, rounded to 5 decimals.")
    website: str = Field("", max_length=200)
    summary: str = Field("", max_length=5000)


MemberPatch = partial_schema(MemberIn, "MemberPatch")


class MembershipIn(ProvenanceIn):
    """A change of a member's status: candidate, member (admitted) or withdrawn."""

    references: ClassVar = {"member": _by_id_or_slug(Member)}
    partial_dates: ClassVar = {"effective": ("effective_date", "effective_date_precision")}

    member: Ref
    status: MembershipStatus
    effective: PartialDateText = Field(description="When it took effect: YYYY, YYYY-MM or YYYY-MM-DD.")
    decided_by: str = Field("", max_length=300, description="The meeting or act that decided it.")


MembershipPatch = partial_schema(MembershipIn, "MembershipPatch")


class OrganisationIn(ProvenanceIn):
    """A ministry, local government, the Secretariat, a partner or another body."""

    references: ClassVar = {
        "country": _country,
        "member": _by_id_or_slug(Member),
        "parent": _by_id_or_slug(Organisation),
    }
    slug_from_name: ClassVar = True

    slug: str | None = Field(None, max_length=80, description="Made from the name when omitted.")
    name: str = Field(max_length=200)
    short_name: str = Field("", max_length=60)
    local_name: str = Field("", max_length=200)
    kind: OrganisationKind
    country: CountryCode | None = None
    member: Ref | None = Field(None, description="The member it governs, for a local government (id or slug).")
    parent: Ref | None = Field(None, description="The body it is a unit of (id or slug).")
    website: str = Field("", max_length=200)


OrganisationPatch = partial_schema(OrganisationIn, "OrganisationPatch")


class PersonIn(ProvenanceIn):
    """A person named by sources."""

    references: ClassVar = {"organisation": _by_id_or_slug(Organisation)}
    slug_from_name: ClassVar = True

    slug: str | None = Field(None, max_length=80, description="Made from the name when omitted.")
    name: str = Field(max_length=160)
    position: str = Field("", max_length=200)
    organisation: Ref | None = Field(None, description="Who the person works for (id or slug).")


PersonPatch = partial_schema(PersonIn, "PersonPatch")


class RoleTermIn(ProvenanceIn):
    """A term in a governance role. Chair and Shepherd name a country; a National Representative its
    country and body; a CSCO its member; the Secretariat its organisation."""

    references: ClassVar = {
        "country": _country,
        "member": _by_id_or_slug(Member),
        "organisation": _by_id_or_slug(Organisation),
        "person": _by_id_or_slug(Person),
    }
    partial_dates: ClassVar = {"start": ("start_date", "start_precision"), "end": ("end_date", "end_precision")}

    role: Role
    country: CountryCode | None = None
    member: Ref | None = Field(None, description="The member served, for a CSCO (id or slug).")
    organisation: Ref | None = Field(None, description="The body that holds or acts in the role (id or slug).")
    person: Ref | None = Field(None, description="id or slug.")
    start: PartialDateText | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD; null when unknown.")
    end: PartialDateText | None = Field(
        None, description="YYYY, YYYY-MM or YYYY-MM-DD; null while ongoing. A year or month lasts to its last day."
    )
    decided_by: str = Field("", max_length=300)
    note: str = Field("", max_length=5000)


RoleTermPatch = partial_schema(RoleTermIn, "RoleTermPatch")


class CountryPatch(ProvenanceIn):
    """Partial update of a country: only the fields sent change. The ISO code cannot change."""

    partial_dates: ClassVar = {"asean_joined": ("asean_joined", "asean_joined_precision")}

    name: str = Field(None, max_length=80)
    local_name: str = Field(None, max_length=120)
    asean_joined: PartialDateText | None = Field(None, description="When it joined ASEAN: YYYY, YYYY-MM or YYYY-MM-DD.")
    sources: list[Annotated[str, Field(max_length=500)]] = Field(None)
    confidence: Confidence = Field(None, description="high, medium or low.")
    source_note: str = Field(None, max_length=2000)
    alternatives: list[Alternative] = Field(None)
