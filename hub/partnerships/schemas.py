"""What the partnerships API answers and accepts.

Money is text with two decimals ("10000000.00"), never a JSON float; an amount in a body may be sent as
text or a number and is read as a decimal. Partial dates are text as precise as the source (2018, 2019-10).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from hub.network.schemas import CountryRef, Provenance, provenance
from hub.partnerships.money import plain

Money = str


class Ref(Schema):
    slug: str
    name: str


class MemberOut(Schema):
    slug: str
    name: str
    country: CountryRef


class ProjectRefOut(Schema):
    slug: str
    title: str
    member: str


def _members(obj) -> list[dict]:
    return [
        {"slug": m.slug, "name": m.name, "country": {"code": m.country.code, "name": m.country.name}}
        for m in obj.members.all()
    ]


def _projects(obj) -> list[dict]:
    return [{"slug": p.slug, "title": p.title, "member": p.member.slug} for p in obj.projects.all()]


class ProgrammeOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    partner_country: str
    summary: str
    start: str = Field(description="As precise as the source: YYYY, YYYY-MM or YYYY-MM-DD; empty if unknown.")
    end: str
    organisations: list[Ref]
    envelope_amount: Money | None = Field(description="What the programme states it will spend (not money received).")
    envelope_currency: str
    envelope_note: str
    members: list[MemberOut]
    projects: list[ProjectRefOut]
    website: str
    provenance: Provenance

    @staticmethod
    def resolve_start(obj) -> str:
        return obj.start_display

    @staticmethod
    def resolve_end(obj) -> str:
        return obj.end_display

    @staticmethod
    def resolve_organisations(obj) -> list[dict]:
        return [{"slug": o.slug, "name": o.name} for o in obj.organisations.all()]

    @staticmethod
    def resolve_envelope_amount(obj) -> str | None:
        return plain(obj.envelope_amount) or None

    @staticmethod
    def resolve_members(obj) -> list[dict]:
        return _members(obj)

    @staticmethod
    def resolve_projects(obj) -> list[dict]:
        return _projects(obj)

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj)


class StageTotals(Schema):
    committed: Money
    secured: Money
    disbursed: Money


def _totals(rows) -> dict[str, str]:
    from hub.partnerships.figures import stage_totals

    return {k: plain(v) for k, v in stage_totals(rows).items()}


class FinancingOut(Schema):
    id: int
    stage: str
    instrument: str
    amount: Money
    currency: str
    on_date: date
    evidence: str
    member: str | None = Field(description="Slug of the member the money is for; null: the network as a whole.")
    amount_usd: Money
    rate_units_per_usd: Money = Field(description="The stored rate used: units of the currency per USD.")
    rate_date: date
    is_demo: bool

    @staticmethod
    def resolve_amount(obj) -> str:
        return plain(obj.amount)

    @staticmethod
    def resolve_member(obj) -> str | None:
        return obj.member.slug if obj.member_id else None

    @staticmethod
    def resolve_amount_usd(obj) -> str:
        return plain(obj.amount_usd)

    @staticmethod
    def resolve_rate_units_per_usd(obj) -> str:
        return f"{obj.rate_value.normalize():f}"


class PartnershipOut(Schema):
    id: int
    slug: str
    title: str
    partner: Ref
    programme: Ref | None
    kind: str
    status: str
    start: str
    end: str
    description: str
    members: list[MemberOut]
    projects: list[ProjectRefOut]
    amount: Money | None
    currency: str
    documents: list[str]
    totals_usd: StageTotals
    financing: list[FinancingOut]
    is_demo: bool
    provenance: Provenance

    @staticmethod
    def resolve_partner(obj) -> dict:
        return {"slug": obj.partner.slug, "name": obj.partner.name}

    @staticmethod
    def resolve_programme(obj) -> dict | None:
        return {"slug": obj.programme.slug, "name": obj.programme.name} if obj.programme_id else None

    @staticmethod
    def resolve_start(obj) -> str:
        return obj.start_display

    @staticmethod
    def resolve_end(obj) -> str:
        return obj.end_display

    @staticmethod
    def resolve_members(obj) -> list[dict]:
        return _members(obj)

    @staticmethod
    def resolve_projects(obj) -> list[dict]:
        return _projects(obj)

    @staticmethod
    def resolve_amount(obj) -> str | None:
        return plain(obj.amount) or None

    @staticmethod
    def resolve_totals_usd(obj) -> dict:
        return _totals(obj.financing.all())

    @staticmethod
    def resolve_financing(obj) -> list:
        return list(obj.financing.all())

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj)


class OpportunityOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    member: MemberOut
    project: ProjectRefOut
    focus_areas: list[str]
    amount: Money
    currency: str
    amount_usd: Money = Field(description="The need in USD at the stored rate below.")
    usd_rate: Money
    usd_rate_date: date | None
    instrument: str
    stage: str
    readiness: list[str]
    readiness_note: str
    contact_name: str
    state: str
    published_at: datetime | None
    return_comment: str = Field(description="The last return's comment (shown to the member's people only).")
    is_demo: bool

    @staticmethod
    def resolve_member(obj) -> dict:
        m = obj.member
        return {"slug": m.slug, "name": m.name, "country": {"code": m.country.code, "name": m.country.name}}

    @staticmethod
    def resolve_project(obj) -> dict:
        return {"slug": obj.project.slug, "title": obj.project.title, "member": obj.member.slug}

    @staticmethod
    def resolve_focus_areas(obj) -> list[str]:
        return [fa.code for fa in obj.project.focus_areas.all()]

    @staticmethod
    def resolve_amount(obj) -> str:
        return plain(obj.amount)

    @staticmethod
    def resolve_amount_usd(obj) -> str:
        return plain(obj.amount_usd)

    @staticmethod
    def resolve_usd_rate(obj) -> str:
        return f"{obj.usd_rate.normalize():f}"


class OpportunityDetail(OpportunityOut):
    financing: list[FinancingOut]
    totals_usd: StageTotals

    @staticmethod
    def resolve_financing(obj) -> list:
        return list(obj.financing.all())

    @staticmethod
    def resolve_totals_usd(obj) -> dict:
        return _totals(obj.financing.all())


class MessageOut(Schema):
    id: int
    author: str = Field(description="Who wrote it: the author's e-mail.")
    from_partner: bool
    text: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author_label


class InterestOut(Schema):
    id: int
    opportunity: str = Field(description="Slug of the opportunity.")
    partner: Ref
    state: str
    created_at: datetime
    messages: list[MessageOut]

    @staticmethod
    def resolve_opportunity(obj) -> str:
        return obj.opportunity.slug

    @staticmethod
    def resolve_partner(obj) -> dict:
        return {"slug": obj.organisation.slug, "name": obj.organisation.name}

    @staticmethod
    def resolve_messages(obj) -> list:
        return list(obj.messages.all())


class GroupOut(Schema):
    key: str
    label: str
    committed: Money
    secured: Money
    disbursed: Money = Field(description="Realised investment: money disbursed.")


class InvestmentOut(Schema):
    group_by: str
    currency: str
    rounding: str
    groups: list[GroupOut]
    total: GroupOut


# -- Input ----------------------------------------------------------------------------------------------


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class OpportunityIn(_In):
    project: str = Field(description="Slug of the member's project the money is for.")
    title: str = Field(max_length=200)
    summary: str = Field(description="What the money is for.")
    amount: Decimal | str
    currency: str = Field(max_length=3, description="ISO 4217 code, e.g. IDR or USD.")
    instrument: str
    stage: str
    readiness: list[str] = Field(default_factory=list, description="studies, land, permits, financial_model.")
    readiness_note: str = ""
    contact_name: str = Field(max_length=120)
    contact_email: str = Field(max_length=254)


class OpportunityPatch(_In):
    title: str | None = Field(None, max_length=200)
    summary: str | None = None
    amount: Decimal | str | None = None
    currency: str | None = Field(None, max_length=3)
    instrument: str | None = None
    stage: str | None = None
    readiness: list[str] | None = None
    readiness_note: str | None = None
    contact_name: str | None = Field(None, max_length=120)
    contact_email: str | None = Field(None, max_length=254)


class ReviewIn(_In):
    action: str = Field(description="submit, publish, return or close.")
    comment: str = Field("", max_length=5000, description="Required to return.")


class MessageIn(_In):
    message: str = Field(max_length=5000)


class FinancingIn(_In):
    stage: str = Field(description="committed, secured or disbursed.")
    instrument: str
    amount: Decimal | str
    currency: str = Field(max_length=3)
    on_date: str = Field(description="The day, YYYY-MM-DD.")
    evidence: str = Field(max_length=5000)
    member: str | None = Field(None, description="For a partnership with several members: which one (slug).")


class PartnershipIn(_In):
    title: str = Field(max_length=200)
    partner: str = Field(description="Slug of the partner organisation.")
    programme: str | None = Field(None, description="Slug of a programme.")
    kind: str
    status: str = "active"
    description: str = ""
    start: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD.")
    end: str | None = None
    amount: Decimal | str | None = None
    currency: str | None = Field(None, max_length=3)
    documents: list[str] = Field(default_factory=list)
    members: list[str] = Field(default_factory=list, description="Slugs of members.")
    projects: list[str] = Field(default_factory=list, description="Slugs of projects.")
    sources: list[str] = Field(default_factory=list)


class PartnershipPatch(_In):
    title: str | None = Field(None, max_length=200)
    programme: str | None = None
    kind: str | None = None
    status: str | None = None
    description: str | None = None
    start: str | None = None
    end: str | None = None
    amount: Decimal | str | None = None
    currency: str | None = Field(None, max_length=3)
    documents: list[str] | None = None
    members: list[str] | None = None
    projects: list[str] | None = None
