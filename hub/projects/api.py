"""The projects API: the catalogue, indicators and their values.

Reads are open to everyone. Writes need a read-write token or a session with its CSRF token
(hub.accounts.auth.WRITE) and go through hub.projects.services, which checks the caller's rights
(hub.projects.policies), validates, writes in one transaction and logs the change. Errors follow the
registry's API: 401 without credentials, 403 when the caller may not make the change (the catalogue is
public, so never 404 for that), 404 for an unknown id, 422 with field messages, 412 when the record
changed since the caller's ``If-Match`` ETag, 400 for an ``If-Match`` that is not one ETag.

Lists cost a constant number of queries: a count, a page, and one prefetch per related list.

No ``from __future__ import annotations`` here: ninja reads the filter annotations through @paginate's
wrapper, whose module cannot resolve them as strings.
"""

from django.db.models import Model, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from hub.accounts.auth import READ, WRITE, caller
from hub.core.api import (
    IF_MATCH_HELP,
    OPEN_READ,
    VIA,
    ETags,
    PageIdsFirst,
    Pagination,
    list_responses,
    service_errors,
    write_responses,
)
from hub.core.apilist import paginate_rows
from hub.network.schemas import Message
from hub.projects import services
from hub.projects.api_rows import PROJECT_ROWS
from hub.projects.filters import IndicatorFilter, ProjectFilter
from hub.projects.models import FocusArea, Indicator, IndicatorValue, Project, ProjectReportEntry
from hub.projects.schemas import (
    PROJECT_OUT_COLUMNS,
    IndicatorCreate,
    IndicatorOut,
    IndicatorPatch,
    IndicatorValueIn,
    IndicatorValueOut,
    IndicatorValuePatch,
    ProjectDetail,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
)

# Reads are open to everyone; READ still refuses a bad, expired or revoked token (401) instead of reading it as
# anonymous (as the registry's API does). Writes say auth=WRITE.
router = Router(auth=READ)


# -- ETags (the registry API's format, hub.core.api.ETags: "project-12-v3") ------------------------------

_ETAG_KINDS = {Project: "project", Indicator: "indicator", IndicatorValue: "indicator-value"}


def _record_tag(obj: Model) -> str:
    return f"{_ETAG_KINDS[type(obj)]}-{obj.pk}"


ETAGS = ETags(_record_tag)
_with_etag = ETAGS.with_etag


# -- Records as the endpoints answer them -----------------------------------------------------------------


def _values() -> Prefetch:
    return Prefetch("values", queryset=IndicatorValue.objects.public().order_by("period_start", "period_end", "pk"))


def _project(project_id: int) -> Project:
    indicators = Prefetch(
        "indicators", queryset=Indicator.objects.select_related("project").prefetch_related(_values()).order_by("name")
    )
    reports = Prefetch(
        "report_entries", queryset=ProjectReportEntry.objects.select_related("focus_area").order_by("report_year")
    )
    queryset = Project.objects.with_related().prefetch_related("partners", indicators, reports).with_public_progress()
    return get_object_or_404(queryset, pk=project_id)


def _indicator(indicator_id: int) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("project").prefetch_related(_values()), pk=indicator_id)


# -- Projects -------------------------------------------------------------------------------------------

PROJECT_RIGHTS = (
    "A project is created and edited by its member's officers, the National Representative of the member's "
    "country, and the Secretariat."
)


@router.get(
    "/projects",
    openapi_extra=OPEN_READ,
    response=list_responses(ProjectOut),
    tags=["projects"],
    operation_id="list_projects",
    summary="List the members' smart-city projects",
    description="Filters combine (AND). `q` searches the title, local title, summary and description. "
    "`status` is the public status: the one the project's latest accepted progress update gives, else the "
    "catalogue's.",
)
@paginate_rows(PageIdsFirst, PROJECT_ROWS)
def list_projects(request, filters: Query[ProjectFilter]):
    return filters.apply(Project.objects.visible_to(caller(request))).only(*PROJECT_OUT_COLUMNS)


