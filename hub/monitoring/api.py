"""The monitoring & evaluation API: reporting cycles, progress updates and their review chain, reports.

Reads are open to everyone, but an update that is not accepted is visible only to the officers of its
member, its country's National Representative and the network-wide roles: for anyone else it does not
exist (404). Writes need a read-write token or a session with its CSRF token (hub.accounts.auth.WRITE)
and go through hub.monitoring.services. Errors follow the registry's API: 401 without credentials,
403 when the caller sees the update but may not take the step, 404 for what the caller may not see,
409 when the update is not in a state that allows the step (or its cycle is not open), 412 when the
record changed since the caller's ``If-Match`` ETag, 400 for an ``If-Match`` that is not one ETag, 422
with field messages for bad input.

No ``from __future__ import annotations`` here: ninja reads the filter annotations through @paginate's
wrapper, whose module cannot resolve them as strings.
"""

from typing import Literal

from django.db.models import Model, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import P, Query, Router, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate
from pydantic import ValidationError as PydanticValidationError

from hub.accounts.auth import READ, WRITE, caller
from hub.core import api as core_api
from hub.core.api import IF_MATCH_HELP, OPEN_READ, VIA, WRITE_ERRORS, ETags, Pagination, list_responses, write_responses
from hub.core.apilist import paginate_rows
from hub.monitoring import policies, report, report_store, services
from hub.monitoring.api_rows import UPDATE_ROWS
from hub.monitoring.filters import UpdateFilter
from hub.monitoring.models import (
    REWORK_ACTIONS,
    ProgressUpdate,
    ReportingCycle,
    ReviewAction,
    ReviewStep,
    UpdateState,
    UpdateValue,
)
from hub.monitoring.schemas import (
    CycleIn,
    CycleOut,
    Message,
    ReportFigures,
    TransitionIn,
    UpdateDetail,
    UpdateIn,
    UpdateOut,
    UpdatePatch,
    ValidationErrorOut,
)
from hub.monitoring.tallies import Tallies
from hub.projects.models import Project

# Reads take a token or a session as the registry's do (an anonymous caller reads what the public sees).
router = Router(auth=READ)

# Besides the registry's errors, a step the update's state (or its cycle) does not allow is a 409.
_WRITE_ERRORS = dict(sorted({**WRITE_ERRORS, 409: Message}.items()))


def _write(schema, status: int = 200) -> dict:
    return write_responses(schema, status, _WRITE_ERRORS)


# -- ETags (hub.core.api.ETags: "update-12-v3", "cycle-2024-2025-v2", as the registry's API) -------------


def _record_tag(obj: Model) -> str:
    return f"cycle-{obj.slug}" if isinstance(obj, ReportingCycle) else f"update-{obj.pk}"


ETAGS = ETags(_record_tag)
_with_etag = ETAGS.with_etag


def service_errors():
    """Refusals become 403, wrong states 409, stale versions 412, invalid data 422 naming the fields."""
    return core_api.service_errors(denied="You may not take this step.", statuses={services.WrongState: 409})


# -- Reporting cycles -----------------------------------------------------------------------------------


def _cycle(slug: str) -> ReportingCycle:
    return get_object_or_404(ReportingCycle, slug=slug.replace("–", "-"))


@router.get(
    "/cycles",
    response=list_responses(CycleOut),
    tags=["monitoring"],
    operation_id="list_cycles",
    openapi_extra=OPEN_READ,
    summary="List the M&E reporting cycles, newest first",
    description="A cycle runs October to September by default: `2024-2025` is 2024-10-01 to 2025-09-30, the "
    "cycle of the 2025 M&E report.",
)
@paginate(Pagination)
def list_cycles(request):
    return ReportingCycle.objects.order_by("-start_date")


@router.get(
    "/cycles/{slug}",
    response={200: CycleOut, 404: Message},
    tags=["monitoring"],
    operation_id="get_cycle",
    openapi_extra=OPEN_READ,
    summary="One reporting cycle",
)
def get_cycle(request, slug: str, response: HttpResponse):
    return _with_etag(response, _cycle(slug))


@router.post(
    "/cycles",
    auth=WRITE,
    response=_write(CycleOut, 201),
    tags=["monitoring"],
    operation_id="create_cycle",
    summary="Create a reporting cycle (Secretariat)",
    description="The cycle is created planned; open it to let members report.",
)
def create_cycle(request, payload: CycleIn, response: HttpResponse):
    with service_errors():
        cycle = services.create_cycle(
            actor=caller(request),
            end_year=payload.end_year,
            start_month=payload.start_month,
            due_date=payload.due_date,
            via=VIA,
        )
    response["Location"] = reverse("api:get_cycle", kwargs={"slug": cycle.slug})
    return Status(201, _with_etag(response, cycle))


