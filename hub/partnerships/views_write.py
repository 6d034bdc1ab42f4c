"""Write pages: draft and edit an opportunity, take it through the chain, express interest and answer,
record financing, record a partnership, assess and nominate a candidate. Every write goes through
hub.partnerships.services; a refusal shows the service's message at the field it concerns."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.core.services import Conflict
from hub.network.models import Member
from hub.partnerships import policies, services
from hub.partnerships.forms import (
    AssessmentForm,
    FinancingForm,
    MessageForm,
    NominationForm,
    OpportunityForm,
    PartnershipForm,
    ReviewForm,
    apply_errors,
)
from hub.partnerships.models import Partnership
from hub.partnerships.models_assessments import CandidateAssessment
from hub.partnerships.models_opportunities import Interest, Opportunity
from hub.projects.models import Project

VIA = "page"


def _projects_for(user):
    from django.db.models import Q

    from hub.accounts.permissions import scope_for

    scope = scope_for(user)
    qs = Project.objects.select_related("member").order_by("member__name", "title")
    if scope.secretariat:
        return qs
    return qs.filter(Q(member_id__in=scope.officer_member_ids) | Q(member__country_id__in=scope.nr_country_ids))


@login_required
def opportunity_create(request: HttpRequest) -> HttpResponse:
    if not policies.can_create_any_opportunity(request.user):
        raise PermissionDenied(
            _("Only a member's officers, its National Representative or the Secretariat may do this.")
        )
    projects = _projects_for(request.user)
    form = OpportunityForm(request.POST or None, projects=projects, initial={"project": request.GET.get("project")})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "project"}
        try:
            obj = services.create_opportunity(
                actor=request.user, project=form.cleaned_data["project"], data=data, via=VIA
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved. Submit it to your National Representative to publish it."))
            return redirect(obj)
    status = 400 if form.errors else 200
    return render(request, "partnerships/opportunity_form.html", {"form": form}, status=status)


@login_required
def opportunity_edit(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(Opportunity.objects.visible_to(request.user).with_related(), slug=slug)
    if not policies.can_edit_opportunity(request.user, obj):
        raise PermissionDenied(_("You may not edit this opportunity."))
    fields = (
        "title",
        "summary",
        "amount",
        "currency",
        "instrument",
        "stage",
        "readiness",
        "readiness_note",
        "contact_name",
        "contact_email",
    )
    initial = {name: getattr(obj, name) for name in fields}
    form = OpportunityForm(request.POST or None, projects=None, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = int(request.POST.get("version", obj.version))
            services.update_opportunity(
                actor=request.user, opportunity=obj, data=form.cleaned_data, expected_version=version, via=VIA
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except (Conflict, services.WrongState) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect(obj)
    status = 400 if form.errors else 200
    return render(request, "partnerships/opportunity_form.html", {"form": form, "opportunity": obj}, status=status)


@login_required
@require_POST
def opportunity_step(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    obj = get_object_or_404(Opportunity.objects.visible_to(request.user).with_related(), slug=slug)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        services.review_opportunity(
            actor=request.user,
            opportunity=obj,
            action=action,
            comment=form.cleaned_data.get("comment", ""),
            expected_version=int(request.POST.get("version", obj.version)),
            via=VIA,
            base_url=request.build_absolute_uri("/"),
        )
    except ValidationError as exc:
        messages.error(
            request, " ".join(m for ms in getattr(exc, "message_dict", {"": exc.messages}).values() for m in ms)
        )
    except (Conflict, services.WrongState) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done: the opportunity is now %(state)s.") % {"state": _state_label(obj)})
    return redirect(obj)


def _state_label(obj: Opportunity) -> str:
    obj.refresh_from_db(fields=["state"])
    return obj.get_state_display()


@login_required
def express_interest(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(Opportunity.objects.visible_to(request.user).with_related(), slug=slug)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interest = services.express_interest(
                actor=request.user,
                opportunity=obj,
                message=form.cleaned_data["message"],
                via=VIA,
                base_url=request.build_absolute_uri("/"),
            )
        except Opportunity.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your interest is sent. The member's answer will appear here."))
            return redirect(interest)
    if request.method == "GET" and not policies.can_express_interest(request.user, obj):
        raise PermissionDenied(
            _("Only a partner organisation's people may express interest in a published opportunity.")
        )
    status = 400 if form.errors else 200
    return render(request, "partnerships/interest_form.html", {"form": form, "opportunity": obj}, status=status)


@login_required
@require_POST
def opportunity_follow(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(Opportunity.objects.visible_to(request.user).with_related(), slug=slug)
    following = request.POST.get("follow") == "1"
    try:
        services.follow(actor=request.user, opportunity=obj, following=following, via=VIA)
    except Opportunity.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("You follow this opportunity.") if following else _("You no longer follow this opportunity.")
        )
    return redirect(obj)


@login_required
@require_POST
def interest_reply(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Interest.objects.visible_to(request.user).select_related("opportunity"), pk=pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.reply(
                actor=request.user,
                interest=obj,
                message=form.cleaned_data["message"],
                via=VIA,
                base_url=request.build_absolute_uri("/"),
            )
        except Interest.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect(obj)
    context = {"interest": obj, "messages_list": list(obj.messages.all()), "form": form, "can_write": True}
    return render(request, "partnerships/interest.html", context, status=400)


@login_required
@require_POST
def financing_add(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    if kind == "opportunity":
        parent = get_object_or_404(Opportunity.objects.visible_to(request.user).with_related(), slug=slug)
        members = None
    else:
        parent = get_object_or_404(Partnership.objects.with_related(), slug=slug)
        members = parent.members.all() if parent.members.count() > 1 else None
    form = FinancingForm(request.POST, members=members)
    if form.is_valid():
        try:
            services.record_financing(actor=request.user, parent=parent, data=form.cleaned_data, via=VIA)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The financing is recorded, with its conversion to USD."))
            return redirect(parent)
    return render(request, "partnerships/financing_form.html", {"form": form, "parent": parent}, status=400)


@login_required
def partnership_create(request: HttpRequest) -> HttpResponse:
    form = PartnershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        members = list(data.pop("members"))
        try:
            obj = services.create_partnership(actor=request.user, data=data, members=members, via=VIA)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The partnership is recorded."))
            return redirect(obj)
    status = 400 if form.errors else 200
    return render(request, "partnerships/partnership_form.html", {"form": form}, status=status)


@login_required
def partnership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(Partnership.objects.with_related(), slug=slug)
    if not policies.can_edit_partnership(request.user, obj):
        raise PermissionDenied(_("You may not change this partnership."))
    initial = {
        "title": obj.title,
        "partner": obj.partner,
        "programme": obj.programme,
        "kind": obj.kind,
        "status": obj.status,
        "members": list(obj.members.all()),
        "start": obj.start_display,
        "end": obj.end_display,
        "amount": "" if obj.amount is None else f"{obj.amount:f}",
        "currency": obj.currency,
        "description": obj.description,
    }
    form = PartnershipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        members = list(data.pop("members"))
        try:
            services.update_partnership(
                actor=request.user,
                partnership=obj,
                data=data,
                members=members,
                expected_version=int(request.POST.get("version", obj.version)),
                via=VIA,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        except PermissionDenied as exc:
            form.add_error("members", str(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect(obj)
    status = 400 if form.errors else 200
    context = {"form": form, "partnership": obj}
    return render(request, "partnerships/partnership_form.html", context, status=status)


# --- candidate assessments --------------------------------------------------------------------------


@login_required
def assessment_create(request: HttpRequest, slug: str) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("country"), slug=slug)
    if not policies.can_assess(request.user, member):
        raise PermissionDenied(_("Only the country's National Representative or the Secretariat assesses candidates."))
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "criteria": form.criteria_rows()}
        try:
            obj = services.create_assessment(actor=request.user, member=member, data=data, via=VIA)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("partnerships:assessment", obj.pk)
    status = 400 if form.errors else 200
    return render(request, "partnerships/assessment_form.html", {"form": form, "member": member}, status=status)


def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(
        CandidateAssessment.objects.visible_to(request.user).select_related("member__country"), pk=pk
    )
    form = NominationForm(request.POST or None)
    may = policies.can_assess(request.user, obj.member)
    if request.method == "POST":
        if not may:
            raise PermissionDenied(_("Only the country's National Representative or the Secretariat nominates."))
        if form.is_valid():
            try:
                services.nominate(
                    actor=request.user,
                    assessment=obj,
                    recommendation=form.cleaned_data["recommendation"],
                    text=form.cleaned_data["text"],
                    expected_version=int(request.POST.get("version", obj.version)),
                    via=VIA,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            except Conflict as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The recommendation is recorded."))
                return redirect("partnerships:assessment", obj.pk)
    from hub.partnerships.national import admission_of

    context = {
        "assessment": obj,
        "form": form,
        "can_nominate": may and obj.state == "draft",
        "admission": admission_of(obj.member),
    }
    return render(request, "partnerships/assessment.html", context, status=400 if form.errors else 200)
