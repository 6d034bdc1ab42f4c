"""One filter definition per list, shared by the pages and the API.

Each filter is a ninja Schema (pydantic), so the API documents and validates it, and the pages
validate ``request.GET`` with the same class and show its messages.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from pydantic import Field

from hub.core.filters import FilterSchema
from hub.core.inputs import Day
from hub.network.models import (
    Country,
    Member,
    MemberKind,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    Role,
    RoleTerm,
)


def today() -> date:
    return timezone.localdate()


# The one filter base (hub.core.filters), by the name this app's filters (and hub.meetings') use.
_Filter = FilterSchema


class MemberFilter(_Filter):
    q: str | None = Field(None, max_length=100, description="Text in the English or local name.")
    country: str | None = Field(None, max_length=2, description="ISO 3166-1 alpha-2 code, e.g. ID.")
    kind: MemberKind | None = Field(None, description="Kind of administrative area.")
    status: MembershipStatus | None = Field(
        None, description="Status on `as_of` (today if omitted). With `as_of` and no status: `member`."
    )
    joined: int | None = Field(None, ge=2018, le=2100, description="Year the member joined.")
    as_of: Day | None = Field(None, description="The day the status refers to (YYYY-MM-DD).")

    def effective_day(self) -> date:
        return self.as_of or today()

    def effective_status(self) -> MembershipStatus | None:
        if self.status is None and self.as_of is not None:
            return MembershipStatus.MEMBER
        return self.status

    def apply(self, queryset: QuerySet[Member] | None = None) -> QuerySet[Member]:
        qs = (queryset if queryset is not None else Member.objects.all()).select_related("country")
        qs = qs.with_status(self.effective_day()).with_join()
        if self.q:
            qs = qs.filter(Q(name__icontains=self.q) | Q(local_name__icontains=self.q))
        if self.country:
            qs = qs.filter(country__code=self.country.upper())
        if self.kind:
            qs = qs.filter(kind=self.kind)
        status = self.effective_status()
        if status:
            qs = qs.filter(status_on=status)
        if self.joined:
            qs = qs.filter(joined_date__year=self.joined)
        return qs.order_by(Lower("name"), "pk")


class RoleTermFilter(_Filter):
    role: Role | None = Field(
        None, description="chair, shepherd, national_representative, csco, secretariat, nr_alternate or csco_alternate."
    )
    as_of: Day | None = Field(None, description="Only terms in force on this day (YYYY-MM-DD).")
    country: str | None = Field(None, max_length=2, description="ISO code of the country.")
    member: str | None = Field(None, max_length=80, description="Slug of the member (for CSCO terms).")

    def apply(self, queryset: QuerySet[RoleTerm] | None = None) -> QuerySet[RoleTerm]:
        qs = (queryset if queryset is not None else RoleTerm.objects.all()).with_related()
        if self.role:
            qs = qs.filter(role=self.role)
        if self.as_of:
            qs = qs.held_on(self.as_of)
        if self.country:
            qs = qs.filter(country__code=self.country.upper())
        if self.member:
            qs = qs.filter(member__slug=self.member)
        return qs.order_by("role", "start_date", "pk")


class CountryFilter(_Filter):
    q: str | None = Field(None, max_length=100)

    def apply(self, queryset: QuerySet[Country] | None = None) -> QuerySet[Country]:
        qs = queryset if queryset is not None else Country.objects.all()
        if self.q:
            qs = qs.filter(Q(name__icontains=self.q) | Q(name_id__icontains=self.q) | Q(local_name__icontains=self.q))
        return qs.order_by("name")


class OrganisationFilter(_Filter):
    q: str | None = Field(None, max_length=100)
    kind: OrganisationKind | None = None
    country: str | None = Field(None, max_length=2)

    def apply(self, queryset: QuerySet[Organisation] | None = None) -> QuerySet[Organisation]:
        qs = (queryset if queryset is not None else Organisation.objects.all()).select_related(
            "country", "member", "parent"
        )
        if self.q:
            qs = qs.filter(
                Q(name__icontains=self.q) | Q(short_name__icontains=self.q) | Q(local_name__icontains=self.q)
            )
        if self.kind:
            qs = qs.filter(kind=self.kind)
        if self.country:
            qs = qs.filter(country__code=self.country.upper())
        return qs.order_by("name", "pk")


class MembershipFilter(_Filter):
    member: str | None = Field(None, max_length=80, description="Slug of the member.")
    country: str | None = Field(None, max_length=2)
    status: MembershipStatus | None = None
    year: int | None = Field(None, ge=1900, le=2100, description="Year the event took effect.")

    def apply(self, queryset=None):
        from hub.network.models import MembershipEvent

        qs = (queryset if queryset is not None else MembershipEvent.objects.all()).select_related(
            "member", "member__country"
        )
        if self.member:
            qs = qs.filter(member__slug=self.member)
        if self.country:
            qs = qs.filter(member__country__code=self.country.upper())
        if self.status:
            qs = qs.filter(status=self.status)
        if self.year:
            qs = qs.filter(effective_date__year=self.year)
        return qs.order_by("effective_date", "member__name", "pk")
