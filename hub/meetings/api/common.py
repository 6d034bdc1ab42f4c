"""What the endpoints of the meetings API share: the router, error shapes, ETags and If-Match, the
translation of service errors into HTTP, and the lookups that answer 404 for what the caller may not see.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hub.accounts.auth import READ, caller
from hub.core.services import Conflict
from hub.meetings import policies
from hub.meetings.models import AgendaItem, Delegation, Meeting, Outcome, Participant
from hub.network.schemas import Message, ValidationErrorOut

router = Router(auth=READ, tags=["meetings"])
VIA = "api"
# Reads need no credentials: the OpenAPI document says so (a token or session only widens what is seen).
OPEN_READ = {"security": [{}]}

READ_ERRORS = {404: Message, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Message, 401: Message, 403: Message, 404: Message, 412: Message, 422: ValidationErrorOut}


# -- ETags and If-Match ----------------------------------------------------------------------------------
# A record's ETag names it and its version, like the registry's: "meeting-12-v3", "agenda-item-4-v1",
# "outcome-9-v2". Every write through the services raises `version`, so the tag changes when the record does.

_ETAG_KINDS = {
    Meeting: "meeting",
    AgendaItem: "agenda-item",
    Outcome: "outcome",
    Delegation: "delegation",
    Participant: "participant",
}
_ETAG = re.compile(r'^"(?P<record>[A-Za-z0-9-]+)-v(?P<version>\d+)"$')
IF_MATCH_HELP = (
    "Send the `ETag` of your last read in `If-Match` to be refused (412) if someone changed the record since; "
    "without `If-Match` the write overwrites. `If-Match: *` matches any version."
)


def _record_tag(obj) -> str:
    return f"{_ETAG_KINDS[type(obj)]}-{obj.pk}"


def etag(obj) -> str:
    return f'"{_record_tag(obj)}-v{obj.version}"'


def _with_etag(response: HttpResponse, obj):
    response["ETag"] = etag(obj)
    return obj


def expected_version(request: HttpRequest, obj) -> int | None:
    """The version the caller's If-Match names (None: overwrite whatever is there)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    value = header.strip()
    if value.startswith("W/"):
        raise HttpError(412, "If-Match compares strong ETags; a weak one (W/…) never matches. Send the ETag as sent.")
    match = _ETAG.match(value)
    if match is None:
        raise HttpError(400, f"If-Match must be one ETag as the API sent it, quotes included (e.g. {etag(obj)}), or *.")
    if match["record"] != _record_tag(obj):
        raise HttpError(412, f"The If-Match ETag {value} is for another record than this one ({_record_tag(obj)}).")
    return int(match["version"])


@contextmanager
def service_errors() -> Iterator[None]:
    """Refusals become 403, stale versions 412, bad input 422 naming the fields of the body."""
    try:
        yield
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "You may not make this change.") from exc
    except Conflict as exc:
        raise HttpError(412, str(exc)) from exc
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = [
                {"type": "value_error", "loc": ["body", "payload"] + ([] if name == "__all__" else [name]), "msg": m}
                for name, messages in exc.message_dict.items()
                for m in messages
            ]
        else:
            errors = [{"type": "value_error", "loc": ["body", "payload"], "msg": m} for m in exc.messages]
        raise NinjaValidationError(errors) from exc


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
        "effects__membership_event__member", "effects__role_term__country", "comments__author"
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
