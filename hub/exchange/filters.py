"""The one filter of each exchange list, shared by the page, its CSV and the API (as hub.projects.filters)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from pydantic import Field

from hub.core.filters import FilterSchema
from hub.exchange.models import (
    HELP_FIELDS,
    Challenge,
    ChallengeStatus,
    CollaborationKind,
    CollaborationRequest,
    CollaborationStatus,
    HelpKind,
    RequestState,
    Severity,
)
from hub.projects.models import Language

# The one filter base (hub.core.filters); NUL never reaches a filter (hub.core.guard refuses the request).
_Filter = FilterSchema


class ChallengeFilter(_Filter):
    q: str | None = Field(None, max_length=100, description="Text in the title or the text, e.g. `flood` or `banjir`.")
    country: str | None = Field(None, max_length=2, description="ISO code of the member's country, e.g. ID.")
    member: str | None = Field(None, max_length=80, description="Slug of the member, e.g. sumedang.")
    project: str | None = Field(None, max_length=120, description="Slug of the project the challenge is in.")
    focus_area: str | None = Field(None, max_length=40, description="Code of an ASCF focus area, e.g. civic-social.")
    status: ChallengeStatus | None = Field(None, description="open, addressed (being addressed), solved or withdrawn.")
    active: bool | None = Field(None, description="true: only open or being addressed.")
    min_severity: Severity | None = Field(
        None, description="1 minor, 2 moderate, 3 serious, 4 critical: this severity or worse."
    )
    help: HelpKind | None = Field(None, description="The help wanted: knowledge, partner or funding.")
    language: Language | None = Field(None, description="Language of the text, e.g. en or id.")

    def apply(self, queryset: QuerySet[Challenge] | None = None) -> QuerySet[Challenge]:
        qs = (queryset if queryset is not None else Challenge.objects.all()).with_related()
        if self.q:
            text = self.q.strip()
            qs = qs.filter(Q(title__icontains=text) | Q(text__icontains=text))
        if self.country:
            qs = qs.filter(member__country__code=self.country.upper())
        if self.member:
            qs = qs.filter(member__slug=self.member)
        if self.project:
            qs = qs.filter(project__slug=self.project)
        if self.focus_area:
            links = Challenge.focus_areas.through.objects.filter(focusarea__code=self.focus_area)
            qs = qs.filter(pk__in=links.values("challenge_id"))
        if self.status:
            qs = qs.filter(status=self.status)
        if self.active:
            qs = qs.active()
        if self.min_severity:
            qs = qs.filter(severity__gte=self.min_severity)
        if self.help:
            qs = qs.filter(**{HELP_FIELDS[HelpKind(self.help)]: True})
        if self.language:
            qs = qs.filter(language=self.language)
        return qs.order_by("-severity", "-created_at", "-pk")


class RequestFilter(_Filter):
    member: str | None = Field(None, max_length=80, description="Slug of a member on either side.")
    state: RequestState | None = Field(None, description="pending, accepted, declined or withdrawn.")
    kind: CollaborationKind | None = Field(None, description="knowledge_exchange, study_visit or joint_project.")

    def apply(self, queryset: QuerySet[CollaborationRequest] | None = None) -> QuerySet[CollaborationRequest]:
        qs = (queryset if queryset is not None else CollaborationRequest.objects.all()).with_related()
        if self.member:
            qs = qs.filter(Q(from_member__slug=self.member) | Q(to_member__slug=self.member))
        if self.state:
            qs = qs.filter(state=self.state)
        if self.kind:
            qs = qs.filter(kind=self.kind)
        return qs.order_by("-created_at", "-pk")


class CollaborationFilter(_Filter):
    member: str | None = Field(None, max_length=80, description="Slug of a member taking part.")
    status: CollaborationStatus | None = Field(None, description="active, completed or discontinued.")
    cycle: str | None = Field(None, max_length=20, description="Started in this M&E cycle, e.g. 2024-2025.")

    def apply(self, queryset=None):
        from hub.exchange.models import Collaboration
        from hub.monitoring.models import ReportingCycle

        qs = (queryset if queryset is not None else Collaboration.objects.all()).with_related()
        if self.member:
            qs = qs.filter(
                pk__in=Collaboration.members.through.objects.filter(member__slug=self.member).values("collaboration_id")
            )
        if self.status:
            qs = qs.filter(status=self.status)
        if self.cycle:
            cycle = ReportingCycle.objects.filter(slug=self.cycle).first()
            qs = qs.started_in(cycle) if cycle else qs.none()
        return qs.order_by("-start_date", "-pk")