@router.post(
    "/projects",
    auth=WRITE,
    response=write_responses(ProjectDetail, 201),
    tags=["projects"],
    operation_id="create_project",
    summary="Add a project to a member",
    description=f"{PROJECT_RIGHTS} `member` is the member's id or slug; `focus_areas` are codes "
    "(see `GET /focus-areas`); `slug` is made from the title when omitted.",
)
def create_project(request, payload: ProjectIn, response: HttpResponse):
    with service_errors(ProjectIn):
        project = services.create_project(
            actor=caller(request),
            data=payload.model_data(partial=False),
            focus_areas=payload.focus_area_codes(),
            partners=payload.partner_records(),
            via=VIA,
        )
    return ETAGS.created(response, _project(project.pk), "get_project", project_id=project.pk)


@router.get(
    "/projects/{project_id}",
    openapi_extra=OPEN_READ,
    response={200: ProjectDetail, 404: Message},
    tags=["projects"],
    operation_id="get_project",
    summary="One project, with its partners, links and indicators with their values",
)
def get_project(request, project_id: int, response: HttpResponse):
    return _with_etag(response, _project(project_id))


@router.patch(
    "/projects/{project_id}",
    auth=WRITE,
    response=write_responses(ProjectDetail),
    tags=["projects"],
    operation_id="update_project",
    summary="Change a project",
    description=f"Only the fields sent change; `focus_areas` and `partners`, when sent, replace the lists. "
    f"{PROJECT_RIGHTS} Moving a project to another member needs the right to both. {IF_MATCH_HELP}",
)
def update_project(request, project_id: int, payload: ProjectPatch, response: HttpResponse):
    project = get_object_or_404(Project.objects.select_related("member"), pk=project_id)
    version = ETAGS.expected_version(request, project)
    with service_errors(ProjectPatch):
        services.update_project(
            actor=caller(request),
            project=project,
            data=payload.model_data(partial=True),
            focus_areas=payload.focus_area_codes() if "focus_areas" in payload.model_fields_set else None,
            partners=payload.partner_records() if "partners" in payload.model_fields_set else None,
            expected_version=version,
            via=VIA,
        )
    return _with_etag(response, _project(project_id))


class FocusAreaItem(Schema):
    code: str
    name: str
    position: int


@router.get(
    "/focus-areas",
    openapi_extra=OPEN_READ,
    response=list[FocusAreaItem],
    tags=["projects"],
    operation_id="list_focus_areas",
    summary="The six focus areas of the ASEAN Smart Cities Framework",
)
def list_focus_areas(request):
    return FocusArea.objects.order_by("position")


# -- Indicators and values ------------------------------------------------------------------------------


@router.get(
    "/indicators",
    openapi_extra=OPEN_READ,
    response=list_responses(IndicatorOut),
    tags=["indicators"],
    operation_id="list_indicators",
    summary="List indicators with their values over time",
    description="`project` (id) or `project_slug` narrows the list to one project.",
)
@paginate(Pagination)
def list_indicators(request, filters: Query[IndicatorFilter]):
    return filters.apply()


@router.post(
    "/indicators",
    auth=WRITE,
    response=write_responses(IndicatorOut, 201),
    tags=["indicators"],
    operation_id="create_indicator",
    summary="Add an indicator to a project",
    description=f"Allowed to whoever may edit the project. {PROJECT_RIGHTS}",
)
def create_indicator(request, payload: IndicatorCreate, response: HttpResponse):
    with service_errors(IndicatorCreate):
        data = payload.model_data(partial=False)
        project = data.pop("project")
        indicator = services.create_indicator(actor=caller(request), project=project, data=data, via=VIA)
    return ETAGS.created(response, _indicator(indicator.pk), "get_indicator", indicator_id=indicator.pk)


@router.get(
    "/indicators/{indicator_id}",
    openapi_extra=OPEN_READ,
    response={200: IndicatorOut, 404: Message},
    tags=["indicators"],
    operation_id="get_indicator",
    summary="One indicator with its values",
)
def get_indicator(request, indicator_id: int, response: HttpResponse):
    return _with_etag(response, _indicator(indicator_id))


