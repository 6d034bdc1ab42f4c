"""What the registry's write endpoints accept: the bodies of POST and PATCH, and how they become the
values hub.network.services writes (``WriteSchema.model_data``).

``Alternative`` lives here, not with the output schemas, because a write sends the same shape that a read
answers; hub.network.schemas imports it (and re-exports every name here), so this module needs nothing
from it.
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

from hub.core.dates import PartialDate
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


# A reading that another source gives: sent in writes, answered in reads (hub.network.schemas.Provenance).
class Alternative(Schema):
    reading: str = Field(description="What another source says.")
    sources: list[str] = Field(default_factory=list, description="Addresses of the sources of this reading.")
    note: str = Field("", description="Why the readings differ, where known.")


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
    # input fields that steer the write and are not stored (e.g. `end_previous`)
    not_stored: ClassVar[frozenset[str]] = frozenset()

    def model_data(self, *, partial: bool) -> dict[str, Any]:
        """The model values for the fields sent (PATCH) or for all fields (POST).

        Raises django's ValidationError keyed by input field for a reference to nothing.
        """
        names = (self.model_fields_set if partial else set(type(self).model_fields)) - self.not_stored
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


class RoleTermFields(ProvenanceIn):
    """A term in a governance role. Chair and Shepherd name a country; a National Representative its
    country and body; a CSCO its member; the Secretariat its organisation. One Chair, one Shepherd and one
    National Representative per country on any day: a term that overlaps another of its seat is a 422."""

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
    in_force_on: date | None = Field(
        None,
        description="A day a source shows the term in force while its start is unknown (e.g. a list 'as of' that "
        "day): with no start, the term counts from this day, no earlier.",
    )
    decided_by: str = Field("", max_length=300)
    note: str = Field("", max_length=5000)


class RoleTermIn(RoleTermFields):
    """A new term in a governance role: the fields of a term, and whether it may end the term in force on its
    start (`end_previous`). One Chair, one Shepherd and one National Representative per country on any day."""

    not_stored: ClassVar = frozenset({"end_previous"})

    end_previous: bool = Field(
        True,
        description="When the new Chair, Shepherd or National Representative term starts while another term of "
        "its seat is in force (begun earlier, open-ended or ending later), end that term with the period just "
        "before the new start (the day, month or year before, at the start's precision), in the same write. "
        "false: refuse such a term instead (422 on `start`, naming the term it overlaps).",
    )


RoleTermPatch = partial_schema(RoleTermFields, "RoleTermPatch")


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
