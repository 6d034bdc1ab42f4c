"""Action item pages: the lists (all, overdue) and one item with its status and comments."""

from __future__ import annotations

import pydantic
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.meetings import forms, policies, services
from hub.meetings.filters import ActionItemFilter
from hub.meetings.models import ActionStatus, MeetingSeries, Outcome, OutcomeKind
from hub.meetings.views.common import PER_PAGE, _filter_messages, _form_errors, _outcome, handles_denial


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