@router.patch(
    "/indicators/{indicator_id}",
    auth=WRITE,
    response=write_responses(IndicatorOut),
    tags=["indicators"],
    operation_id="update_indicator",
    summary="Change an indicator",
    description=f"Only the fields sent change. {IF_MATCH_HELP}",
)
def update_indicator(request, indicator_id: int, payload: IndicatorPatch, response: HttpResponse):
    indicator = get_object_or_404(Indicator.objects.select_related("project__member"), pk=indicator_id)
    version = ETAGS.expected_version(request, indicator)
    with service_errors(IndicatorPatch):
        services.update_indicator(
            actor=caller(request),
            indicator=indicator,
            data=payload.model_data(partial=True),
            expected_version=version,
            via=VIA,
        )
    return _with_etag(response, _indicator(indicator_id))


@router.delete(
    "/indicators/{indicator_id}",
    auth=WRITE,
    response=write_responses(None, 204),
    tags=["indicators"],
    operation_id="delete_indicator",
    summary="Delete an indicator and its values",
    description=f"Every deletion is logged with the record's last state. {IF_MATCH_HELP}",
)
def delete_indicator(request, indicator_id: int):
    indicator = get_object_or_404(Indicator.objects.select_related("project__member"), pk=indicator_id)
    version = ETAGS.expected_version(request, indicator)
    with service_errors(IndicatorPatch):
        services.delete_indicator(actor=caller(request), indicator=indicator, expected_version=version, via=VIA)
    return Status(204, None)


@router.post(
    "/indicators/{indicator_id}/values",
    auth=WRITE,
    response=write_responses(IndicatorValueOut, 201),
    tags=["indicators"],
    operation_id="add_indicator_value",
    summary="Add a value of an indicator for a period",
    description="`period` as precise as the source: `2019`, `2022-12`, `2022-01/2022-06`, or "
    "`undated 2022-12/2024-10` for a figure the source does not date.",
)
def add_indicator_value(request, indicator_id: int, payload: IndicatorValueIn, response: HttpResponse):
    indicator = get_object_or_404(Indicator.objects.select_related("project__member"), pk=indicator_id)
    with service_errors(IndicatorValueIn):
        value = services.add_indicator_value(
            actor=caller(request), indicator=indicator, data=payload.model_data(partial=False), via=VIA
        )
    response["Location"] = reverse("api:get_indicator", kwargs={"indicator_id": indicator_id})
    return Status(201, _with_etag(response, value))


@router.patch(
    "/indicator-values/{value_id}",
    auth=WRITE,
    response=write_responses(IndicatorValueOut),
    tags=["indicators"],
    operation_id="update_indicator_value",
    summary="Correct a value",
    description=f"Only the fields sent change. {IF_MATCH_HELP}",
)
def update_indicator_value(request, value_id: int, payload: IndicatorValuePatch, response: HttpResponse):
    value = get_object_or_404(IndicatorValue.objects.select_related("indicator__project__member"), pk=value_id)
    version = ETAGS.expected_version(request, value)
    with service_errors(IndicatorValuePatch):
        value = services.update_indicator_value(
            actor=caller(request),
            value=value,
            data=payload.model_data(partial=True),
            expected_version=version,
            via=VIA,
        )
    return _with_etag(response, value)


@router.delete(
    "/indicator-values/{value_id}",
    auth=WRITE,
    response=write_responses(None, 204),
    tags=["indicators"],
    operation_id="delete_indicator_value",
    summary="Delete a value recorded in error",
    description=f"The deletion is logged with the value's last state. {IF_MATCH_HELP}",
)
def delete_indicator_value(request, value_id: int):
    value = get_object_or_404(IndicatorValue.objects.select_related("indicator__project__member"), pk=value_id)
    version = ETAGS.expected_version(request, value)
    with service_errors(IndicatorValuePatch):
        services.delete_indicator_value(actor=caller(request), value=value, expected_version=version, via=VIA)
    return Status(204, None)
