"""The action-plan API: a member's plan (read by everyone; written by its officers and the Secretariat, with
ETag / If-Match), its targets, and the list of plans."""

from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from hub.accounts.auth import READ, WRITE, caller
from hub.core.api import (
    OPEN_READ,
    VIA,
    ETags,
    Pagination,
    detail_responses,
    list_responses,
    service_errors,
    write_responses,
)
from hub.core.filters import FilterSchema
from hub.network.models import Member
from hub.plans import services
from hub.plans.models import ActionPlan, StrategicTarget
from hub.plans.schemas import ActionPlanIn, ActionPlanOut, TargetIn, TargetOut

router = Router(auth=READ, tags=["action plans"])


def _tag(obj: Model) -> str:
    return f"{'action-plan' if isinstance(obj, ActionPlan) else 'plan-target'}-{obj.pk}"


ETAGS = ETags(_tag)
NO_PLAN = "No Smart City Action Plan is recorded for this member."


class PlanFilter(FilterSchema):
    member: str | None = None
    country: str | None = None


def _plan(member: Member) -> ActionPlan:
    plan = ActionPlan.objects.with_parts().filter(member=member).first()
    if plan is None:
        raise HttpError(404, NO_PLAN)
    return plan


@router.get(
    "/action-plans",
    openapi_extra=OPEN_READ,
    response=list_responses(ActionPlanOut),
    operation_id="list_action_plans",
    summary="List the members' Smart City Action Plans, with their targets and priority projects",
)
@paginate(Pagination)
def list_action_plans(request, filters: Query[PlanFilter]):
    plans = ActionPlan.objects.with_parts().order_by("member__name", "pk")
    if filters.member:
        plans = plans.filter(member__slug=filters.member)
    if filters.country:
        plans = plans.filter(member__country__code=filters.country.upper())
    return plans


@router.get(
    "/members/{member_id}/action-plan",
    openapi_extra=OPEN_READ,
    response=detail_responses(ActionPlanOut),
    operation_id="get_action_plan",
    summary="A member's Smart City Action Plan (404 when it has none)",
)
def get_action_plan(request, member_id: int, response: HttpResponse):
    return ETAGS.with_etag(response, _plan(get_object_or_404(Member, pk=member_id)))


@router.put(
    "/members/{member_id}/action-plan",
    auth=WRITE,
    response=write_responses(ActionPlanOut),
    operation_id="save_action_plan",
    summary="Write or update a member's action plan (its officers, the Secretariat)",
    description="Only the fields sent change; a new plan needs its `vision`. Send the plan's `ETag` in "
    "`If-Match` to be refused (412) if someone changed it since you read it.",
)
def save_action_plan(request, member_id: int, payload: ActionPlanIn, response: HttpResponse):
    member = get_object_or_404(Member, pk=member_id)
    existing = ActionPlan.objects.filter(member=member).first()
    version = ETAGS.expected_version(request, existing) if existing else None
    with service_errors(denied="Only the member's officers and the Secretariat keep its action plan."):
        services.save_plan(
            actor=caller(request), member=member, data=payload.model_data(), expected_version=version, via=VIA
        )
    return ETAGS.with_etag(response, _plan(member))


@router.post(
    "/members/{member_id}/action-plan/targets",
    auth=WRITE,
    response=write_responses(TargetOut, 201),
    operation_id="add_action_plan_target",
    summary="Add a strategic target to a member's action plan",
)
def add_target(request, member_id: int, payload: TargetIn, response: HttpResponse):
    member = get_object_or_404(Member, pk=member_id)
    plan = ActionPlan.objects.filter(member=member).first()
    if plan is None:
        raise HttpError(404, NO_PLAN)
    with service_errors(denied="Only the member's officers and the Secretariat keep its action plan."):
        target = services.add_target(actor=caller(request), plan=plan, data=payload.model_data(), via=VIA)
    return ETAGS.created(response, target, "get_action_plan_target", target_id=target.pk)


@router.get(
    "/action-plan-targets/{target_id}",
    openapi_extra=OPEN_READ,
    response=detail_responses(TargetOut),
    operation_id="get_action_plan_target",
    url_name="get_action_plan_target",
    summary="One strategic target",
)
def get_target(request, target_id: int, response: HttpResponse):
    return ETAGS.with_etag(
        response, get_object_or_404(StrategicTarget.objects.select_related("indicator"), pk=target_id)
    )


@router.patch(
    "/action-plan-targets/{target_id}",
    auth=WRITE,
    response=write_responses(TargetOut),
    operation_id="update_action_plan_target",
    summary="Change a strategic target (If-Match: its ETag)",
)
def update_target(request, target_id: int, payload: TargetIn, response: HttpResponse):
    target = get_object_or_404(StrategicTarget.objects.select_related("plan__member"), pk=target_id)
    version = ETAGS.expected_version(request, target)
    with service_errors(denied="Only the member's officers and the Secretariat keep its action plan."):
        target = services.update_target(
            actor=caller(request), target=target, data=payload.model_data(), expected_version=version, via=VIA
        )
    return ETAGS.with_etag(response, target)


@router.delete(
    "/action-plan-targets/{target_id}",
    auth=WRITE,
    response=write_responses(None, 204),
    operation_id="delete_action_plan_target",
    summary="Remove a strategic target (If-Match: its ETag)",
)
def delete_target(request, target_id: int):
    target = get_object_or_404(StrategicTarget.objects.select_related("plan__member"), pk=target_id)
    version = ETAGS.expected_version(request, target)
    with service_errors(denied="Only the member's officers and the Secretariat keep its action plan."):
        services.delete_target(actor=caller(request), target=target, expected_version=version, via=VIA)
    return 204, None
