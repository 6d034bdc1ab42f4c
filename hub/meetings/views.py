"""Meeting pages: lists, a meeting with its agenda, outcomes, attendance and documents, the forms that
change them (through hub.meetings.services), calendar files and minutes.

A meeting the reader may not see is a 404, whatever the page; a change the reader may not make is a
403 page that says why. Lists validate ``request.GET`` with the API's filter classes.
"""

from __future__ import annotations

from functools import wraps

import pydantic
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hub.core.services import Conflict
from hub.meetings import forms, policies, responses, services, uploads
from hub.meetings.filters import ActionItemFilter, MeetingFilter
from hub.meetings.minutes import render_minutes
from hub.meetings.models import (
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    Delegation,
    Document,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Outcome,
    OutcomeKind,
    Participant,
)
from hub.meetings.queries import meeting_record
from hub.network.models import Country

PER_PAGE = 25

OUTCOME_TITLES = {
    OutcomeKind.DECISION: gettext_lazy("Record a decision on “%(item)s”"),
    OutcomeKind.ACTION: gettext_lazy("Add an action item to “%(item)s”"),
    OutcomeKind.INFORMATION: gettext_lazy("Add information to “%(item)s”"),
}

FIELD_LABELS = {
    "q": gettext_lazy("Text"),
    "kind": gettext_lazy("Kind"),
    "series": gettext_lazy("Series"),
    "year": gettext_lazy("Year"),
    "country": gettext_lazy("Country"),
    "when": gettext_lazy("When"),
    "status": gettext_lazy("Status"),
    "open": gettext_lazy("Open"),
    "overdue": gettext_lazy("Overdue"),
    "meeting": gettext_lazy("Meeting"),
    "owner": gettext_lazy("Owner"),
    "due_before": gettext_lazy("Due before"),
}


def _filter_messages(exc: pydantic.ValidationError) -> list[str]:
    messages_ = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error.get("loc") else ""
        label = FIELD_LABELS.get(name, name)
        messages_.append(f"{label}: {error['msg']}" if label else error["msg"])
    return messages_


