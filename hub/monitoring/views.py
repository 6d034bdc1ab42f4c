"""Pages of the review chain: the list of updates, writing a draft, an update with its review steps,
who is late, and the reporting cycles.

Updates not yet accepted are private: for anyone who may not see them the page does not exist (404).
A visible update whose step the user may not take answers 403; a step that no longer applies (someone
else moved the update first, or the cycle closed) re-shows the page with the reason.
"""

from __future__ import annotations

import pydantic
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hub.core.filters import filter_errors
from hub.core.labels import by_label
from hub.core.services import Conflict
from hub.monitoring import policies, services
from hub.monitoring.filters import LateFilter, UpdateFilter
from hub.monitoring.forms import CycleForm, StepForm, UpdateForm
from hub.monitoring.late import late_list
from hub.monitoring.models import (
    REWORK_ACTIONS,
    CycleState,
    ProgressUpdate,
    ReportingCycle,
    ReviewAction,
    ReviewStep,
    UpdateState,
    UpdateValue,
)
from hub.monitoring.selectors import CycleFacts
from hub.network.models import Country
from hub.projects.models import Indicator, Project

VIA = "page"
UPDATES_PER_PAGE = 25
LATE_PER_PAGE = 50

FIELD_LABELS = {
    "cycle": gettext_lazy("Cycle"),
    "project": gettext_lazy("Project"),
    "member": gettext_lazy("Member"),
    "country": gettext_lazy("Country"),
    "state": gettext_lazy("Review state"),
}


def _messages(exc: pydantic.ValidationError) -> list[str]:
    return filter_errors(exc, FIELD_LABELS)


