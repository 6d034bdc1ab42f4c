"""The plain rows and figures CycleFacts (cyclefacts.py) works with, and the statuses it orders and finishes by."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hub.core.labels import pick
from hub.monitoring.models import (
    ReportingCycle,
)
from hub.projects.models import FocusArea, ProjectStatus

FINISHED = frozenset({ProjectStatus.COMPLETED, ProjectStatus.DISCONTINUED})
STATUS_ORDER = [ProjectStatus.PLANNING, ProjectStatus.ONGOING, ProjectStatus.COMPLETED, ProjectStatus.DISCONTINUED]


# --- figures per cycle --------------------------------------------------------------------------------


@dataclass
class ProjectRow:
    id: int
    title: str
    slug: str
    member_id: int
    member_name: str
    member_slug: str
    country_id: int
    country_code: str
    country_name: str
    status: str
    start_date: date | None
    end_date: date | None
    recorded_on: date
    is_demo: bool
    focus_ids: list[int] = field(default_factory=list)
    country_name_id: str = ""  # the country's name in Bahasa Indonesia, when the reference gives one

    @property
    def country_label(self) -> str:
        """The country's name in the active language (``country_name`` stays English: the API's)."""
        return pick(self.country_name, {"id": self.country_name_id})


@dataclass
class UpdateRow:
    project_id: int
    cycle_id: int
    state: str
    status: str
    progress: int
    id: int | None = None


@dataclass
class CycleFigures:
    cycle: ReportingCycle | None
    projects: int
    reported: int
    accepted: int
    expected: int
    members: int
    countries: int
    by_status: dict[str, int]
    by_focus: list[tuple[FocusArea, dict[str, int]]]
    by_country: list[tuple[str, str, int]]
    average_progress: float | None

    @property
    def accepted_share(self) -> int | None:
        return round(100 * self.accepted / self.expected) if self.expected else None


# ProjectRow's values, in the order CycleFacts reads them (also the Secretariat's late list: hub/monitoring/late.py)
PROJECT_FIELDS = (
    "pk",
    "title",
    "slug",
    "member_id",
    "member__name",
    "member__slug",
    "member__country_id",
    "member__country__code",
    "member__country__name",
    "status",
    "start_date",
    "end_date",
    "created_at",
    "is_demo",
    "member__country__name_id",
)
