"""What the monitoring API answers and accepts. Resolvers read only what the list querysets load."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from hub.core.dates import Precision, format_partial
from hub.monitoring.models import CycleState, ReviewAction, UpdateState
from hub.network.schemas import (  # noqa: F401  (Message, ValidationErrorOut re-exported)
    CountryRef,
    MemberRef,
    Message,
    Provenance,
    ValidationErrorOut,
    provenance,
)
from hub.projects.models import ProjectStatus


def _url(path: str, context: dict[str, Any] | None) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


class CycleRef(Schema):
    slug: str = Field(description="e.g. 2024-2025")
    label: str = Field(description="e.g. 2024–2025")


class CycleOut(Schema):
    slug: str = Field(description="e.g. 2024-2025: the cycle from 2024-10-01 to 2025-09-30.")
    label: str
    end_year: int = Field(description="The year the cycle ends in; the M&E report of that year covers it.")
    start_month: int = Field(description="First month of the cycle (10: October to September).")
    start_date: date
    end_date: date
    due_date: date = Field(description="Updates should be submitted by this day.")
    state: CycleState = Field(description="planned, open (updates can be written) or closed.")
    opened_at: datetime | None
    closed_at: datetime | None
    report: dict[str, str] = Field(description="Addresses of the annual report for the cycle: pdf, xlsx, csv, json.")

    @staticmethod
    def resolve_report(obj, context) -> dict[str, str]:
        base = f"/api/v1/reports/{obj.slug}"
        return {fmt: _url(f"{base}.{fmt}", context) for fmt in ("pdf", "xlsx", "csv", "json")}


class CycleIn(Schema):
    end_year: int = Field(ge=2000, le=2100, description="The year the cycle ends in (2025 for 2024–2025).")
    start_month: int = Field(10, ge=1, le=12)
    due_date: date | None = Field(None, description="Reports due by (default: the cycle's last day).")


class ProjectRef(Schema):
    id: int
    slug: str
    title: str


class IndicatorRef(Schema):
    id: int
    name: str
    unit: str


class ReportedValueOut(Schema):
    indicator: IndicatorRef
    value: str = Field(description="A decimal number, as text so that no digit is lost.")
    note: str

    @staticmethod
    def resolve_value(obj) -> str:
        value = obj.value.normalize()
        return f"{value:f}" if value != value.to_integral() else str(int(value))


class UpdateOut(Schema):
    id: int
    url: str = Field(description="The update's page.")
    project: ProjectRef
    member: MemberRef
    country: CountryRef
    cycle: CycleRef
    state: UpdateState = Field(description="Review state: draft → submitted → endorsed → accepted.")
    status: ProjectStatus = Field(description="The project's status as reported.")
    progress: int = Field(description="Progress in per cent (0–100).")
    milestones: list[str]
    narrative: str
    challenges: str
    support_needed: str
    language: str
    indicator_values: list[ReportedValueOut] = Field(description="Figures reported for the cycle.")
    submitted_at: datetime | None
    endorsed_at: datetime | None
    accepted_at: datetime | None
    version: int = Field(description="Raised by every change; send it back as If-Match to refuse stale edits.")

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _url(obj.get_absolute_url(), context)

    @staticmethod
    def resolve_member(obj):
        return obj.project.member

    @staticmethod
    def resolve_country(obj):
        return obj.project.member.country

    @staticmethod
    def resolve_cycle(obj):
        return {"slug": obj.cycle.slug, "label": obj.cycle.label}

    @staticmethod
    def resolve_indicator_values(obj) -> list:
        return list(obj.values.all())


class ReviewOut(Schema):
    action: ReviewAction
    from_state: UpdateState
    to_state: UpdateState
    at: datetime
    acting_as: str = Field(description="city_officer, national_representative, secretariat, …")
    actor: str | None = Field(description="Who, for the people who may see the update under review; else null.")
    comment: str


class UpdateDetail(UpdateOut):
    history: list[ReviewOut] = Field(description="Every step of the review, oldest first.")
    return_comment: str = Field(description="For a draft that a reviewer returned: the reviewer's comment.")
    allowed_actions: list[str] = Field(
        description="The steps the caller may take now (submit, endorse, accept, return, reopen)."
    )


class ValueIn(Schema):
    indicator: int = Field(description="Id of one of the project's indicators.")
    value: str | float | int = Field(description="The figure for the cycle, a number.")
    note: str = Field("", max_length=300)


class UpdateIn(Schema):
    project: int | str = Field(description="Id or slug of the project.")
    cycle: str = Field(description="Slug of an open reporting cycle, e.g. 2025-2026.")
    status: ProjectStatus
    progress: int = Field(ge=0, le=100)
    milestones: list[str] = Field(default_factory=list)
    narrative: str = ""
    challenges: str = ""
    support_needed: str = ""
    language: str | None = Field(None, max_length=4, description="Language of the texts (default: the project's).")
    indicator_values: list[ValueIn] = Field(default_factory=list)


class UpdatePatch(Schema):
    status: ProjectStatus | None = None
    progress: int | None = Field(None, ge=0, le=100)
    milestones: list[str] | None = None
    narrative: str | None = None
    challenges: str | None = None
    support_needed: str | None = None
    language: str | None = Field(None, max_length=4)
    indicator_values: list[ValueIn] | None = Field(None, description="Replaces all reported figures when given.")


class TransitionIn(Schema):
    comment: str = Field("", max_length=5000, description="Required to return an update; optional otherwise.")


class ReportFigures(Schema):
    cycle: CycleOut
    projects: int = Field(description="Projects counted in the cycle.")
    expected: int = Field(description="Projects expected to report in the cycle.")
    accepted: int = Field(description="Accepted progress updates in the cycle.")
    members: int
    countries: int
    by_status: dict[str, int]
    by_focus_area: dict[str, int]
    by_country: dict[str, int]
    average_progress: float | None


# -- Who is late ------------------------------------------------------------------------------------------


class LateOut(Schema):
    """One project expected to report in the cycle without a submitted update (hub.monitoring.late.LateRow)."""

    project: ProjectRef
    member: MemberRef
    country: CountryRef
    cycle: CycleRef
    update_state: Literal["not_started", "draft"] = Field(
        description="not_started: no update yet; draft: written but not submitted."
    )
    update_id: int | None = Field(description="The draft's id, when there is one.")
    officers_with_account: int = Field(description="How many of the member's officers have an account to remind.")

    @staticmethod
    def resolve_project(obj) -> dict:
        return {"id": obj.project.id, "slug": obj.project.slug, "title": obj.project.title}

    @staticmethod
    def resolve_member(obj) -> dict:
        p = obj.project
        return {"id": p.member_id, "slug": p.member_slug, "name": p.member_name}

    @staticmethod
    def resolve_country(obj) -> dict:
        return {"code": obj.project.country_code, "name": obj.project.country_name}

    @staticmethod
    def resolve_cycle(obj) -> dict:
        return {"slug": obj.cycle.slug, "label": obj.cycle.label}

    @staticmethod
    def resolve_update_state(obj) -> str:
        return "draft" if obj.update is not None else "not_started"

    @staticmethod
    def resolve_update_id(obj) -> int | None:
        return obj.update.id if obj.update is not None else None

    @staticmethod
    def resolve_officers_with_account(obj) -> int:
        return len(obj.officers)


# -- Published figures of the Secretariat's reports -------------------------------------------------------


class LiveCount(Schema):
    cycle: CycleRef
    projects: int = Field(description="Projects the hub counts in the cycle from its own, accepted data.")
    demo_projects: int = Field(description="Of which made-up demo projects.")


class ComparisonLineOut(Schema):
    group: str = Field(
        description="total, status (the appendix's grouping: listed, ongoing_or_planning, completed), "
        "focus_area or country."
    )
    key: str = Field(description="The status, focus area code or country code ('total' for the total).")
    label: str
    official: int | None = Field(description="The report's figure, as printed; null where the report gives none.")
    hub: int = Field(description="The hub's count of the report's project rows that it holds (never demo data).")
    agrees: bool | None = Field(description="official == hub; null where the report gives no figure.")
    text: str = Field(description="The report's text where it reads otherwise or gives more (a split, a share).")
    text_differs: bool = Field(description="The report's text disagrees with its own appendix here.")


class PublishedFigureOut(Schema):
    key: str = Field(description="The record's key in data/me_reports.yaml.")
    report_year: int = Field(description="The year in the report's title.")
    title: str
    cycle_label: str = Field(description="The period as the report names it (e.g. 2024–25); empty if not given.")
    period_start: str | None = Field(description="First month (or day) covered, as precise as the source.")
    period_end: str | None
    as_of: str = Field(description="The day, month or year the report counts to, as precise as the source.")
    as_of_precision: Precision
    projects: int = Field(description="Projects as the report published them (not computed by the hub).")
    by_status: dict[str, int] = Field(description="Projects by status, where the report gives it.")
    by_status_percent: dict[str, float] = Field(description="The text's shares by status, in percent.")
    appendix_status: dict[str, int] = Field(description="Projects by the appendix's own status grouping.")
    by_focus_area: dict[str, int] = Field(description="Projects by focus area code, as the appendix gives them.")
    by_focus_area_percent: dict[str, float] = Field(description="The text's shares by focus area, in percent.")
    by_country: dict[str, int] = Field(description="Projects by country code, as the appendix gives them.")
    agrees: bool = Field(description="Every figure the report gives equals the hub's count from its rows.")
    lines: list[ComparisonLineOut] = Field(description="The report said / the hub's data say, figure by figure.")
    notes: str
    provenance: Provenance
    live: LiveCount | None = Field(
        description="The hub's own count for the cycle that ends in the report's year, from live accepted data; "
        "null when the hub holds no such cycle. Counted differently from the report: never a correction of it."
    )

    @staticmethod
    def resolve_key(obj) -> str:
        return obj.figure.ref_key.removeprefix("me-figure:") if obj.figure.ref_key else str(obj.figure.pk)

    @staticmethod
    def resolve_period_start(obj) -> str | None:
        return format_partial(obj.figure.period_start, obj.figure.period_start_precision) or None

    @staticmethod
    def resolve_period_end(obj) -> str | None:
        return format_partial(obj.figure.period_end, obj.figure.period_end_precision) or None

    @staticmethod
    def resolve_as_of(obj) -> str:
        return obj.figure.as_of_text

    @staticmethod
    def resolve_provenance(obj) -> dict[str, Any]:
        return provenance(obj.figure)

    @staticmethod
    def resolve_live(obj) -> dict | None:
        if obj.cycle is None:
            return None
        cycle = {"slug": obj.cycle.slug, "label": obj.cycle.label}
        return {"cycle": cycle, "projects": obj.live_projects, "demo_projects": obj.live_demo}
