"""What the projects API answers and accepts.

Output follows the registry's conventions (hub.network.schemas): partial dates as text as precise as
the source plus their precision, provenance as one object. A project's ``status`` is its public status:
the one its latest accepted progress update gives (with its ``progress`` and cycle), else the catalogue's
(Project.objects.with_public_progress(); the API's querysets carry its annotations).

Input bodies are ``WriteSchema`` subclasses: unknown fields are a 422, PATCH bodies change only the
fields sent, a member or organisation is named by its id or slug, a focus area by its code.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from ninja import Field, Schema

from hub.core.api import RowSchema, slug_page_url
from hub.core.dates import Precision, format_partial
from hub.network.models import Member, Organisation
from hub.network.schemas import (
    CountryRef,
    OrganisationRef,
    PartialDateText,
    Provenance,
    ProvenanceIn,
    partial_schema,
    provenance,
)
from hub.projects.models import Direction, Language, Project, ProjectStatus
from hub.projects.periods import parse_period


def _number(value: Decimal | None) -> float | int | None:
    """A stored decimal as JSON: whole numbers as integers (4685, not 4685.0)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# -- Output ---------------------------------------------------------------------------------------------


class FocusAreaOut(Schema):
    code: str = Field(description="e.g. civic-social, health-well-being.")
    name: str = Field(description="The ASCF name, e.g. Civic & Social.")


class ProjectMember(Schema):
    id: int
    slug: str
    name: str
    country: CountryRef


class ProjectRef(Schema):
    id: int
    slug: str
    title: str


class Link(Schema):
    url: str
    label: str = ""


class ProjectOut(RowSchema):  # read for every row of the list (hub.core.api.RowSchema)
    id: int
    slug: str
    title: str
    local_title: str = Field(description="The title in the local language, where it differs.")
    member: ProjectMember
    focus_areas: list[FocusAreaOut] = Field(description="One or more of the six ASCF focus areas.")
    status: ProjectStatus = Field(
        description="The public status: from the project's latest accepted progress update, else the catalogue's "
        "(see `status_source`)."
    )
    progress: int | None = Field(
        description="Progress in % from the latest accepted progress update; null until an update is accepted."
    )
    status_source: Literal["update", "catalogue"] = Field(
        description="`update`: status and progress come from the accepted progress update of `status_cycle`; "
        "`catalogue`: no update is accepted yet, the status is the one recorded in the catalogue."
    )
    status_cycle: str | None = Field(
        description="Slug of the reporting cycle of that update (e.g. 2024-2025); null for `catalogue`."
    )
    catalogue_status: ProjectStatus = Field(
        description="The status recorded in the catalogue (what `POST` and `PATCH` write), whatever the updates say."
    )
    start: str | None = Field(description="As precise as the source: 2020, 2020-01 or 2020-01-15; null if unknown.")
    start_precision: Precision | None
    end: str | None = Field(description="As precise as the source; null while ongoing or unknown.")
    end_precision: Precision | None
    language: Language = Field(description="Language of summary and description.")
    summary: str
    is_demo: bool = Field(description="Made-up demonstration data, never real.")
    version: int = Field(description="Raised by every change; the ETag carries it.")
    url: str = Field(description="The project's page.")
    provenance: Provenance

    @staticmethod
    def resolve_focus_areas(obj) -> list:
        return list(obj.focus_areas.all())

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.public_status

    @staticmethod
    def resolve_progress(obj) -> int | None:
        return obj.public_progress

    @staticmethod
    def resolve_status_source(obj) -> str:
        return "update" if obj.public_cycle else "catalogue"

    @staticmethod
    def resolve_status_cycle(obj) -> str | None:
        return obj.public_cycle or None

    @staticmethod
    def resolve_catalogue_status(obj) -> str:
        return obj.status

    @staticmethod
    def resolve_start(obj) -> str | None:
        return format_partial(obj.start_date, obj.start_precision) or None

    @staticmethod
    def resolve_start_precision(obj) -> str | None:
        return obj.start_precision or None

    @staticmethod
    def resolve_end(obj) -> str | None:
        return format_partial(obj.end_date, obj.end_precision) or None

    @staticmethod
    def resolve_end_precision(obj) -> str | None:
        return obj.end_precision or None

    @staticmethod
    def resolve_url(obj, context) -> str:
        return slug_page_url(context, "projects:project", obj.slug)  # = obj.get_absolute_url(), made absolute

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj)


