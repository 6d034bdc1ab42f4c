"""The public lists the hub publishes as open data: each one IS an API list endpoint.

A dataset names the API's own list function (its filter class, its output schema and its path), so a
download answers exactly what ``GET /api/v1/<path>`` answers for the same filters, read as the public reads
it (anonymous), with every page at once. Adding a list to the open data is one entry here.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hub.opendata.columns import Column, schema_columns


@dataclass(frozen=True)
class Dataset:
    name: str  # file name and address: /data/<name>.csv
    title: str | Promise
    description: str | Promise
    endpoint: Callable  # the API's list function (as decorated by @paginate)
    schema: type  # the API's item schema
    filter: type | None  # the API's filter class (None: the list takes no filters)
    api_path: str  # under /api/v1
    page: str = ""  # URL name of the list page, where the download links sit
    # For a list that is not a paginated list function (the investment figures): (request, filters,
    # include_demo) -> the rows, computed as the API computes them.
    source: Callable | None = None
    # For a list the API writes from rows (hub.core.apilist.Rows): the same rows and item function, so a download
    # builds no model instance and validates no schema per row (hub.opendata.rows).
    rows: Any = None

    @cached_property
    def columns(self) -> list[Column]:
        return schema_columns(self.schema)

    @property
    def accepted(self) -> list[str]:
        """The query parameters a download takes: the list's filters and ``include_demo``."""
        names = list(self.filter.model_fields) if self.filter is not None else []
        return [*names, "include_demo"]

    def items(self, request, filters, include_demo: bool = True) -> Any:
        """What the API's list function returns (a queryset or a list), before pagination."""
        if self.source is not None:
            return self.source(request, filters, include_demo)
        run = inspect.unwrap(self.endpoint)
        return run(request, filters=filters) if self.filter is not None else run(request)


def _investment_groups(request, filters, include_demo: bool) -> list[dict]:
    """The groups of GET /api/v1/investment (hub.partnerships.api.get_investment), demo money left out
    unless asked for: the figures add up rows, so demo rows must go before the sums, not after."""
    from hub.accounts.auth import caller
    from hub.partnerships.figures import investment
    from hub.partnerships.models import Financing
    from hub.partnerships.money import plain

    rows = Financing.objects.visible_to(caller(request))
    if not include_demo:
        rows = rows.filter(is_demo=False)
    figures = investment(filters.group_by, filters.apply(rows))
    return [
        {
            "key": g.key,
            "label": str(g.label),
            "committed": plain(g.committed),
            "secured": plain(g.secured),
            "disbursed": plain(g.disbursed),
        }
        for g in figures.groups
    ]


def _decisions(request, filters, include_demo: bool) -> list:
    """The decisions of the meetings the meetings list gives for ``filters``, meeting by meeting in that list's
    order and each meeting's in agenda order: what GET /api/v1/meetings/{id}/decisions answers for each,
    read in a fixed number of queries."""
    from hub.accounts.auth import caller
    from hub.meetings.models import Meeting, Outcome

    meetings = list(filters.apply(Meeting.objects.visible_to(caller(request))).values_list("pk", flat=True))
    order = {pk: index for index, pk in enumerate(meetings)}
    decisions = (
        Outcome.objects.decisions()
        .filter(agenda_item__meeting__in=meetings)
        .with_related()
        .prefetch_related(
            "effects__membership_event__member", "effects__role_term__country", "effects__ended_term__country"
        )
        .order_by("agenda_item__position", "agenda_item__pk", "position", "pk")
    )
    return sorted(decisions, key=lambda d: order[d.agenda_item.meeting_id])  # stable: agenda order kept


def _report_rows(request, filters, include_demo: bool) -> list:
    """The published M&E reports' project rows of the projects the projects list gives for ``filters``: the
    ``reports`` of GET /api/v1/projects/{id}, in the reports' order (year, appendix, row)."""
    from hub.accounts.auth import caller
    from hub.projects.models import Project, ProjectReportEntry

    projects = filters.apply(Project.objects.visible_to(caller(request))).values("pk")
    return list(
        ProjectReportEntry.objects.filter(project__in=projects)
        .select_related("project", "focus_area")
        .order_by("report_year", "appendix", "row", "pk")
    )


