"""Meeting pages: the list, a meeting (also as iCalendar and minutes), and creating, editing and
deleting one.
"""

from __future__ import annotations

import pydantic
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hub.core import compiled
from hub.core.labels import by_label
from hub.core.rights import scope_for
from hub.core.services import Conflict
from hub.meetings import forms, policies, responses, rows, services
from hub.meetings.filters import MeetingFilter
from hub.meetings.minutes import render_minutes
from hub.meetings.models import Meeting, MeetingKind, MeetingSeries
from hub.meetings.queries import fill_related, list_page, meeting_record
from hub.meetings.views.common import (
    PER_PAGE,
    _delete_flow,
    _detail_context,
    _filter_messages,
    _form_errors,
    _form_page,
    _meeting,
    _organise,
    _version,
    handles_denial,
)
from hub.network.filters import today
from hub.network.models import Country

# The relations the list's rows read (meetings/partials/meeting_rows.html): not the chair's.
LIST_READS = ("series", "country", "venue_country", "host_country", "host_organisation")


def meeting_list(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET.get(name, "").strip() for name in MeetingFilter.model_fields}
    # What the filter form, the calendars and the rows read of them (their sources and notes are not shown).
    # Their SQL compiled once (hub/core/compiled.py), their rows read fresh.
    series_list = compiled.instances(
        ("meeting-list-series",), MeetingSeries, lambda: MeetingSeries.objects.order_by("name"), fields=("slug", "name")
    )
    countries = by_label(
        compiled.instances(
            ("meeting-list-countries",),
            Country,
            lambda: Country.objects.order_by("name"),
            fields=("code", "name", "name_id"),
        )
    )
    context = {
        "params": params,
        "kinds": MeetingKind.choices,
        "series_list": series_list,
        "countries": countries,
        # The filter form's options and the calendars, written in Python (hub/meetings/rows.py).
        "kind_options": rows.kind_options(params["kind"]),
        "series_options": rows.options(((s.slug, s.name) for s in series_list), params["series"]),
        "country_options": rows.options(((c.code, c.label) for c in countries), params["country"].upper()),
        "calendars": rows.calendars(series_list),
        "can_create": policies.can_create_any_meeting(request.user),
    }
    try:
        meeting_filter = MeetingFilter(**params)
    except pydantic.ValidationError as exc:
        return render(request, "meetings/list.html", {**context, "errors": _filter_messages(exc)}, status=400)

    def build():
        # The page's meetings alone (no joins), then their relations from the rows above or one query per kind:
        # see fill_related for why.
        return meeting_filter.apply(Meeting.objects.visible_to(request.user)).select_related(None)

    meetings = None
    first = None
    if request.GET.get("page", "") in ("", "1"):
        # The first page read at once: when it is not full it holds every meeting found, and no count is needed.
        scope = scope_for(request.user)
        if scope.network_wide or not scope.authenticated:
            # Whom the query shows depends on the filter and the day alone (every meeting, or the public ones):
            # its SQL compiled once (hub/meetings/queries.list_page), its rows read fresh; the queryset is built
            # only the first time.
            key = ("meeting-list", scope.network_wide, tuple(meeting_filter.model_dump().items()), today())
            first = list_page(key, build, PER_PAGE)
        else:
            first = list(build()[:PER_PAGE])
        if len(first) < PER_PAGE:
            meetings = first
    if meetings is None:
        meetings = build()
    paginator = Paginator(meetings, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = fill_related(
        first if first is not None else page.object_list, countries=countries, series=series_list, only=LIST_READS
    )
    context.update({"page_obj": page, "paginator": paginator})
    return render(request, "meetings/list.html", context)


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return responses.ics_response(request, [meeting], filename=f"meeting-{meeting.pk}.ics")


def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    body = render_minutes(meeting_record(meeting, request.user))
    return responses.pdf_response(body, filename=f"minutes-meeting-{meeting.pk}.pdf")


@handles_denial
def meeting_create(request: HttpRequest) -> HttpResponse:
    if not policies.can_create_any_meeting(request.user):
        raise PermissionDenied(
            _("Meetings are created by the Chair, the Shepherd and the Secretariat, and by National Representatives.")
        )
    series = MeetingSeries.objects.filter(slug=request.GET.get("series") or "").first()
    form = forms.MeetingForm(request.POST or None, user=request.user, series=series)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(actor=request.user, data=form.service_data(), via="page")
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The meeting was created. Add its agenda and participants."))
            return redirect(meeting)
    return _form_page(request, form=form, title=_("New meeting"), back=reverse("meetings:list"))


@handles_denial
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _organise(request, meeting)
    form = forms.MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = Meeting.objects.get(pk=meeting.pk)
        try:
            services.update_meeting(
                actor=request.user, meeting=fresh, data=form.service_data(), expected_version=_version(form), via="page"
            )
        except (ValidationError, Conflict) as exc:
            _form_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting)
    return _form_page(
        request, form=form, title=_("Edit %(title)s") % {"title": meeting.title}, back=meeting.get_absolute_url()
    )


@handles_denial
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _organise(request, meeting)
    consequences = [_("Its agenda, outcomes, attendance and documents are deleted with it.")]
    return _delete_flow(
        request,
        title=_("Delete the meeting %(title)s?") % {"title": meeting.title},
        consequences=consequences,
        back=meeting.get_absolute_url(),
        done_url=reverse("meetings:list"),
        done_message=_("The meeting was deleted."),
        action=lambda: services.delete_meeting(actor=request.user, meeting=meeting, via="page"),
    )
