"""Pages of the challenges register: the list with its filters and CSV, a challenge, create and edit.

The list validates ``request.GET`` with the API's filter class (hub.exchange.filters.ChallengeFilter);
bad input gets its messages and a 400 page. Reads go through ``Challenge.objects.visible_to``: a draft
someone may not read is a 404, as if it did not exist. Writes go through hub.exchange.services.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pydantic
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.core.exports import csv_response
from hub.core.filters import filter_errors
from hub.core.labels import by_label
from hub.core.services import Conflict
from hub.exchange import policies, services
from hub.exchange.filters import ChallengeFilter
from hub.exchange.forms import ChallengeForm
from hub.exchange.models import Challenge, ChallengeStatus, CollaborationRequest, HelpKind, Severity
from hub.exchange.similar import similar_elsewhere
from hub.network.models import Country, Member
from hub.projects.models import FocusArea, Language

PER_PAGE = 25
VIA = "page"

FIELD_LABELS = {
    "q": gettext_lazy("Text"),
    "country": gettext_lazy("Country"),
    "member": gettext_lazy("Member"),
    "project": gettext_lazy("Project"),
    "focus_area": gettext_lazy("Focus area"),
    "status": gettext_lazy("Status"),
    "active": gettext_lazy("Still open"),
    "min_severity": gettext_lazy("At least this severity"),
    "help": gettext_lazy("Help wanted"),
    "language": gettext_lazy("Language"),
}

CSV_COLUMNS = [
    "id",
    "title",
    "member_slug",
    "member",
    "country_code",
    "project_slug",
    "focus_areas",
    "severity",
    "status",
    "help_wanted",
    "language",
    "text",
    "solution",
    "from_update_cycle",
    "published",
    "sources",
    "is_demo",
    "url",
]


def _challenge_filter(request: HttpRequest):
    params = {name: request.GET.get(name, "").strip() for name in ChallengeFilter.model_fields}
    try:
        return params, ChallengeFilter(**params), []
    except pydantic.ValidationError as exc:
        return params, None, filter_errors(exc, FIELD_LABELS)


def challenge_list(request: HttpRequest) -> HttpResponse:
    params, challenge_filter, errors = _challenge_filter(request)
    context = {
        "params": params,
        "errors": errors,
        "countries": by_label(Country.objects.all()),
        "members": Member.objects.filter(challenges__isnull=False).distinct().order_by("name"),
        "focus_areas": FocusArea.objects.order_by("position"),
        "statuses": ChallengeStatus.choices,
        "severities": Severity.choices,
        "helps": HelpKind.choices,
        "languages": Language.choices,
        "csv_query": urlencode({k: v for k, v in params.items() if v}),
        "can_create": policies.can_create_any_challenge(request.user),
    }
    if challenge_filter is None:
        return render(request, "exchange/challenges.html", context, status=400)
    queryset = challenge_filter.apply(Challenge.objects.visible_to(request.user))
    paginator = Paginator(queryset, PER_PAGE)
    context["page_obj"] = paginator.get_page(request.GET.get("page"))
    context["paginator"] = paginator
    return render(request, "exchange/challenges.html", context)


def challenge_csv(request: HttpRequest) -> HttpResponse:
    _params, challenge_filter, errors = _challenge_filter(request)
    if challenge_filter is None:
        return HttpResponseBadRequest("\n".join(errors) + "\n", content_type="text/plain; charset=utf-8")
    queryset = challenge_filter.apply(Challenge.objects.visible_to(request.user))

    def rows():
        for c in queryset:
            yield [
                c.pk,
                c.title,
                c.member.slug,
                c.member.name,
                c.member.country.code,
                c.project.slug if c.project else "",
                ";".join(fa.code for fa in c.focus_areas.all()),
                c.get_severity_display(),
                c.status,
                ";".join(c.help_wanted),
                c.language,
                c.text,
                c.solution,
                c.source_update.cycle.slug if c.source_update else "",
                "yes" if c.published else "no",
                " ".join(c.sources or []),
                "yes" if c.is_demo else "no",
                request.build_absolute_uri(c.get_absolute_url()),
            ]

    return csv_response(CSV_COLUMNS, rows(), filename="ascn-challenges.csv")


def visible_challenge(request: HttpRequest, pk: int) -> Challenge:
    return get_object_or_404(Challenge.objects.visible_to(request.user).with_related(), pk=pk)


def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = visible_challenge(request, pk)
    requests = list(CollaborationRequest.objects.visible_to(request.user).with_related().filter(challenge=challenge))
    return render(
        request,
        "exchange/challenge.html",
        {
            "challenge": challenge,
            "can_edit": policies.can_classify_challenge(request.user, challenge),
            "can_ask": policies.can_send_any_request(request.user),
            "requests": requests,
            "collaborations": list(challenge.collaborations.with_related()),
            "similar": similar_elsewhere(challenge),
        },
    )


@login_required
def challenge_create(request: HttpRequest) -> HttpResponse:
    if not policies.can_create_any_challenge(request.user):
        raise PermissionDenied(_("Only city officers post challenges, for their own member."))
    form = ChallengeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.create_challenge(
                actor=request.user,
                data=form.service_data(),
                focus_areas=form.cleaned_data["focus_areas"],
                via=VIA,
            )
        except PermissionDenied as exc:
            form.add_error("member", str(exc))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The challenge was added."))
            return redirect(challenge)
    status = 400 if request.method == "POST" else 200
    return render(request, "exchange/challenge_edit.html", {"form": form, "challenge": None}, status=status)


@login_required
def challenge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = visible_challenge(request, pk)
    if not policies.can_classify_challenge(request.user, challenge):
        raise PermissionDenied(_("You may not edit this challenge."))
    if request.method != "POST":
        form = ChallengeForm(initial=ChallengeForm.initial_for(challenge), user=request.user, challenge=challenge)
        return render(request, "exchange/challenge_edit.html", {"form": form, "challenge": challenge})
    form = ChallengeForm(request.POST, user=request.user, challenge=challenge)
    status = 400
    if form.is_valid():
        data = form.service_data()
        try:
            saved = services.update_challenge(
                actor=request.user,
                challenge=challenge,
                data=data,
                focus_areas=form.cleaned_data["focus_areas"],
                expected_version=form.cleaned_data.get("version"),
                via=VIA,
            )
        except Conflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The challenge was saved."))
            return redirect(saved)
    return render(request, "exchange/challenge_edit.html", {"form": form, "challenge": challenge}, status=status)