def _registry() -> dict[str, Dataset]:
    # Imported here: the apps' API modules import models, which are not ready when this module is.
    from hub.exchange.api import list_challenges, list_collaborations
    from hub.exchange.filters import ChallengeFilter, CollaborationFilter
    from hub.exchange.schemas import ChallengeOut, CollaborationOut
    from hub.meetings.api.meetings import list_meetings
    from hub.meetings.api.outcomes import list_meeting_decisions
    from hub.meetings.api_rows import MEETING_ROWS
    from hub.meetings.filters import MeetingFilter
    from hub.meetings.schemas import DecisionOut, MeetingOut
    from hub.monitoring.api_reporting import list_published_figures
    from hub.monitoring.schemas import PublishedFigureOut
    from hub.network.api import list_countries, list_members, list_memberships, list_role_terms
    from hub.network.api_rows import MEMBER_ROWS, MEMBERSHIP_ROWS, ROLE_TERM_ROWS
    from hub.network.filters import CountryFilter, MemberFilter, MembershipFilter, RoleTermFilter
    from hub.network.schemas import CountryOut, MemberOut, MembershipOut, RoleTermOut
    from hub.opendata.schemas import ReportRowOut
    from hub.partnerships.api import get_investment, list_opportunities, list_partnerships, list_programmes
    from hub.partnerships.filters import InvestmentFilter, OpportunityFilter, PartnershipFilter, ProgrammeFilter
    from hub.partnerships.schemas import GroupOut, OpportunityOut, PartnershipOut, ProgrammeOut
    from hub.plans.api import PlanFilter, list_action_plans
    from hub.plans.schemas import ActionPlanOut
    from hub.projects.api import get_project, list_indicators, list_projects
    from hub.projects.api_rows import PROJECT_ROWS
    from hub.projects.filters import IndicatorFilter, ProjectFilter
    from hub.projects.schemas import IndicatorOut, ProjectOut

    datasets = [
        Dataset(
            "countries",
            _("Countries"),
            _("The ten ASEAN member states and Timor-Leste, with when each joined ASEAN."),
            list_countries,
            CountryOut,
            CountryFilter,
            "/countries",
            "network:countries",
        ),
        Dataset(
            "members",
            _("Members"),
            _("Cities, regencies and provinces of the network, with their status today and when they joined."),
            list_members,
            MemberOut,
            MemberFilter,
            "/members",
            "network:members",
            rows=MEMBER_ROWS,
        ),
        Dataset(
            "memberships",
            _("Membership history"),
            _("Each member's events: candidate, admitted, withdrawn, with the meeting that decided them."),
            list_memberships,
            MembershipOut,
            MembershipFilter,
            "/memberships",
            rows=MEMBERSHIP_ROWS,
        ),
        Dataset(
            "role-terms",
            _("Role terms"),
            _("Who held which governance role (Chair, Shepherd, National Representative, CSCO) and when."),
            list_role_terms,
            RoleTermOut,
            RoleTermFilter,
            "/role-terms",
            "network:governance",
            rows=ROLE_TERM_ROWS,
        ),
        Dataset(
            "projects",
            _("Projects"),
            _("The members' smart-city projects, their focus areas, status and progress."),
            list_projects,
            ProjectOut,
            ProjectFilter,
            "/projects",
            "projects:list",
            rows=PROJECT_ROWS,
        ),
        Dataset(
            "indicators",
            _("Indicators and their values"),
            _("Each project's indicators with baseline, target and the values reported over time."),
            list_indicators,
            IndicatorOut,
            IndicatorFilter,
            "/indicators",
        ),
        Dataset(
            "report-rows",
            _("M&E report rows"),
            _("The project lists of the published annual M&E reports, row by row, each linked to its project."),
            get_project,
            ReportRowOut,
            ProjectFilter,
            "/projects/{project_id}",
            "projects:list",
            source=_report_rows,
        ),
        Dataset(
            "published-figures",
            _("Published M&E figures"),
            _("The project counts of the Secretariat's published annual M&E reports, with their sources."),
            list_published_figures,
            PublishedFigureOut,
            None,
            "/published-figures",
        ),
        Dataset(
            "meetings",
            _("Meetings"),
            _("Annual meetings, coordination meetings, workshops and partner meetings."),
            list_meetings,
            MeetingOut,
            MeetingFilter,
            "/meetings",
            "meetings:list",
            rows=MEETING_ROWS,
        ),
        Dataset(
            "decisions",
            _("Decisions"),
            _("What the meetings decided, with the changes each decision made to the registry."),
            list_meeting_decisions,
            DecisionOut,
            MeetingFilter,
            "/meetings/{meeting_id}/decisions",
            "meetings:list",
            source=_decisions,
        ),
        Dataset(
            "action-plans",
            _("Smart City Action Plans"),
            _("Each member's action plan: vision, focus areas, strategic targets and priority projects."),
            list_action_plans,
            ActionPlanOut,
            PlanFilter,
            "/action-plans",
        ),
        Dataset(
            "challenges",
            _("Challenges"),
            _("The challenges members report, what help they want and what solved them."),
            list_challenges,
            ChallengeOut,
            ChallengeFilter,
            "/challenges",
            "exchange:challenges",
        ),
        Dataset(
            "collaborations",
            _("Collaborations"),
            _("Collaborations between members started from accepted requests."),
            list_collaborations,
            CollaborationOut,
            CollaborationFilter,
            "/collaborations",
            "exchange:collaborations",
        ),
        Dataset(
            "programmes",
            _("Partner programmes"),
            _("Programmes of development partners that support the network's members."),
            list_programmes,
            ProgrammeOut,
            ProgrammeFilter,
            "/programmes",
            "partnerships:programmes",
        ),
        Dataset(
            "partnerships",
            _("Partnerships"),
            _("Partnerships between partners and members or projects, with the money committed and disbursed."),
            list_partnerships,
            PartnershipOut,
            PartnershipFilter,
            "/partnerships",
            "partnerships:list",
        ),
        Dataset(
            "opportunities",
            _("Investment opportunities"),
            _("Published investment opportunities: need, instrument, stage and amount."),
            list_opportunities,
            OpportunityOut,
            OpportunityFilter,
            "/opportunities",
            "partnerships:opportunities",
        ),
        Dataset(
            "investment",
            _("Investment realised"),
            _("Money committed, secured and disbursed in USD, by country, member, year or instrument (group_by)."),
            get_investment,
            GroupOut,
            InvestmentFilter,
            "/investment",
            "partnerships:investment",
            source=_investment_groups,
        ),
    ]
    return {d.name: d for d in datasets}


_DATASETS: dict[str, Dataset] = {}


def datasets() -> dict[str, Dataset]:
    """Every published dataset by name, in the order the data page lists them."""
    if not _DATASETS:
        _DATASETS.update(_registry())
    return _DATASETS


def get(name: str) -> Dataset | None:
    return datasets().get(name)
