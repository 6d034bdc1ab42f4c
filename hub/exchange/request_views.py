"""Pages of collaboration requests and collaborations.

A request is private to both sides' officers and National Representatives and the network-wide roles
(CollaborationRequest.objects.visible_to): anyone else gets a 404. Collaborations are public.
"""

from __future__ import annotations

import pydantic
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.core.filters import filter_errors
from hub.core.services import Conflict
from hub.exchange import policies, services
from hub.exchange.filters import CollaborationFilter, RequestFilter
from hub.exchange.forms import AnswerForm, CollaborationForm, RequestForm
from hub.exchange.models import (
    Challenge,
    Collaboration,
    CollaborationKind,
    CollaborationRequest,
    CollaborationStatus,
    RequestState,
)
from hub.network.models import Member
from hub.projects.models import Project

PER_PAGE = 25
VIA = "page"
LABELS = {
    "member": gettext_lazy("Member"),
    "state": gettext_lazy("State"),
    "kind": gettext_lazy("Kind"),
    "status": gettext_lazy("Status"),
    "cycle": gettext_lazy("Cycle"),
}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    """Ask another member; ``?challenge=<id>``, ``?project=<slug>`` and ``?to=<slug>`` fill the form."""
    if not policies.can_send_any_request(request.user):
        raise PermissionDenied(_("Only city officers send collaboration requests, in their member's name."))
    challenge = None
    if request.GET.get("challenge", "").isdigit():
        challenge = Challenge.objects.visible_to(request.user).filter(pk=int(request.GET["challenge"])).first()
    project = None
    if request.GET.get("project"):
        project = Project.objects.select_related("member").filter(slug=request.GET["project"]).first()
    initial = {}
    if challenge is not None:
        initial["subject"] = challenge.title
        if challenge.member_id not in policies.members_for_new_challenges(request.user).values_list("pk", flat=True):
            initial["to_member"] = challenge.member_id
    if project is not None:
        initial.setdefault("subject", project.title)
        initial["to_member"] = project.member_id
    if request.GET.get("to"):
        to = Member.objects.filter(slug=request.GET["to"]).first()
        if to is not None:
            initial["to_member"] = to.pk
    form = RequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.send_request(
                actor=request.user,
                from_member=data["from_member"],
                to_member=data["to_member"],
                kind=data["kind"],
                subject=data["subject"],
                message=data["message"],
                challenge=challenge,
                project=project,
                base_url=_base_url(request),
                via=VIA,
            )
        except PermissionDenied as exc:
            form.add_error("from_member", str(exc))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request, _("Your request was sent to %(member)s's officers.") % {"member": sent.to_member.name}
            )
            return redirect(sent)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "exchange/request_new.html",
        {"form": form, "challenge": challenge, "project": project},
        status=status,
    )


def _filtered(request: HttpRequest, filter_class, queryset):
    params = {name: request.GET.get(name, "").strip() for name in filter_class.model_fields}
    try:
        return params, filter_class(**params).apply(queryset), []
    except pydantic.ValidationError as exc:
        return params, None, filter_errors(exc, LABELS)


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    params, queryset, errors = _filtered(request, RequestFilter, CollaborationRequest.objects.visible_to(request.user))
    context = {"params": params, "errors": errors, "states": RequestState.choices, "kinds": CollaborationKind.choices}
    if queryset is None:
        return render(request, "exchange/requests.html", context, status=400)
    context["page_obj"] = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "exchange/requests.html", context)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(CollaborationRequest.objects.visible_to(request.user).with_related(), pk=pk)
    can_answer = item.state == RequestState.PENDING and policies.can_answer_request(request.user, item)
    can_withdraw = item.state == RequestState.PENDING and policies.can_withdraw_request(request.user, item)
    form = AnswerForm(request.POST or None, initial={"version": item.version})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        status = 400
        if form.is_valid():
            kwargs = {
                "actor": request.user,
                "request": item,
                "expected_version": form.cleaned_data.get("version"),
                "via": VIA,
            }
            try:
                if action in ("accept", "decline"):
                    services.answer_request(
                        **kwargs,
                        accept=action == "accept",
                        reply=form.cleaned_data["reply"],
                        base_url=_base_url(request),
                    )
                elif action == "withdraw":
                    services.withdraw_request(**kwargs)
                else:
                    form.add_error(None, _("Accept, decline or withdraw the request."))
            except (PermissionDenied, services.WrongState, Conflict) as exc:
                form.add_error(None, str(exc))
                status = 409 if not isinstance(exc, PermissionDenied) else 403
            except ValidationError as exc:
                form.add_service_errors(exc)
            if not form.errors:
                done = {
                    "accept": _("You accepted the request: the collaboration has started."),
                    "decline": _("You declined the request."),
                    "withdraw": _("You withdrew the request."),
                }
                messages.success(request, done[action])
                return redirect(item)
    return render(
        request,
        "exchange/request.html",
        {"item": item, "form": form, "can_answer": can_answer, "can_withdraw": can_withdraw},
        status=status,
    )


def collaboration_list(request: HttpRequest) -> HttpResponse:
    params, queryset, errors = _filtered(request, CollaborationFilter, Collaboration.objects.visible_to(request.user))
    context = {"params": params, "errors": errors, "statuses": CollaborationStatus.choices}
    if queryset is None:
        return render(request, "exchange/collaborations.html", context, status=400)
    context["page_obj"] = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "exchange/collaborations.html", context)


def collaboration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = get_object_or_404(Collaboration.objects.visible_to(request.user).with_related(), pk=pk)
    origin = CollaborationRequest.objects.visible_to(request.user).filter(collaboration=collaboration).first()
    can_edit = any(policies.is_officer_of(request.user, m.pk) for m in collaboration.members.all())
    form, status = None, 200
    if can_edit:
        initial = {
            "topic": collaboration.topic,
            "status": collaboration.status,
            "end_date": collaboration.end_date,
            "version": collaboration.version,
        }
        form = CollaborationForm(request.POST or None, initial=initial, collaboration=collaboration)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "add_member")}
                try:
                    saved = services.update_collaboration(
                        actor=request.user,
                        collaboration=collaboration,
                        data=data,
                        expected_version=form.cleaned_data.get("version"),
                        via=VIA,
                    )
                    if form.cleaned_data.get("add_member"):
                        services.add_collaboration_member(
                            actor=request.user,
                            collaboration=saved,
                            member=form.cleaned_data["add_member"],
                            expected_version=saved.version,
                            via=VIA,
                        )
                except Conflict as exc:
                    form.add_error(None, str(exc))
                    status = 409
                except ValidationError as exc:
                    form.add_service_errors(exc)
                else:
                    messages.success(request, _("The collaboration was saved."))
                    return redirect(collaboration)
    elif request.method == "POST":
        raise PermissionDenied(_("Only the officers of the collaboration's members change it."))
    return render(
        request,
        "exchange/collaboration.html",
        {"collaboration": collaboration, "origin": origin, "form": form},
        status=status,
    )