def _error_list(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [msg for messages_ in exc.message_dict.values() for msg in messages_]
    return list(exc.messages)


def _login_needed(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    return None


# --- the list, and what waits for the user ------------------------------------------------------------


def _work(user) -> dict:
    """What waits for this user: reviews to do, and reports to write in open cycles."""
    to_review = ProgressUpdate.objects.filter(policies.review_queue_q(user))
    to_review = list(to_review.with_related().order_by("submitted_at", "pk")[:50])
    to_write = []
    open_cycles = [c for c in ReportingCycle.objects.filter(state=CycleState.OPEN).order_by("start_date")]
    reporting = policies.reporting_q(user)
    if open_cycles and reporting is not None:
        facts = CycleFacts(project_q=reporting)
        for cycle in open_cycles:
            for pid in facts.late(cycle):
                to_write.append({"cycle": cycle, "project": facts.projects[pid], "update": facts.update_in(cycle, pid)})
    return {"to_review": to_review, "to_write": to_write[:50], "to_write_count": len(to_write)}


def updates(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET.get(name, "").strip() for name in UpdateFilter.model_fields}
    context = {
        "params": params,
        "errors": [],
        "cycles": ReportingCycle.objects.order_by("-start_date"),
        "countries": by_label(Country.objects.all()),
        "states": UpdateState.choices if policies.sees_unpublished(request.user) else [],
        "sees_unpublished": policies.sees_unpublished(request.user),
    }
    try:
        update_filter = UpdateFilter(**params)
    except pydantic.ValidationError as exc:
        context["errors"] = _messages(exc)
        return render(request, "monitoring/updates.html", context, status=400)
    paginator = Paginator(update_filter.apply(request.user), UPDATES_PER_PAGE)
    context.update({"page_obj": paginator.get_page(request.GET.get("page")), "paginator": paginator})
    if request.user.is_authenticated:
        context["work"] = _work(request.user)
    return render(request, "monitoring/updates.html", context)


# --- writing a draft ----------------------------------------------------------------------------------


def _indicators(project: Project) -> list[Indicator]:
    return list(Indicator.objects.filter(project=project).order_by("name", "pk"))


def update_new(request: HttpRequest) -> HttpResponse:
    if (needed := _login_needed(request)) is not None:
        return needed
    q = policies.reporting_q(request.user)
    if q is None:
        raise PermissionDenied(_("Only city officers and National Representatives write progress updates."))
    projects = Project.objects.filter(q).select_related("member__country").order_by("member__name", "title")
    open_cycles = list(ReportingCycle.objects.filter(state=CycleState.OPEN).order_by("-start_date"))
    project_ref = (request.POST.get("project") or request.GET.get("project") or "").strip()
    cycle_ref = (request.POST.get("cycle") or request.GET.get("cycle") or "").strip()
    project = projects.filter(slug=project_ref).first() if project_ref else None
    cycle = next((c for c in open_cycles if c.slug == cycle_ref), None)
    if project is None or cycle is None:
        errors = []
        if project_ref and project is None:
            errors.append(_("You do not report on a project '%(ref)s'.") % {"ref": project_ref})
        if cycle_ref and cycle is None:
            errors.append(_("'%(ref)s' is not an open reporting cycle.") % {"ref": cycle_ref})
        context = {"projects": projects, "cycles": open_cycles, "errors": errors, "project_ref": project_ref}
        return render(request, "monitoring/update_choose.html", context, status=400 if errors else 200)
    existing = ProgressUpdate.objects.filter(project=project, cycle=cycle).first()
    if existing is not None:
        return redirect("monitoring:update", existing.pk)
    indicators = _indicators(project)
    errors: list[str] = []
    if request.method == "POST":
        form = UpdateForm(request.POST, indicators=indicators)
        if form.is_valid():
            try:
                update = services.create_update(
                    actor=request.user,
                    project=project,
                    cycle=cycle,
                    data=form.update_data(),
                    values=form.values(),
                    via=VIA,
                )
            except (ValidationError, services.WrongState) as exc:
                errors = _error_list(exc) if isinstance(exc, ValidationError) else [str(exc)]
            else:
                messages.success(request, _("Draft saved. Submit it when it is complete."))
                return redirect("monitoring:update", update.pk)
    else:
        last = (
            ProgressUpdate.objects.filter(project=project, state=UpdateState.ACCEPTED)
            .order_by("-cycle__start_date")
            .first()
        )
        form = UpdateForm(
            initial={
                "status": last.status if last else project.status,
                "progress": last.progress if last else 0,
                "language": project.language,
            },
            indicators=indicators,
        )
    context = {"form": form, "project": project, "cycle": cycle, "errors": errors, "creating": True}
    return render(request, "monitoring/update_form.html", context, status=400 if request.method == "POST" else 200)


def _visible(request: HttpRequest, update_id: int) -> ProgressUpdate:
    queryset = ProgressUpdate.objects.with_related().select_related("created_by")
    return get_object_or_404(queryset.visible_to(request.user), pk=update_id)


def update_edit(request: HttpRequest, update_id: int) -> HttpResponse:
    update = _visible(request, update_id)
    if (needed := _login_needed(request)) is not None:
        return needed
    if not policies.can_report_for(request.user, update.project):
        raise PermissionDenied(_("Only the officers of the member and its National Representative edit its updates."))
    indicators = _indicators(update.project)
    errors: list[str] = []
    if not policies.can_edit_update(request.user, update):
        errors.append(
            _("This update is %(state)s in a cycle that is %(cycle)s: only a draft in an open cycle can be edited.")
            % {"state": update.get_state_display(), "cycle": update.cycle.get_state_display()}
        )
        return render(
            request, "monitoring/update_form.html", {"update": update, "errors": errors, "locked": True}, status=409
        )
    if request.method == "POST":
        form = UpdateForm(request.POST, indicators=indicators)
        if form.is_valid():
            try:
                services.edit_update(
                    actor=request.user,
                    update=update,
                    data=form.update_data(),
                    values=form.values(),
                    expected_version=form.cleaned_data.get("version"),
                    via=VIA,
                )
            except (ValidationError, services.WrongState, Conflict) as exc:
                errors = _error_list(exc) if isinstance(exc, ValidationError) else [str(exc)]
            else:
                messages.success(request, _("Draft saved."))
                return redirect("monitoring:update", update.pk)
    else:
        initial = {
            "status": update.status,
            "progress": update.progress,
            "milestones": "\n".join(update.milestones),
            "narrative": update.narrative,
            "challenges": update.challenges,
            "support_needed": update.support_needed,
            "language": update.language,
            "version": update.version,
        }
        for value in update.values.all():
            initial[f"value_{value.indicator_id}"] = value.value.normalize()
            initial[f"note_{value.indicator_id}"] = value.note
        form = UpdateForm(initial=initial, indicators=indicators)
    last_return = ReviewStep.objects.filter(update=update, action__in=REWORK_ACTIONS).order_by("-at", "-pk").first()
    context = {
        "form": form,
        "update": update,
        "project": update.project,
        "cycle": update.cycle,
        "errors": errors,
        "return_comment": last_return,
    }
    return render(request, "monitoring/update_form.html", context, status=400 if request.method == "POST" else 200)


# --- one update and its review steps ------------------------------------------------------------------


def _update_context(request: HttpRequest, update: ProgressUpdate) -> dict:
    insider = policies.is_insider(request.user, update.project)
    reviews = list(ReviewStep.objects.filter(update=update).select_related("actor").order_by("at", "pk"))
    if not insider:
        reviews = [r for r in reviews if r.action != ReviewAction.RETURN]
    returns = [r for r in reviews if r.action in REWORK_ACTIONS]
    values = list(UpdateValue.objects.filter(update=update).select_related("indicator").order_by("indicator__name"))
    actions = policies.allowed_actions(request.user, update) if insider else []
    return {
        "update": update,
        "insider": insider,
        "reviews": reviews,
        "values": values,
        "return_comment": returns[-1] if returns and update.state == UpdateState.DRAFT else None,
        "actions": actions,
        "can_edit": insider and policies.can_edit_update(request.user, update),
        "step_form": StepForm(initial={"version": update.version}),
        "endorses_as": policies.endorses_as(request.user, update) if "endorse" in actions else None,
    }


def update_detail(request: HttpRequest, update_id: int) -> HttpResponse:
    update = _visible(request, update_id)
    return render(request, "monitoring/update.html", _update_context(request, update))


STEP_DONE = {
    "submit": gettext_lazy("Submitted. The National Representative will review it."),
    "endorse": gettext_lazy("Endorsed. The Secretariat will review it."),
    "accept": gettext_lazy("Accepted. The update is now public."),
    "return": gettext_lazy("Returned to draft with your comment."),
    "reopen": gettext_lazy("Reopened: the update is a draft again and no longer public."),
}


@require_POST
def update_step(request: HttpRequest, update_id: int, step: str) -> HttpResponse:
    update = _visible(request, update_id)
    if (needed := _login_needed(request)) is not None:
        return needed
    if step not in services.TRANSITIONS:
        return render(request, "404.html", status=404)
    form = StepForm(request.POST)
    errors: list[str] = []
    status = 400
    if form.is_valid():
        try:
            services.apply_transition(
                step,
                actor=request.user,
                update=update,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data.get("version"),
                via=VIA,
            )
        except ValidationError as exc:
            errors = _error_list(exc)
        except (services.WrongState, Conflict) as exc:
            errors, status = [str(exc)], 409
        else:
            messages.success(request, str(STEP_DONE[step]))
            return redirect("monitoring:update", update.pk)
    else:
        errors = [msg for field_errors in form.errors.values() for msg in field_errors]
    update.refresh_from_db()
    context = _update_context(request, update)
    context.update({"errors": errors, "failed_step": step, "step_form": StepForm(request.POST)})
    return render(request, "monitoring/update.html", context, status=status)


# --- who is late --------------------------------------------------------------------------------------


def late(request: HttpRequest) -> HttpResponse:
    if (needed := _login_needed(request)) is not None:
        return needed
    if not policies.can_see_late(request.user):
        raise PermissionDenied(_("The list of late reports is for National Representatives and the Secretariat."))
    params = {name: request.GET.get(name, "").strip() for name in LateFilter.model_fields}
    try:
        late_filter = LateFilter(**params)
    except pydantic.ValidationError as exc:
        late_filter, errors = None, _messages(exc)
    else:
        errors = []
    found = late_list(request.user, late_filter or LateFilter())
    errors += [f"{FIELD_LABELS.get(name, name)}: {message}" for name, message in found.errors]
    context = {
        "cycles": list(reversed(found.cycles)),
        "countries": found.countries,
        "params": params,
        "errors": errors,
        "cycle": found.cycle,
    }
    if errors:
        return render(request, "monitoring/late.html", context, status=400)
    if found.rows is not None:
        paginator = Paginator(found.rows, LATE_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context.update(
            {
                "rows": page_obj.object_list,
                "page_obj": page_obj,
                "paginator": paginator,
                "late_count": len(found.rows),
                "late_members": found.members,
                "expected_count": found.expected,
                "overdue": found.overdue,
            }
        )
    return render(request, "monitoring/late.html", context)


def _today():
    return timezone.localdate()


# --- reporting cycles ---------------------------------------------------------------------------------


def cycles(request: HttpRequest) -> HttpResponse:
    can_manage = policies.can_manage_cycles(request.user)
    errors: list[str] = []
    latest = ReportingCycle.objects.order_by("-end_year").values_list("end_year", flat=True).first()
    running_year = _today().year + (1 if _today().month >= 10 else 0)
    form = CycleForm(initial={"end_year": max(running_year, (latest or 0) + 1), "start_month": 10})
    status = 200
    if request.method == "POST":
        if (needed := _login_needed(request)) is not None:
            return needed
        if not can_manage:
            raise PermissionDenied(_("Only the Secretariat creates reporting cycles."))
        form = CycleForm(request.POST)
        if form.is_valid():
            try:
                cycle = services.create_cycle(actor=request.user, via=VIA, **form.cleaned_data)
            except ValidationError as exc:
                errors = _error_list(exc)
            else:
                messages.success(
                    request, _("Cycle %(cycle)s created. Open it to let members report.") % {"cycle": cycle.label}
                )
                return redirect("monitoring:cycles")
        status = 400
    facts = CycleFacts()
    series = list(reversed(facts.series()))
    context = {"series": series, "form": form, "can_manage": can_manage, "errors": errors, "today": _today()}
    return render(request, "monitoring/cycles.html", context, status=status)


@require_POST
def cycle_step(request: HttpRequest, slug: str, step: str) -> HttpResponse:
    if (needed := _login_needed(request)) is not None:
        return needed
    cycle = get_object_or_404(ReportingCycle, slug=slug)
    if step not in ("open", "close"):
        return render(request, "404.html", status=404)
    change = services.open_cycle if step == "open" else services.close_cycle
    try:
        version = int(request.POST.get("version", "")) if request.POST.get("version") else None
        change(actor=request.user, cycle=cycle, expected_version=version, via=VIA)
    except (Conflict, ValueError) as exc:
        messages.error(request, str(exc))
    else:
        done = _("Cycle %(cycle)s is open.") if step == "open" else _("Cycle %(cycle)s is closed.")
        messages.success(request, done % {"cycle": cycle.label})
    return redirect("monitoring:cycles")
