"""What the action-plan API answers and accepts."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from hub.core.dates import format_partial
from hub.network.schemas import MemberRef, Provenance, provenance


class IndicatorRef(Schema):
    id: int
    name: str
    unit: str
    project: str = Field(description="Slug of the indicator's project.")

    @staticmethod
    def resolve_project(obj) -> str:
        return obj.project.slug


class TargetOut(Schema):
    id: int
    position: int
    heading: str = Field(description="The plan's heading above the target, where it groups targets.")
    text: str = Field(description="The target as the plan words it.")
    value: Decimal | None = Field(description="The measurable value, where the plan gives one.")
    unit: str
    year: int | None = Field(description="The year the target is set for, where given.")
    indicator: IndicatorRef | None = Field(description="The project indicator that measures it, where linked.")
    version: int
    provenance: Provenance

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj)


class PriorityProjectOut(Schema):
    id: int
    position: int
    title: str = Field(description="The title as the plan gives it.")
    overview: str
    support_required: str
    project: str | None = Field(description="Slug of the catalogue's project where it is the same one.")

    @staticmethod
    def resolve_project(obj) -> str | None:
        return obj.project.slug if obj.project_id else None


class ActionPlanOut(Schema):
    id: int
    member: MemberRef
    title: str
    vision: str
    focus_areas: list[str] = Field(description="Codes of the ASEAN Smart Cities Framework focus areas chosen.")
    focus_notes: str = Field(description="The focus areas in the plan's own words, where they differ.")
    as_of: str | None = Field(description="The date of the plan's text, as precise as the source.")
    targets: list[TargetOut]
    priority_projects: list[PriorityProjectOut]
    updated_at: datetime = Field(description="When the plan itself last changed (a living document).")
    version: int
    provenance: Provenance

    @staticmethod
    def resolve_as_of(obj) -> str | None:
        return format_partial(obj.as_of, obj.as_of_precision) or None

    @staticmethod
    def resolve_targets(obj) -> list:
        return list(obj.targets.all())

    @staticmethod
    def resolve_priority_projects(obj) -> list:
        return list(obj.priority_projects.all())

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj)


class ActionPlanIn(Schema):
    title: str | None = Field(None, max_length=200)
    vision: str | None = Field(None, description="Required when the member has no plan yet.")
    focus_areas: list[str] | None = Field(None, description="Codes, e.g. civic-social, quality-environment.")
    focus_notes: str | None = None
    as_of: date | None = Field(None, description="The day of the plan's text (YYYY-MM-DD).")
    sources: list[str] | None = None
    source_note: str | None = None

    def model_data(self) -> dict[str, Any]:
        data = self.model_dump(exclude_unset=True)
        if "as_of" in data:
            data["as_of_precision"] = "day" if data["as_of"] else ""
        return data


class TargetIn(Schema):
    text: str | None = Field(None, description="The target as the plan words it (required on create).")
    heading: str | None = Field(None, max_length=200)
    value: Decimal | None = None
    unit: str | None = Field(None, max_length=60)
    year: int | None = None
    indicator: int | None = Field(None, description="Id of an indicator of one of the member's projects.")
    position: int | None = None

    def model_data(self) -> dict[str, Any]:
        from django.core.exceptions import ValidationError

        from hub.projects.models import Indicator

        data = self.model_dump(exclude_unset=True)
        if data.get("indicator") is not None:
            found = Indicator.objects.select_related("project").filter(pk=data["indicator"]).first()
            if found is None:
                raise ValidationError({"indicator": "No indicator with this id."})
            data["indicator"] = found
        for name in ("heading", "unit"):
            if name in data and data[name] is None:
                data[name] = ""
        return data