@router.post(
    "/cycles/{slug}/{step}",
    auth=WRITE,
    response=_write(CycleOut),
    tags=["monitoring"],
    operation_id="change_cycle_state",
    summary="Open or close a reporting cycle (Secretariat)",
    description=f"`step` is `open` or `close`. A closed cycle can be opened again. {IF_MATCH_HELP}",
)
def change_cycle_state(request, slug: str, step: Literal["open", "close"], response: HttpResponse):
    cycle = _cycle(slug)
    version = ETAGS.expected_version(request, cycle)
    change = services.open_cycle if step == "open" else services.close_cycle
    with service_errors():
        cycle = change(actor=caller(request), cycle=cycle, expected_version=version, via=VIA)
    return _with_etag(response, cycle)


# -- Progress updates -----------------------------------------------------------------------------------

RIGHTS = (
    "Drafts are written and submitted by the officers of the project's member or the National Representative "
    "of its country; the National Representative endorses; the ASEAN Secretariat accepts. Either reviewer "
    "can return the update to draft with a comment; the Secretariat can reopen an accepted one."
)


def _visible_update(request, update_id: int) -> ProgressUpdate:
    """The update if the caller may see it; 404 otherwise (its existence is private until accepted)."""
    queryset = ProgressUpdate.objects.with_related().prefetch_related(
        Prefetch("values", queryset=UpdateValue.objects.select_related("indicator").order_by("indicator__name", "pk")),
        Prefetch("reviews", queryset=ReviewStep.objects.select_related("actor").order_by("at", "pk")),
    )
    return get_object_or_404(queryset.visible_to(caller(request)), pk=update_id)


def _detail(request, update: ProgressUpdate) -> ProgressUpdate:
    """Attach what the detail schema shows: history (returns and names only for insiders), actions."""
    user = caller(request)
    insider = policies.is_insider(user, update.project)
    history = []
    for step in update.reviews.all():
        if not insider and step.action == ReviewAction.RETURN:
            continue
        history.append(
            {
                "action": step.action,
                "from_state": step.from_state,
                "to_state": step.to_state,
                "at": step.at,
                "acting_as": step.acting_as,
                "actor": (step.actor.get_full_name() if step.actor else step.actor_label) if insider else None,
                "comment": step.comment if insider else "",
            }
        )
    returns = [h for h in history if h["action"] in REWORK_ACTIONS]
    update.history = history
    update.return_comment = returns[-1]["comment"] if returns and update.state == UpdateState.DRAFT else ""
    update.allowed_actions = policies.allowed_actions(user, update) if insider else []
    return update


@router.get(
    "/updates",
    response=list_responses(UpdateOut),
    tags=["monitoring"],
    operation_id="list_updates",
    openapi_extra=OPEN_READ,
    summary="List progress updates",
    description="Newest cycle first, then by country, member and project. The public sees accepted updates; "
    "a signed-in officer, National Representative or the Secretariat also sees the drafts and reviews "
    "they may see.",
)
@paginate_rows(Pagination, UPDATE_ROWS)
def list_updates(request, filters: Query[UpdateFilter]):
    return filters.apply(caller(request))


@router.get(
    "/updates/{update_id}",
    response={200: UpdateDetail, 404: Message},
    tags=["monitoring"],
    operation_id="get_update",
    openapi_extra=OPEN_READ,
    summary="One progress update, with its review history",
)
def get_update(request, update_id: int, response: HttpResponse):
    update = _visible_update(request, update_id)
    return _with_etag(response, _detail(request, update))


def _comment(request: HttpRequest) -> str:
    """The step's comment from an optional body: JSON ``{"comment": …}`` or a form field."""
    if not request.body:
        return ""
    if request.content_type == "application/json":
        try:
            data = TransitionIn.model_validate_json(request.body)
        except PydanticValidationError as exc:
            errors = [
                {"type": e["type"], "loc": ["body", "payload", *[str(p) for p in e["loc"]]], "msg": e["msg"]}
                for e in exc.errors()
            ]
            raise NinjaValidationError(errors) from exc
        return data.comment
    return request.POST.get("comment", "")


def _project_ref(ref: int | str) -> Project:
    queryset = Project.objects.select_related("member__country")
    if isinstance(ref, int) or str(ref).isdigit():
        return get_object_or_404(queryset, pk=int(ref))
    return get_object_or_404(queryset, slug=ref)


def _values_in(items) -> list[dict]:
    return [{"indicator": v.indicator, "value": v.value, "note": v.note} for v in items]


@router.post(
    "/updates",
    auth=WRITE,
    response=_write(UpdateDetail, 201),
    tags=["monitoring"],
    operation_id="create_update",
    summary="Start a progress update (a draft) for a project and an open cycle",
    description=RIGHTS,
)
def create_update(request, payload: UpdateIn, response: HttpResponse):
    project = _project_ref(payload.project)
    cycle = _cycle(payload.cycle)
    data = payload.model_dump(
        include={"status", "progress", "milestones", "narrative", "challenges", "support_needed", "language"}
    )
    if data.get("language") is None:
        data.pop("language", None)
    with service_errors():
        update = services.create_update(
            actor=caller(request),
            project=project,
            cycle=cycle,
            data=data,
            values=_values_in(payload.indicator_values),
            via=VIA,
        )
    response["Location"] = reverse("api:get_update", kwargs={"update_id": update.pk})
    return Status(201, _with_etag(response, _detail(request, _visible_update(request, update.pk))))


