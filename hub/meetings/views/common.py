"""What the meeting pages share: reading a record or refusing it (404 for what the reader may not see,
a 403 page that says why for a change they may not make), form pages, the confirm-and-delete flow, and
the context of a meeting's page.
"""

from __future__ import annotations

from functools import wraps

import pydantic
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.core.filters import filter_errors
from hub.core.services import Conflict
from hub.meetings import policies
from hub.meetings.models import AgendaItem, AttendanceStatus, Meeting, Outcome
from hub.meetings.queries import NEAR, fill_related, meeting_record

PER_PAGE = 25


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
    return filter_errors(exc, FIELD_LABELS)


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
    # A few joins plan fast; the rest of with_related() comes in small queries (see fill_related).
    meeting = get_object_or_404(Meeting.objects.select_related(*NEAR), pk=pk)
    if not policies.can_read(request.user, meeting):
        raise Http404
    return fill_related([meeting])[0]


def _item(request, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    if not policies.can_read(request.user, item.meeting):
        raise Http404
    return item


def _outcome(request, pk: int) -> Outcome:
    outcome = get_object_or_404(Outcome.objects.with_related(), pk=pk)
    if not policies.can_read(request.user, outcome.agenda_item.meeting):
        raise Http404
    return outcome


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


def _form_page(
    request, *, form, title: str, back: str, meeting: Meeting | None = None, status: int | None = None, **extra
) -> HttpResponse:
    status = status or (400 if form.is_bound and form.errors else 200)
    context = {"form": form, "title": title, "back": back, "meeting": meeting, **extra}
    return render(request, "meetings/form.html", context, status=status)


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
