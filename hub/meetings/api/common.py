"""What the endpoints of the meetings API share: the router, error shapes, ETags and If-Match, the
translation of service errors into HTTP, and the lookups that answer 404 for what the caller may not see.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router

from hub.accounts.auth import READ, caller

# What the endpoint modules take from here besides ETags: hub.core.api's response maps, OPEN_READ (reads need no
# credentials; a token or session only widens what is seen) and service_errors (403, 412, 422 naming the fields).
from hub.core.api import IF_MATCH_HELP, OPEN_READ, READ_ERRORS, VIA, WRITE_ERRORS, ETags, service_errors  # noqa: F401
from hub.meetings import policies
from hub.meetings.models import AgendaItem, Delegation, Document, Meeting, MeetingSeries, Outcome, Participant

router = Router(auth=READ, tags=["meetings"])


# -- ETags and If-Match (hub.core.api.ETags) -------------------------------------------------------------
# A record's ETag names it and its version, like the registry's: "meeting-12-v3", "agenda-item-4-v1",
# "outcome-9-v2", "meeting-series-2-v1". Every write through the services raises `version`, so the tag changes
# when the record does.

_ETAG_KINDS = {
    Meeting: "meeting",
    AgendaItem: "agenda-item",
    Outcome: "outcome",
    Delegation: "delegation",
    Participant: "participant",
    MeetingSeries: "meeting-series",
    Document: "document",
}


def _record_tag(obj) -> str:
    return f"{_ETAG_KINDS[type(obj)]}-{obj.pk}"


ETAGS = ETags(_record_tag)
_with_etag = ETAGS.with_etag
expected_version = ETAGS.expected_version


def _readable_meeting(request, meeting_id: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.with_related(), pk=meeting_id)
    if not policies.can_read(caller(request), meeting):
        raise Http404
    return meeting


def _by(model, value, *, field: str, name: str):
    if value in (None, ""):
        return None
    lookup = {f"{field}__iexact" if field in ("code", "email") else field: value}
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise ValidationError({name: _("Nothing known as '%(value)s'.") % {"value": value}})
    return found


def _many(model, values, *, field: str, name: str) -> list:
    found = {str(getattr(o, field)): o for o in model.objects.filter(**{f"{field}__in": values})}
    missing = [str(v) for v in values if str(v) not in found]
    if missing:
        raise ValidationError({name: _("Nothing known as: %(values)s.") % {"values": ", ".join(missing)}})
    return [found[str(v)] for v in values]


def _clocks(data: dict) -> dict:
    """Times arrive as times (09:00 or 09:00:00) and are kept as HH:MM; null clears them."""
    for name in ("start_time", "end_time"):
        if name in data:
            data[name] = data[name].strftime("%H:%M") if data[name] is not None else ""
    return data


def _readable_item(request, item_id: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_id)
    if not policies.can_read(caller(request), item.meeting):
        raise Http404
    return item


def _readable_outcome(request, outcome_id: int, kind: str | None = None) -> Outcome:
    qs = Outcome.objects.with_related().prefetch_related(
        "effects__membership_event__member",
        "effects__role_term__country",
        "effects__ended_term__country",
        "comments__author",
    )
    if kind:
        qs = qs.filter(kind=kind)
    outcome = get_object_or_404(qs, pk=outcome_id)
    if not policies.can_read(caller(request), outcome.agenda_item.meeting):
        raise Http404
    return outcome


def _readable_part(request, model, pk: int):
    obj = get_object_or_404(model.objects.select_related("meeting"), pk=pk)
    if not policies.can_read(caller(request), obj.meeting):
        raise Http404
    return obj
