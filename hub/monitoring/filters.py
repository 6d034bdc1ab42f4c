"""One filter definition per list of monitoring & evaluation, shared by the pages and the API."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Lower
from pydantic import Field

from hub.core.filters import FilterSchema
from hub.monitoring.models import (
    REWORK_ACTIONS,
    ProgressUpdate,
    ReportingCycle,
    ReviewStep,
    UpdateState,
    UpdateValue,
)
from hub.network.models import Country

# The one filter base (hub.core.filters), by the name this app's filters (and hub.meetings') use.
_Filter = FilterSchema


class UpdateFilter(_Filter):
    cycle: str | None = Field(None, max_length=20, description="Slug of the reporting cycle, e.g. 2024-2025.")
    project: str | None = Field(None, max_length=120, description="Slug (or id) of the project.")
    member: str | None = Field(None, max_length=80, description="Slug of the member.")
    country: str | None = Field(None, max_length=2, description="ISO 3166-1 alpha-2 code of the country, e.g. ID.")
    state: UpdateState | None = Field(
        None, description="draft, submitted, endorsed or accepted. The public sees only accepted updates."
    )

    def apply(self, user, queryset: QuerySet[ProgressUpdate] | None = None) -> QuerySet[ProgressUpdate]:
        """The updates ``user`` may see that match, newest cycle first, then by country, member and project."""
        qs = (queryset if queryset is not None else ProgressUpdate.objects.all()).visible_to(user).with_related()
        returned = ReviewStep.objects.filter(update=OuterRef("pk"), action__in=REWORK_ACTIONS)
        qs = qs.annotate(was_returned=Exists(returned)).prefetch_related(
            Prefetch(
                "values", queryset=UpdateValue.objects.select_related("indicator").order_by("indicator__name", "pk")
            )
        )
        if self.cycle:
            # The cycle's id as a scalar subquery: the database then walks that cycle's part of the order's
            # index (update_list_cycle_order) instead of sorting the cycle's updates after a join.
            cycle = ReportingCycle.objects.filter(slug=self.cycle.replace("–", "-")).order_by().values("pk")[:1]
            qs = qs.filter(cycle_id=Subquery(cycle))
        if self.project:
            qs = (
                qs.filter(project__pk=int(self.project))
                if self.project.isdigit()
                else qs.filter(project__slug=self.project)
            )
        if self.member:
            qs = qs.filter(project__member__slug=self.member)
        if self.country:
            code = self.country.upper()
            # The country's copied name too (the same rows: each update's copy is its country's name): the
            # database then reads that country's part of the order's index (update_list_country_order).
            name = Country.objects.filter(code=code).order_by().values(name_lower=Lower("name"))[:1]
            qs = qs.filter(project__member__country__code=code, order_country=Subquery(name))
        if self.state:
            qs = qs.filter(state=self.state)
        # Newest cycle first, then by country, member and project (names in lower case, as the database
        # lower-cases them): the copies each update keeps of them (hub.monitoring.update_order), read from one
        # index. Within one cycle its first day is the same for every row and is left out of the order.
        order = ("order_country", "order_member", "order_title", "pk")
        return qs.order_by(*order) if self.cycle else qs.order_by("-order_start", *order)


class LateFilter(_Filter):
    cycle: str | None = Field(
        None, max_length=20, description="Slug of the reporting cycle (default: the current one)."
    )
    country: str | None = Field(None, max_length=2, description="ISO code of the country.")
