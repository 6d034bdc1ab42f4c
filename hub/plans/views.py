"""Pages of the action plans: a member's plan (public), and the pages where its officers and the Secretariat
write the plan and its targets (hub.plans.policies; writes through hub.plans.services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hub.core.services import Conflict
from hub.network.models import Member
from hub.plans import services
from hub.plans.forms import PlanForm, TargetForm
from hub.plans.models import ActionPlan, StrategicTarget
from hub.plans.policies import can_edit_plan

VIA = "page"


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def plan(request: HttpRequest, slug: str) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("country"), slug=slug)
    action_plan = ActionPlan.objects.with_parts().filter(member=member).first()
    return render(
        request,
        "plans/plan.html",
        {
            "member": member,
            "plan": action_plan,
            "last_change": last_change(action_plan) if action_plan else None,
            "can_edit": can_edit_plan(request.user, member),
        },
    )


def last_change(action_plan: ActionPlan):
    """The latest change a person made to the plan or its targets in the hub (None: as loaded from the sources).
    Loading the reference data is not a change of the plan, so its date is not shown as one."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from hub.core.models import ChangeEntry
    from hub.network.services import LOADER

    plan_type = ContentType.objects.get_for_model(ActionPlan)
    target_type = ContentType.objects.get_for_model(StrategicTarget)
    target_ids = [str(t.pk) for t in action_plan.targets.all()]
    return (
        ChangeEntry.objects.filter(
            Q(content_type=plan_type, object_id=str(action_plan.pk))
            | Q(content_type=target_type, object_id__in=target_ids)
        )
        .exclude(actor_label=LOADER)
        .order_by("-at", "-pk")
        .first()
    )


@login_required
def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    member = get_object_or_404(Member, slug=slug)
    if not can_edit_plan(request.user, member):
        raise PermissionDenied
    existing = ActionPlan.objects.filter(member=member).first()
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in ("title", "vision", "focus_areas", "focus_notes")}
            try:
                services.save_plan(
                    actor=request.user,
                    member=member,
                    data=data,
                    expected_version=form.cleaned_data["version"],
                    via=VIA,
                )
            except Conflict as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The action plan was saved."))
                return redirect("plans:plan", member.slug)
    elif existing:
        form = PlanForm(
            initial={
                "title": existing.title,
                "vision": existing.vision,
                "focus_areas": existing.focus_areas,
                "focus_notes": existing.focus_notes,
                "version": existing.version,
            }
        )
    else:
        form = PlanForm()
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/plan_form.html", {"member": member, "form": form, "plan": existing}, status=status)


@login_required
def target_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    member = get_object_or_404(Member, slug=slug)
    action_plan = get_object_or_404(ActionPlan, member=member)
    if not can_edit_plan(request.user, member):
        raise PermissionDenied
    target = get_object_or_404(StrategicTarget, pk=pk, plan=action_plan) if pk else None
    if request.method == "POST":
        form = TargetForm(request.POST, member=member)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in ("heading", "text", "value", "unit", "year", "indicator")}
            try:
                if target is None:
                    services.add_target(actor=request.user, plan=action_plan, data=data, via=VIA)
                else:
                    services.update_target(
                        actor=request.user,
                        target=target,
                        data=data,
                        expected_version=form.cleaned_data["version"],
                        via=VIA,
                    )
            except Conflict as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The target was saved."))
                return redirect("plans:plan", member.slug)
    elif target is not None:
        form = TargetForm(
            member=member,
            initial={
                "heading": target.heading,
                "text": target.text,
                "value": target.value,
                "unit": target.unit,
                "year": target.year,
                "indicator": target.indicator_id,
                "version": target.version,
            },
        )
    else:
        form = TargetForm(member=member)
    status = 400 if request.method == "POST" else 200
    context = {"member": member, "form": form, "target": target, "plan": action_plan}
    return render(request, "plans/target_form.html", context, status=status)
