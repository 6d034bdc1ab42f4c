"""One filter per list, shared by the pages, their CSV/XLSX downloads and the API (ninja Schemas: the API
documents and validates them as query parameters, the pages validate ``request.GET`` with them)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from pydantic import Field, field_validator

from hub.core.filters import FilterSchema
from hub.partnerships.choices import Instrument
from hub.partnerships.figures import GROUPINGS
from hub.partnerships.models import (
    Financing,
    FinancingStage,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    Programme,
)
from hub.partnerships.models_opportunities import Opportunity, OpportunityStage, OpportunityState

# The one filter base (hub.core.filters); NUL never reaches a filter (hub.core.guard refuses the request).
_Filter = FilterSchema


class ProgrammeFilter(_Filter):
    q: str | None = Field(None, max_length=100, description="Text in the name or summary, e.g. `Japan`.")
    organisation: str | None = Field(None, max_length=80, description="Slug of an organisation, e.g. adb.")

    def apply(self, queryset: QuerySet[Programme] | None = None) -> QuerySet[Programme]:
        qs = (queryset if queryset is not None else Programme.objects.all()).with_related()
        if self.q:
            text = self.q.strip()
            qs = qs.filter(
                Q(name__icontains=text)
                | Q(short_name__icontains=text)
                | Q(summary__icontains=text)
                | Q(partner_country__icontains=text)
            )
        if self.organisation:
            qs = qs.filter(
                pk__in=Programme.organisations.through.objects.filter(organisation__slug=self.organisation).values(
                    "programme_id"
                )
            )
        return qs.order_by(Lower("name"), "pk")


class PartnershipFilter(_Filter):
    q: str | None = Field(None, max_length=100, description="Text in the title or description.")
    country: str | None = Field(None, max_length=2, description="ISO code of a member's country, e.g. ID.")
    member: str | None = Field(None, max_length=80, description="Slug of a member, e.g. banyuwangi.")
    partner: str | None = Field(None, max_length=80, description="Slug of the partner organisation, e.g. mlit.")
    programme: str | None = Field(None, max_length=80, description="Slug of a programme, e.g. smart-jamp.")
    kind: PartnershipKind | None = Field(None, description="twinning, technical_assistance, feasibility_study, ...")
    status: PartnershipStatus | None = Field(None, description="proposed, active, completed or ended.")

    def apply(self, queryset: QuerySet[Partnership] | None = None) -> QuerySet[Partnership]:
        qs = (queryset if queryset is not None else Partnership.objects.all()).with_related()
        links = Partnership.members.through.objects
        if self.q:
            text = self.q.strip()
            qs = qs.filter(Q(title__icontains=text) | Q(description__icontains=text))
        if self.country:
            qs = qs.filter(pk__in=links.filter(member__country__code=self.country.upper()).values("partnership_id"))
        if self.member:
            qs = qs.filter(pk__in=links.filter(member__slug=self.member).values("partnership_id"))
        if self.partner:
            qs = qs.filter(partner__slug=self.partner)
        if self.programme:
            qs = qs.filter(programme__slug=self.programme)
        if self.kind:
            qs = qs.filter(kind=self.kind)
        if self.status:
            qs = qs.filter(status=self.status)
        return qs.order_by(Lower("title"), "pk")


class OpportunityFilter(_Filter):
    q: str | None = Field(None, max_length=100, description="Text in the title or summary.")
    country: str | None = Field(None, max_length=2, description="ISO code of the member's country, e.g. ID.")
    member: str | None = Field(None, max_length=80, description="Slug of the member, e.g. sumedang.")
    focus_area: str | None = Field(None, max_length=40, description="Code of the project's focus area.")
    instrument: Instrument | None = Field(
        None, description="grant, concessional_loan, loan, ppp, equity, bond, in_kind."
    )
    stage: OpportunityStage | None = Field(None, description="concept, pre_feasibility, feasibility, structuring, ...")
    min_usd: Decimal | None = Field(None, ge=0, le=Decimal("1e13"), description="Smallest need, in USD.")
    max_usd: Decimal | None = Field(None, ge=0, le=Decimal("1e13"), description="Largest need, in USD.")
    state: OpportunityState | None = Field(
        None, description="draft, submitted, published or closed (drafts only for those who may see them)."
    )

    def apply(self, queryset: QuerySet[Opportunity] | None = None) -> QuerySet[Opportunity]:
        qs = (queryset if queryset is not None else Opportunity.objects.published()).with_related()
        if self.q:
            text = self.q.strip()
            qs = qs.filter(Q(title__icontains=text) | Q(summary__icontains=text))
        if self.country:
            qs = qs.filter(member__country__code=self.country.upper())
        if self.member:
            qs = qs.filter(member__slug=self.member)
        if self.focus_area:
            from hub.projects.models import Project

            links = Project.focus_areas.through.objects.filter(focusarea__code=self.focus_area)
            qs = qs.filter(project_id__in=links.values("project_id"))
        if self.instrument:
            qs = qs.filter(instrument=self.instrument)
        if self.stage:
            qs = qs.filter(stage=self.stage)
        if self.min_usd is not None:
            qs = qs.filter(amount_usd__gte=self.min_usd)
        if self.max_usd is not None:
            qs = qs.filter(amount_usd__lte=self.max_usd)
        if self.state:
            qs = qs.filter(state=self.state)
        return qs.order_by(Lower("title"), "pk")


class InvestmentFilter(_Filter):
    group_by: str = Field("country", description=f"One of: {', '.join(GROUPINGS)}.")
    currency: str = Field("USD", description="The reporting currency: USD (the only one).")
    country: str | None = Field(None, max_length=2, description="Only this country's members (ISO code).")
    member: str | None = Field(None, max_length=80, description="Only this member (slug).")
    year: int | None = Field(None, ge=1990, le=2100, description="Only money of this calendar year.")
    instrument: Instrument | None = Field(None, description="Only this instrument.")
    stage: FinancingStage | None = Field(None, description="Only committed, secured or disbursed.")

    @field_validator("group_by")
    @classmethod
    def _grouping(cls, value: str) -> str:
        if value not in GROUPINGS:
            raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}")
        return value

    @field_validator("currency")
    @classmethod
    def _usd_only(cls, value: str) -> str:
        if value.upper() != "USD":
            raise ValueError("figures are reported in USD only (currency=USD)")
        return "USD"

    def apply(self, queryset: QuerySet[Financing] | None = None) -> QuerySet[Financing]:
        qs = queryset if queryset is not None else Financing.objects.all()
        if self.country:
            qs = qs.filter(member__country__code=self.country.upper())
        if self.member:
            qs = qs.filter(member__slug=self.member)
        if self.year:
            qs = qs.filter(on_date__year=self.year)
        if self.instrument:
            qs = qs.filter(instrument=self.instrument)
        if self.stage:
            qs = qs.filter(stage=self.stage)
        return qs
