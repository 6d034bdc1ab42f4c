"""Attendance pages: add delegations and participants, change their status, remove them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.meetings import forms, policies, services
from hub.meetings.models import AttendanceStatus, Delegation, Participant
from hub.meetings.views.common import _delete_flow, _form_errors, _form_page, _meeting, _organise, handles_denial


@handles_denial
def delegation_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _organise(request, meeting)
    form = forms.DelegationForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_delegation(actor=request.user, meeting=meeting, data=form.cleaned_data, via="page")
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The delegation was added."))
            return redirect(meeting.get_absolute_url() + "#attendance")
    return _form_page(
        request,
        form=form,
        title=_("Add a delegation"),
        back=meeting.get_absolute_url() + "#attendance",
        meeting=meeting,
    )


@handles_denial
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _organise(request, meeting)
    form = forms.ParticipantForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_participant(actor=request.user, meeting=meeting, data=form.service_data(), via="page")
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The participant was added."))
            return redirect(meeting.get_absolute_url() + "#attendance")
    return _form_page(
        request,
        form=form,
        title=_("Add a participant"),
        back=meeting.get_absolute_url() + "#attendance",
        meeting=meeting,
    )


@handles_denial
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a participant's name, position, person, account, delegation or status in one form."""
    participant = _part(request, Participant, pk)
    meeting = participant.meeting
    _organise(request, meeting)
    # The form works on its own copy: the service compares the stored record with the new values.
    edited = Participant.objects.select_related("user").get(pk=participant.pk)
    initial = {"email": edited.user.email if edited.user_id else ""}
    form = forms.ParticipantForm(request.POST or None, meeting=meeting, instance=edited, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_participant(
                actor=request.user, participant=participant, data=form.service_data(), via="page"
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The participant was saved."))
            return redirect(meeting.get_absolute_url() + "#attendance")
    return _form_page(
        request,
        form=form,
        title=_("Edit the participant %(name)s") % {"name": participant.display_name},
        back=meeting.get_absolute_url() + "#attendance",
        meeting=meeting,
    )


def _part(request, model, pk: int):
    obj = get_object_or_404(model.objects.select_related("meeting"), pk=pk)
    if not policies.can_read(request.user, obj.meeting):
        raise Http404
    return obj


@require_POST
@handles_denial
def attendance_status(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = Delegation if kind == "delegation" else Participant
    obj = _part(request, model, pk)
    form = forms.StatusForm(request.POST, choices=AttendanceStatus.choices)
    if form.is_valid():
        if model is Delegation:
            services.update_delegation(
                actor=request.user, delegation=obj, data={"status": form.cleaned_data["status"]}, via="page"
            )
        else:
            services.update_participant(
                actor=request.user, participant=obj, data={"status": form.cleaned_data["status"]}, via="page"
            )
        messages.success(request, _("The status was saved."))
    return redirect(obj.meeting.get_absolute_url() + "#attendance")


@handles_denial
def attendance_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = Delegation if kind == "delegation" else Participant
    obj = _part(request, model, pk)
    _organise(request, obj.meeting)
    if model is Delegation:
        consequences = [_("The participants listed in it are removed with it.")]
        action = lambda: services.remove_delegation(actor=request.user, delegation=obj, via="page")  # noqa: E731
    else:
        consequences = []
        action = lambda: services.remove_participant(actor=request.user, participant=obj, via="page")  # noqa: E731
    return _delete_flow(
        request,
        title=_("Remove %(name)s from the meeting?") % {"name": obj},
        consequences=consequences,
        back=obj.meeting.get_absolute_url() + "#attendance",
        done_url=obj.meeting.get_absolute_url() + "#attendance",
        done_message=_("Removed."),
        action=action,
    )