# The columns ProjectOut reads (with the public_* annotations): lists load only these, not the description,
# funding, links nor the member's and country's own sources (JSON decoded per row). Keep in step with the fields
# above: a missing one costs a query per row, which tests/api/test_query_counts.py catches.
PROJECT_OUT_COLUMNS = (
    *("slug", "title", "local_title", "status", "language", "summary", "is_demo", "version"),
    *("start_date", "start_precision", "end_date", "end_precision"),
    *("sources", "confidence", "source_note", "alternatives"),
    *("member", "member__slug", "member__name", "member__country", "member__country__code", "member__country__name"),
)


class IndicatorValueOut(Schema):
    id: int
    period: str = Field(description='As the source gives it: "2019", "2022-12", "2022-01/2022-06", "undated (…)".')
    period_start: date | None = Field(description="First day of the period; null for an undated figure.")
    period_end: date | None = Field(description="Last day of the period; null for an undated figure.")
    undated: bool = Field(description="The source gives no date for this figure (see `note`).")
    bounds: list[date] | None = Field(
        description="For an undated figure, the first and last day it could be from (never its date)."
    )
    value: float | int
    note: str
    provenance: Provenance

    @staticmethod
    def resolve_period(obj) -> str:
        return obj.period_label

    @staticmethod
    def resolve_period_start(obj) -> date | None:
        return None if obj.undated else obj.period_start

    @staticmethod
    def resolve_period_end(obj) -> date | None:
        return None if obj.undated else obj.period_end

    @staticmethod
    def resolve_bounds(obj) -> list[date] | None:
        return [obj.period_start, obj.period_end] if obj.undated else None

    @staticmethod
    def resolve_value(obj) -> float | int:
        return _number(obj.value)

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj)


class IndicatorOut(Schema):
    id: int
    project: ProjectRef
    name: str
    unit: str
    direction: Direction
    description: str
    baseline: float | int | None
    baseline_period: str
    target: float | int | None
    target_period: str
    version: int
    values: list[IndicatorValueOut] = Field(description="Oldest first.")
    provenance: Provenance

    @staticmethod
    def resolve_baseline(obj) -> float | int | None:
        return _number(obj.baseline)

    @staticmethod
    def resolve_target(obj) -> float | int | None:
        return _number(obj.target)

    @staticmethod
    def resolve_values(obj) -> list:
        return list(obj.values.all())

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj)


class ReportEntryOut(Schema):
    report_year: int = Field(description="The year of the published ASCN M&E report that lists the project.")
    appendix: str = Field(description="A (ongoing and planning) or B (completed); empty for a single list.")
    row: int = Field(description="The row's number as the report prints it.")
    citation: str = Field(description='E.g. "ASCN M&E Report 2025, Appendix A, No. 24".')
    title: str = Field(description="The project's title as that report prints it.")
    focus_area: str = Field(description="The focus area code that report gives.")
    status: str = Field(description="listed (no status per project), ongoing_or_planning or completed.")
    match: str = Field(description="How the row was matched to this project: new, exact, normalised or judged.")
    confidence: str = Field(description="The confidence of that match.")
    note: str = Field(description="Why a judged match was made.")

    @staticmethod
    def resolve_focus_area(obj) -> str:
        return obj.focus_area.code

    @staticmethod
    def resolve_note(obj) -> str:
        return obj.source_note


class ProjectDetail(ProjectOut):
    description: str
    partners: list[OrganisationRef] = Field(description="Partner organisations in the registry.")
    partners_text: str = Field(description="Other partners, as text.")
    funding: str
    links: list[Link]
    sdgs: list[int] = Field(description="Sustainable Development Goals the project serves (1–17).")
    indicators: list[IndicatorOut] = Field(description="With their values over time.")
    reports: list[ReportEntryOut] = Field(description="Its rows in the published ASCN M&E reports, by year.")

    @staticmethod
    def resolve_reports(obj) -> list:
        return list(obj.report_entries.all())

    @staticmethod
    def resolve_partners(obj) -> list:
        return list(obj.partners.all())

    @staticmethod
    def resolve_indicators(obj) -> list:
        return list(obj.indicators.all())


# -- Input ----------------------------------------------------------------------------------------------

Ref = Annotated[int | str, Field(description="The record's `id` (number) or its slug (text).")]


def _by_id_or_slug(model: type[models.Model]):
    def resolve(ref: int | str):
        lookup = {"pk": ref} if isinstance(ref, int) else {"slug": ref}
        found = model._default_manager.filter(**lookup).first()
        if found is None:
            kind = "id" if isinstance(ref, int) else "slug"
            raise ValueError(f"No {model._meta.verbose_name} has the {kind} '{ref}'.")
        return found

    return resolve


class LinkIn(Schema):
    url: str = Field(max_length=500, description="A web address (http or https).")
    label: str = Field("", max_length=200)