def handles_denial(view):
    """A refused change renders a 403 page with the reason (and a sign-in link for visitors)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return render(
                request,
                "meetings/denied.html",
                {"reason": str(exc) or _("You may not do this."), "next": request.get_full_path()},
                status=403,
            )

    return wrapper


def _meeting(request, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.with_related(), pk=pk)
    if not policies.can_read(request.user, meeting):
        raise Http404
    return meeting


def _organise(request, meeting: Meeting) -> None:
    if not policies.can_organise(request.user, meeting):
        raise PermissionDenied(policies.NOT_AN_ORGANISER)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _version(form) -> int | None:
    value = form.data.get("version") if form.is_bound else None
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _too_big(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > uploads.max_bytes() + 64 * 1024  # room for the form's other fields


def _form_page(
    request, *, form, title: str, back: str, meeting: Meeting | None = None, status: int | None = None, **extra
) -> HttpResponse:
    status = status or (400 if form.is_bound and form.errors else 200)
    context = {"form": form, "title": title, "back": back, "meeting": meeting, **extra}
    return render(request, "meetings/form.html", context, status=status)


# -- lists ------------------------------------------------------------------------------------------------


def meeting_list(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET.get(name, "").strip() for name in MeetingFilter.model_fields}
    context = {
        "params": params,
        "kinds": MeetingKind.choices,
        "series_list": MeetingSeries.objects.order_by("name"),
        "countries": Country.objects.order_by("name"),
        "can_create": policies.can_create_any_meeting(request.user),
    }
    try:
        meeting_filter = MeetingFilter(**params)
    except pydantic.ValidationError as exc:
        return render(request, "meetings/list.html", {**context, "errors": _filter_messages(exc)}, status=400)
    paginator = Paginator(meeting_filter.apply(Meeting.objects.visible_to(request.user)), PER_PAGE)
    context.update({"page_obj": paginator.get_page(request.GET.get("page")), "paginator": paginator})
    return render(request, "meetings/list.html", context)


def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(MeetingSeries.objects.select_related("country"), slug=slug)
    meetings = Meeting.objects.visible_to(request.user).with_related().filter(series=series).order_by("-start_date")
    paginator = Paginator(meetings, PER_PAGE)
    return render(
        request,
        "meetings/series.html",
        {"series": series, "page_obj": paginator.get_page(request.GET.get("page")), "paginator": paginator},
    )


def series_ics(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(MeetingSeries, slug=slug)
    meetings = Meeting.objects.visible_to(request.user).with_related().filter(series=series).order_by("start_date")
    return responses.ics_response(request, meetings, filename=f"{series.slug}.ics", name=series.name)


def _action_list(request: HttpRequest, *, overdue: bool) -> HttpResponse:
    names = [n for n in ActionItemFilter.model_fields if n != "overdue"]
    params = {name: request.GET.get(name, "").strip() for name in names}
    context = {
        "params": params,
        "overdue": overdue,
        "statuses": ActionStatus.choices,
        "series_list": MeetingSeries.objects.order_by("name"),
        "today": timezone.localdate(),
    }
    try:
        action_filter = ActionItemFilter(**params, overdue=overdue or None)
    except pydantic.ValidationError as exc:
        return render(request, "meetings/actions.html", {**context, "errors": _filter_messages(exc)}, status=400)
    paginator = Paginator(action_filter.apply(Outcome.objects.visible_to(request.user)), PER_PAGE)
    context.update({"page_obj": paginator.get_page(request.GET.get("page")), "paginator": paginator})
    return render(request, "meetings/actions.html", context)


def action_list(request: HttpRequest) -> HttpResponse:
    return _action_list(request, overdue=False)


def overdue_list(request: HttpRequest) -> HttpResponse:
    return _action_list(request, overdue=True)


# -- a meeting ------------------------------------------------------------------------------------------------


def _detail_context(request, meeting: Meeting) -> dict:
    record = meeting_record(meeting, request.user)
    organiser = policies.can_organise(request.user, meeting)
    return {
        "meeting": meeting,
        "record": record,
        "can_organise": organiser,
        "can_apply_effects": organiser and policies.can_apply_registry_effects(request.user),
        "today": timezone.localdate(),
        "attendance_labels": dict(AttendanceStatus.choices),
    }


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
    form = forms.MeetingForm(request.POST or None, user=request.user)
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


def _confirm_page(request, *, title: str, consequences: list[str], back: str, error: str = "", status: int = 200):
    return render(
        request,
        "meetings/confirm_delete.html",
        {"title": title, "consequences": consequences, "back": back, "error": error},
        status=status,
    )


def _delete_flow(request, *, title, consequences, back, done_url, done_message, action):
    if request.method != "POST":
        return _confirm_page(request, title=title, consequences=consequences, back=back)
    try:
        action()
    except ValidationError as exc:
        return _confirm_page(
            request, title=title, consequences=consequences, back=back, error=" ".join(exc.messages), status=400
        )
    except Conflict as exc:
        return _confirm_page(request, title=title, consequences=consequences, back=back, error=str(exc), status=400)
    messages.success(request, done_message)
    return redirect(done_url)


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


# -- agenda ---------------------------------------------------------------------------------------------------


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


def _item(request, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    if not policies.can_read(request.user, item.meeting):
        raise Http404
    return item


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


# -- outcomes -------------------------------------------------------------------------------------------------


@handles_denial
def outcome_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    meeting = item.meeting
    _organise(request, meeting)
    allow_effects = policies.can_apply_registry_effects(request.user)
    kind = request.GET.get("kind") if request.GET.get("kind") in OutcomeKind.values else None
    form = forms.OutcomeForm(
        request.POST or None, item=item, user=request.user, allow_effects=allow_effects, fixed_kind=kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.record_outcome(
                actor=request.user, item=item, data=form.service_data(), effects=form.effect_specs(), via="page"
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect(f"{meeting.get_absolute_url()}#{outcome.kind}-{outcome.pk}")
    return _form_page(
        request,
        form=form,
        title=(OUTCOME_TITLES.get(kind) or _("Record an outcome of “%(item)s”")) % {"item": item.title},
        show_effects_note=allow_effects is False and kind in (None, OutcomeKind.DECISION),
        back=item.get_absolute_url(),
        meeting=meeting,
        outcome_form=True,
        allow_effects=allow_effects,
    )


def _outcome(request, pk: int) -> Outcome:
    outcome = get_object_or_404(Outcome.objects.with_related(), pk=pk)
    if not policies.can_read(request.user, outcome.agenda_item.meeting):
        raise Http404
    return outcome


@handles_denial
def outcome_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk)
    meeting = outcome.agenda_item.meeting
    _organise(request, meeting)
    form = forms.OutcomeForm(request.POST or None, instance=outcome, item=outcome.agenda_item, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_outcome(
                actor=request.user,
                outcome=Outcome.objects.get(pk=outcome.pk),
                data=form.service_data(),
                expected_version=_version(form),
                via="page",
            )
        except (ValidationError, Conflict) as exc:
            _form_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, _("The outcome was saved."))
            return redirect(f"{meeting.get_absolute_url()}#{outcome.kind}-{outcome.pk}")
    return _form_page(
        request, form=form, title=_("Edit outcome"), back=outcome.agenda_item.get_absolute_url(), meeting=meeting
    )


def _effect_consequences(outcome: Outcome) -> list[str]:
    lines = []
    for effect in outcome.effects.select_related("membership_event__member", "role_term__country"):
        if effect.created_by_decision:
            lines.append(_("The registry record it made is deleted: %(target)s.") % {"target": effect.target})
        else:
            lines.append(
                _("The link to %(target)s is removed; the record itself stays in the registry.")
                % {"target": effect.target}
            )
    return lines


@handles_denial
def outcome_delete(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk)
    meeting = outcome.agenda_item.meeting
    _organise(request, meeting)
    if outcome.effects.exists() and not policies.can_apply_registry_effects(request.user):
        raise PermissionDenied(services.effects_need_secretariat_message())
    return _delete_flow(
        request,
        title=_("Delete this %(kind)s?") % {"kind": outcome.get_kind_display()},
        consequences=[outcome.text, *_effect_consequences(outcome)],
        back=f"{meeting.get_absolute_url()}#{outcome.kind}-{outcome.pk}",
        done_url=outcome.agenda_item.get_absolute_url(),
        done_message=_("The outcome was deleted."),
        action=lambda: services.delete_outcome(actor=request.user, outcome=outcome, via="page"),
    )


@handles_denial
def effects_add(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk)
    meeting = outcome.agenda_item.meeting
    _organise(request, meeting)
    if outcome.kind != OutcomeKind.DECISION:
        raise Http404
    if not policies.can_apply_registry_effects(request.user):
        raise PermissionDenied(services.effects_need_secretariat_message())
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        data.update({"kind": OutcomeKind.DECISION, "text": outcome.text})
    form = forms.OutcomeForm(data, item=outcome.agenda_item, user=request.user, allow_effects=True)
    for name in list(form.fields):
        if name not in form.EFFECT_FIELDS:
            form.fields[name].required = False
            form.fields[name].widget = form.fields[name].hidden_widget()
    if request.method == "POST" and form.is_valid():
        try:
            services.add_decision_effects(actor=request.user, decision=outcome, effects=form.effect_specs(), via="page")
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The registry was changed as the decision says."))
            return redirect(f"{meeting.get_absolute_url()}#decision-{outcome.pk}")
    return _form_page(
        request,
        form=form,
        title=_("Change the registry as decided: “%(text)s”") % {"text": outcome},
        back=f"{meeting.get_absolute_url()}#decision-{outcome.pk}",
        meeting=meeting,
        outcome_form=True,
        allow_effects=True,
        effects_only=True,
    )


# -- action items ----------------------------------------------------------------------------------------------


@handles_denial
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = _outcome(request, pk)
    if action.kind != OutcomeKind.ACTION:
        raise Http404
    may_update = policies.can_update_action(request.user, action)
    status_form = forms.StatusForm(initial={"status": action.status}, choices=ActionStatus.choices)
    comment_form = forms.CommentForm()
    status = 200
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied(_("Only the meeting's organisers and the item's owner may change it."))
        try:
            if "status" in request.POST:
                status_form = forms.StatusForm(request.POST, choices=ActionStatus.choices)
                if status_form.is_valid():
                    services.update_action(
                        actor=request.user,
                        action=action,
                        data={"status": status_form.cleaned_data["status"]},
                        via="page",
                    )
                    messages.success(request, _("The status was saved."))
                    return redirect(action.get_absolute_url())
            else:
                comment_form = forms.CommentForm(request.POST)
                if comment_form.is_valid():
                    services.add_comment(
                        actor=request.user, action=action, text=comment_form.cleaned_data["text"], via="page"
                    )
                    messages.success(request, _("Your comment was added."))
                    return redirect(action.get_absolute_url() + "#comments")
        except ValidationError as exc:
            _form_errors(comment_form, exc)
        status = 400
    return render(
        request,
        "meetings/action.html",
        {
            "action": action,
            "meeting": action.agenda_item.meeting,
            "comments": action.comments.select_related("author"),
            "may_update": may_update,
            "status_form": status_form,
            "comment_form": comment_form,
            "today": timezone.localdate(),
        },
        status=status,
    )


# -- attendance ------------------------------------------------------------------------------------------------


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


# -- documents ----------------------------------------------------------------------------------------------------


@handles_denial
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _organise(request, meeting)
    if request.method == "POST" and _too_big(request):
        # Refused before the body is read: the limit, not the whole upload, decides.
        form = forms.DocumentForm(meeting=meeting)
        return _form_page(
            request,
            page_errors=[
                _("The file is larger than the %(limit)s allowed; nothing was uploaded.")
                % {"limit": uploads.human_size(uploads.max_bytes())}
            ],
            form=form,
            title=_("Upload a document"),
            back=meeting.get_absolute_url() + "#documents",
            meeting=meeting,
            multipart=True,
            status=413,
        )
    form = forms.DocumentForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_document(
                actor=request.user,
                meeting=meeting,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                agenda_item=form.cleaned_data["agenda_item"],
                restricted=form.cleaned_data["restricted"],
                via="page",
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect(meeting.get_absolute_url() + "#documents")
    return _form_page(
        request,
        form=form,
        title=_("Upload a document"),
        back=meeting.get_absolute_url() + "#documents",
        meeting=meeting,
        multipart=True,
    )


def document_download(request: HttpRequest, pk: int):
    document = get_object_or_404(Document.objects.select_related("meeting"), pk=pk)
    if not policies.can_read_document(request.user, document):
        raise Http404
    return responses.document_response(document)


@handles_denial
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("meeting"), pk=pk)
    if not policies.can_read_document(request.user, document):
        raise Http404
    _organise(request, document.meeting)
    return _delete_flow(
        request,
        title=_("Delete the document %(title)s?") % {"title": document.title},
        consequences=[_("The file is deleted.")],
        back=document.meeting.get_absolute_url() + "#documents",
        done_url=document.meeting.get_absolute_url() + "#documents",
        done_message=_("The document was deleted."),
        action=lambda: services.delete_document(actor=request.user, document=document, via="page"),
    )
