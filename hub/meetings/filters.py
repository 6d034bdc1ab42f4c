"""One filter definition per list, shared by the meeting pages and the API (ninja Schemas)."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from pydantic import Field

from hub.core.inputs import Day, Id
from hub.meetings.models import (
    OPEN_STATUSES,
    ActionStatus,
    Meeting,
    MeetingKind,
    Outcome,
)
from hub.network.filters import _Filter, today


class MeetingFilter(_Filter):
    q: str | None = Field(None, max_length=100, description="Text in the title, venue or city.")
    kind: MeetingKind | None = Field(None, description="annual, coordination, workshop or partner.")
    series: str | None = Field(None, max_length=80, description="Slug of the series, e.g. ascn-annual-meetings.")
    year: int | None = Field(None, ge=2000, le=2100, description="Year of the first day.")
    country: str | None = Field(
        None,
        max_length=2,
        description="ISO code of a country where the meeting was held, that hosted it, or whose national "
        "meeting it is.",
    )
    when: str | None = Field(None, pattern="^(upcoming|past)$", description="`upcoming` or `past` (by last day).")

    def apply(self, queryset: QuerySet[Meeting] | None = None) -> QuerySet[Meeting]:
        qs = (queryset if queryset is not None else Meeting.objects.all()).with_related()
        if self.q:
            qs = qs.filter(Q(title__icontains=self.q) | Q(venue__icontains=self.q) | Q(city__icontains=self.q))
        if self.kind:
            qs = qs.filter(kind=self.kind)
        if self.series:
            qs = qs.filter(series__slug=self.series)
        if self.year:
            qs = qs.filter(start_date__year=self.year)
        if self.country:
            code = self.country.upper()
            qs = qs.filter(Q(venue_country__code=code) | Q(host_country__code=code) | Q(country__code=code))
        if self.when == "upcoming":
            qs = qs.filter(end_date__gte=today())
        elif self.when == "past":
            qs = qs.filter(end_date__lt=today())
        return qs.order_by("-start_date", "-pk")


class ActionItemFilter(_Filter):
    status: ActionStatus | None = Field(None, description="open, in_progress, done or dropped.")
    open: bool | None = Field(None, description="Only open or in-progress items (true) or only closed ones (false).")
    overdue: bool | None = Field(None, description="Only open items whose due date has passed.")
    series: str | None = Field(None, max_length=80, description="Slug of the meeting series.")
    meeting: Id | None = Field(None, description="Id of the meeting.")
    owner: str | None = Field(None, max_length=80, description="Slug of the owning organisation.")
    due_before: Day | None = Field(None, description="Due on or before this day (YYYY-MM-DD).")

    def apply(self, queryset: QuerySet[Outcome] | None = None) -> QuerySet[Outcome]:
        qs = (queryset if queryset is not None else Outcome.objects.all()).actions().with_related()
        if self.status:
            qs = qs.filter(status=self.status)
        if self.open is True:
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif self.open is False:
            qs = qs.exclude(status__in=OPEN_STATUSES)
        if self.overdue:
            qs = qs.overdue(today())
        if self.series:
            qs = qs.filter(agenda_item__meeting__series__slug=self.series)
        if self.meeting:
            qs = qs.filter(agenda_item__meeting_id=self.meeting)
        if self.owner:
            qs = qs.filter(owner_organisation__slug=self.owner)
        if self.due_before:
            qs = qs.filter(due_date__lte=self.due_before)
        return qs.order_by(F("due_date").asc(nulls_last=True), "agenda_item__meeting__start_date", "pk")
