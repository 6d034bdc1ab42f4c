"""Agenda pages: add, edit, delete and move an agenda item."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.core.services import Conflict
from hub.meetings import forms, services
from hub.meetings.models import AgendaItem
from hub.meetings.views.common import (
    _delete_flow,
    _detail_context,
    _form_errors,
    _form_page,
    _item,
    _meeting,
    _organise,
    _version,
    handles_denial,
)


@handles_denial
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _organise(request, meeting)
    form = forms.AgendaItemForm(request.POST or None, meeting=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, links = form.service_data()
        try:
            item = services.add_agenda_item(actor=request.user, meeting=meeting, data=data, links=links, via="page")
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The agenda item was added."))
            return redirect(item.get_absolute_url())
    return _form_page(
        request, form=form, title=_("New agenda item"), back=meeting.get_absolute_url() + "#agenda", meeting=meeting
    )


@handles_denial
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    _organise(request, item.meeting)
    form = forms.AgendaItemForm(request.POST or None, instance=item, meeting=item.meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, links = form.service_data()
        try:
            services.update_agenda_item(
                actor=request.user,
                item=AgendaItem.objects.get(pk=item.pk),
                data=data,
                links=links,
                expected_version=_version(form),
                via="page",
            )
        except (ValidationError, Conflict) as exc:
            _form_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, _("The agenda item was saved."))
            return redirect(item.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title=_("Edit agenda item"),
        back=item.get_absolute_url(),
        meeting=item.meeting,
    )


@handles_denial
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    _organise(request, item.meeting)
    return _delete_flow(
        request,
        title=_("Delete the agenda item %(title)s?") % {"title": item.title},
        consequences=[_("Its outcomes and documents are deleted with it.")],
        back=item.get_absolute_url(),
        done_url=item.meeting.get_absolute_url() + "#agenda",
        done_message=_("The agenda item was deleted."),
        action=lambda: services.delete_agenda_item(actor=request.user, item=item, via="page"),
    )


@require_POST
@handles_denial
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move up or down. Without JavaScript: back to the agenda. With it (agenda.js): the agenda's new HTML."""
    item = _item(request, pk)
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Move an item 'up' or 'down'."), status=400, content_type="text/plain; charset=utf-8")
    services.move_agenda_item(actor=request.user, item=item, direction=form.cleaned_data["direction"], via="page")
    if request.headers.get("X-Requested-With") == "fetch":
        context = _detail_context(request, item.meeting)
        context["moved_id"] = item.pk
        context["moved_direction"] = form.cleaned_data["direction"]
        context["moved_title"] = item.title
        return HttpResponse(render_to_string("meetings/partials/agenda.html", context, request=request))
    return redirect(item.get_absolute_url())
