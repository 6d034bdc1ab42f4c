"""The one filter of the projects list, shared by the page (/projects/), its CSV and the API.

A ninja Schema (pydantic): the API documents and validates it as query parameters, the pages validate
``request.GET`` with it and show its messages.

A project's public status and progress come from its latest accepted progress update (issue 4): the
projects the filter returns carry ``public_status`` (the catalogue's status until an update is
accepted), ``public_progress`` and ``public_cycle`` (Project.objects.with_public_progress(): the
PublicProgress row hub.monitoring keeps), and ``status`` filters on ``public_status``.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from pydantic import Field

from hub.core.filters import FilterSchema
from hub.core.inputs import Id
from hub.projects.models import Indicator, IndicatorValue, Language, Project, ProjectStatus

# The one filter base (hub.core.filters), by the name this app's filters (and hub.meetings') use.
_Filter = FilterSchema


class ProjectFilter(_Filter):
    q: str | None = Field(
        None,
        max_length=100,
        description="Text in the title (English or local), summary or description, in any language "
        "(e.g. `complaint` or `pelayanan`).",
    )
    country: str | None = Field(None, max_length=2, description="ISO code of the member's country, e.g. ID.")
    member: str | None = Field(None, max_length=80, description="Slug of the member, e.g. sumedang.")
    focus_area: str | None = Field(
        None, max_length=40, description="Code of an ASCF focus area, e.g. civic-social or health-well-being."
    )
    status: ProjectStatus | None = Field(
        None,
        description="planning, ongoing, completed or discontinued: the public status, from the project's latest "
        "accepted progress update, else the catalogue's.",
    )
    language: Language | None = Field(None, description="Language of the summary and description, e.g. en or id.")

    def apply(self, queryset: QuerySet[Project] | None = None) -> QuerySet[Project]:
        qs = queryset if queryset is not None else Project.objects.all()
        qs = qs.with_related().with_public_progress()
        if self.q:
            text = self.q.strip()
            qs = qs.filter(
                Q(title__icontains=text)
                | Q(local_title__icontains=text)
                | Q(summary__icontains=text)
                | Q(description__icontains=text)
            )
        if self.country:
            qs = qs.filter(member__country__code=self.country.upper())
        if self.member:
            qs = qs.filter(member__slug=self.member)
        if self.focus_area:
            # A subquery, not a join: a project in two matching areas must not appear twice.
            links = Project.focus_areas.through.objects.filter(focusarea__code=self.focus_area)
            qs = qs.filter(pk__in=links.values("project_id"))
        if self.status:
            qs = qs.filter(public_status=self.status)
        if self.language:
            qs = qs.filter(language=self.language)
        return qs.order_by(Lower("title"), "pk")


class IndicatorFilter(_Filter):
    project: Id | None = Field(None, description="Id of the project.")
    project_slug: str | None = Field(None, max_length=120, description="Slug of the project.")

    def apply(self, queryset: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
        qs = queryset if queryset is not None else Indicator.objects.all()
        qs = qs.select_related("project").prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.public().order_by("period_start", "period_end", "pk"))
        )
        if self.project:
            qs = qs.filter(project_id=self.project)
        if self.project_slug:
            qs = qs.filter(project__slug=self.project_slug)
        return qs.order_by("project__title", "name", "pk")
