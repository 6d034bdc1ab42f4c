"""Meeting series pages: the list, a series with its meetings and calendar feed, and creating and editing
a series (its organisers: see hub.meetings.policies).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hub.core.services import Conflict
from hub.meetings import forms, policies, responses, services
from hub.meetings.models import Meeting, MeetingSeries
from hub.meetings.views.common import PER_PAGE, _form_errors, _form_page, _version, handles_denial


def series_list(request: HttpRequest) -> HttpResponse:
    series = MeetingSeries.objects.with_meetings(request.user).select_related("country").order_by("name", "pk")
    editable = set(MeetingSeries.objects.editable_by(request.user).values_list("pk", flat=True))
    paginator = Paginator(series, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    for item in page_obj:
        item.can_edit = item.pk in editable
    return render(
        request,
        "meetings/series_list.html",
        {
            "page_obj": page_obj,
            "paginator": paginator,
            "can_create": policies.can_create_any_meeting(request.user),
        },
    )


def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(MeetingSeries.objects.with_meetings(request.user).select_related("country"), slug=slug)
    meetings = Meeting.objects.visible_to(request.user).with_related().filter(series=series).order_by("-start_date")
    paginator = Paginator(meetings, PER_PAGE)
    return render(
        request,
        "meetings/series.html",
        {
            "series": series,
            "page_obj": paginator.get_page(request.GET.get("page")),
            "paginator": paginator,
            "can_edit": policies.can_edit_series(request.user, series),
        },
    )


def series_ics(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(MeetingSeries, slug=slug)
    meetings = Meeting.objects.visible_to(request.user).with_related().filter(series=series).order_by("start_date")
    return responses.ics_response(request, meetings, filename=f"{series.slug}.ics", name=series.name)


@handles_denial
def series_create(request: HttpRequest) -> HttpResponse:
    if not policies.can_create_any_meeting(request.user):
        raise PermissionDenied(policies.NOT_A_SERIES_ORGANISER)
    form = forms.SeriesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.create_series(actor=request.user, data=form.service_data(), via="page")
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The series was created."))
            return redirect(series)
    return _form_page(
        request, form=form, title=_("New meeting series"), back=reverse("meetings:series_list"), in_series_list=True
    )


@handles_denial
def series_edit(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(MeetingSeries.objects.select_related("country"), slug=slug)
    if not policies.can_edit_series(request.user, series):
        raise PermissionDenied(policies.NOT_A_SERIES_ORGANISER)
    form = forms.SeriesForm(request.POST or None, instance=series, user=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = MeetingSeries.objects.get(pk=series.pk)
        try:
            services.update_series(
                actor=request.user, series=fresh, data=form.service_data(), expected_version=_version(form), via="page"
            )
        except (ValidationError, Conflict) as exc:
            _form_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, _("The series was saved."))
            return redirect(series)
    return _form_page(
        request,
        form=form,
        title=_("Edit %(name)s") % {"name": series.name},
        back=series.get_absolute_url(),
        series=series,
    )