@router.patch(
    "/updates/{update_id}",
    auth=WRITE,
    response=_write(UpdateDetail),
    tags=["monitoring"],
    operation_id="edit_update",
    summary="Change a draft",
    description=f"Only the fields sent change; `indicator_values`, when sent, replaces all figures. {RIGHTS} "
    f"{IF_MATCH_HELP}",
)
def edit_update(request, update_id: int, payload: UpdatePatch, response: HttpResponse):
    update = _visible_update(request, update_id)
    version = ETAGS.expected_version(request, update)
    data = payload.model_dump(exclude_unset=True, exclude={"indicator_values"})
    data = {k: v for k, v in data.items() if v is not None or k in {"narrative", "challenges", "support_needed"}}
    values = _values_in(payload.indicator_values) if payload.indicator_values is not None else None
    with service_errors():
        services.edit_update(
            actor=caller(request), update=update, data=data, values=values, expected_version=version, via=VIA
        )
    return _with_etag(response, _detail(request, _visible_update(request, update_id)))


@router.post(
    "/updates/{update_id}/{step}",
    auth=WRITE,
    response=_write(UpdateDetail),
    tags=["monitoring"],
    operation_id="review_update",
    summary="Move an update along the review chain: submit, endorse, accept, return or reopen",
    description=f"{RIGHTS} `return` needs a `comment`, which the authors see on the draft; so does `reopen`, by "
    "which the Secretariat takes an accepted update back to draft while its cycle is open (the update stops "
    "being public and its published figures are withdrawn until it is accepted again). The body is optional "
    f'for the other steps (JSON `{{"comment": …}}` or a form field). {IF_MATCH_HELP}',
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": TransitionIn.model_json_schema()}},
        }
    },
)
def review_update(
    request,
    update_id: int,
    step: Literal["submit", "endorse", "accept", "return", "reopen"],
    response: HttpResponse,
):
    update = _visible_update(request, update_id)
    version = ETAGS.expected_version(request, update)
    comment = _comment(request)
    with service_errors():
        services.apply_transition(
            step,
            actor=caller(request),
            update=update,
            comment=comment,
            expected_version=version,
            via=VIA,
        )
    return _with_etag(response, _detail(request, _visible_update(request, update_id)))


# -- The annual report ----------------------------------------------------------------------------------

_EXTENSIONS = ("pdf", "xlsx", "csv", "json")


def _report_figures(cycle: ReportingCycle) -> dict:
    f = Tallies().figures(cycle)
    return {
        "cycle": cycle,
        "projects": f.projects,
        "expected": f.expected,
        "accepted": f.accepted,
        "members": f.members,
        "countries": f.countries,
        "by_status": f.by_status,
        "by_focus_area": {area.code: sum(counts.values()) for area, counts in f.by_focus},
        "by_country": {code: n for code, _name, n in f.by_country},
        "average_progress": f.average_progress,
    }


@router.get(
    "/reports/{cycle}",
    response={200: ReportFigures, 404: Message, 422: ValidationErrorOut},
    tags=["monitoring"],
    operation_id="get_report",
    openapi_extra=OPEN_READ,
    summary="The annual M&E report of a cycle: PDF, XLSX, CSV, or its key figures as JSON",
    description="Ask for a format with the extension (`/reports/2024-2025.pdf`, `.xlsx`, `.csv`, `.json`) or "
    "with `?format=`; without either, the key figures as JSON. The CSV holds one table (`table`: projects, "
    "updates, indicator_values, membership, highlights (one project per member) or investment); the XLSX holds "
    "them all. Generated from accepted updates "
    "only; the same data gives the same file.",
)
def get_report(
    request,
    cycle: str,
    format: Query[Literal["pdf", "xlsx", "csv", "json"] | None, P(description="pdf, xlsx, csv or json.")] = None,
    table: Query[
        Literal["projects", "updates", "indicator_values", "membership", "highlights", "investment"],
        P(description="The CSV's table."),
    ] = "projects",
):
    slug, fmt = cycle, format
    for extension in _EXTENSIONS:
        if cycle.endswith("." + extension):
            slug, fmt = cycle[: -len(extension) - 1], fmt or extension
            break
    try:
        the_cycle = _cycle(slug)
    except Http404:
        raise HttpError(404, f"No reporting cycle '{slug}'.") from None
    if fmt in (None, "json"):
        return _report_figures(the_cycle)
    rendered = report_store.stored(the_cycle, fmt, table) or report.render(the_cycle, fmt, table=table)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response