class ProjectIn(ProvenanceIn):
    """A project of a member. Officers of the member, its country's National Representative and the
    Secretariat may create and edit it."""

    references: ClassVar = {"member": _by_id_or_slug(Member)}
    partial_dates: ClassVar = {"start": ("start_date", "start_precision"), "end": ("end_date", "end_precision")}
    # Many-to-many: not model fields, the services take them apart.
    relations: ClassVar = frozenset({"focus_areas", "partners"})

    slug: str | None = Field(None, max_length=120, description="Made from the title when omitted.")
    member: Ref
    title: str = Field(min_length=1, max_length=200)
    local_title: str = Field("", max_length=200)
    summary: str = Field("", max_length=5000)
    description: str = Field("", max_length=50000)
    language: Language = Field(Language.EN, description="Language of summary and description.")
    focus_areas: list[str] = Field(
        min_length=1, description='Codes of one or more ASCF focus areas, e.g. ["civic-social"].'
    )
    status: ProjectStatus = Field(
        ProjectStatus.PLANNING,
        description="The status recorded in the catalogue; once a progress update of the project is accepted, the "
        "public `status` is that update's.",
    )
    start: PartialDateText | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD; null when unknown.")
    end: PartialDateText | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD; null while ongoing.")
    partners: list[Ref] = Field(default_factory=list, description="Partner organisations (id or slug).")
    partners_text: str = Field("", max_length=5000, description="Other partners, as text.")
    funding: str = Field("", max_length=5000)
    links: list[LinkIn] = Field(default_factory=list)
    sdgs: list[Annotated[int, Field(ge=1, le=17)]] = Field(default_factory=list)

    def model_data(self, *, partial: bool) -> dict[str, Any]:
        data = super().model_data(partial=partial)
        for name in self.relations:
            data.pop(name, None)
        if "links" in data:
            data["links"] = [link.model_dump() for link in data["links"] or []]
        for name in ("summary", "description", "local_title", "partners_text", "funding"):
            if name in data and data[name] is None:
                data[name] = ""
        return data

    def focus_area_codes(self) -> list[str] | None:
        return list(self.focus_areas) if self.focus_areas is not None else None

    def partner_records(self) -> list[Organisation] | None:
        """The partner organisations named; ValidationError on ``partners`` for one that does not exist."""
        if self.partners is None:
            return None
        resolve = _by_id_or_slug(Organisation)
        found, errors = [], []
        for ref in self.partners:
            try:
                found.append(resolve(ref))
            except ValueError as exc:
                errors.append(str(exc))
        if errors:
            raise DjangoValidationError({"partners": errors})
        return found


ProjectPatch = partial_schema(ProjectIn, "ProjectPatch")


class IndicatorIn(ProvenanceIn):
    """An indicator of a project: what is measured, in which unit, and which way is better."""

    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(min_length=1, max_length=60, description='e.g. "patients", "%", "homestays".')
    direction: Direction = Direction.HIGHER
    description: str = Field("", max_length=5000)
    baseline: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    baseline_period: str = Field("", max_length=40)
    target: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    target_period: str = Field("", max_length=40)


class IndicatorCreate(IndicatorIn):
    references: ClassVar = {"project": _by_id_or_slug(Project)}

    project: Ref = Field(description="The project (id or slug).")


IndicatorPatch = partial_schema(IndicatorIn, "IndicatorPatch")


class IndicatorValueIn(ProvenanceIn):
    """One value of an indicator for a period, with its source."""

    period: str = Field(
        max_length=60,
        description='"2019", "2022-12", "2022-06-30", "2022-01/2022-06", or "undated 2022-12/2024-10" for a '
        "figure the source does not date (the span bounds it).",
    )
    label: str = Field("", max_length=40, description="How to show the period, if not as written.")
    value: Decimal = Field(max_digits=18, decimal_places=4)
    note: str = Field("", max_length=5000)

    @classmethod
    def input_field(cls, model_field: str) -> str | None:
        if model_field in {"period_start", "period_end", "period_label", "undated"}:
            return "period"
        return super().input_field(model_field)

    def model_data(self, *, partial: bool) -> dict[str, Any]:
        data = super().model_data(partial=partial)
        period_text = data.pop("period", None)
        label = data.pop("label", None) or ""
        if period_text is not None:
            try:
                data.update(parse_period(period_text, label=label).fields())
            except ValueError as exc:
                raise DjangoValidationError({"period": [str(exc)]}) from exc
        elif label:
            data["period_label"] = label
        if "note" in data and data["note"] is None:
            data["note"] = ""
        return data


IndicatorValuePatch = partial_schema(IndicatorValueIn, "IndicatorValuePatch")
