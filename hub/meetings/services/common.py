"""What the meeting services share: the rights checks that refuse a change, and the change-log row for
links (many-to-many fields, which a record's own snapshot does not show).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from hub.core import changelog
from hub.core.models import ChangeAction
from hub.meetings import policies
from hub.meetings.models import Meeting


def _require(allowed: bool, message) -> None:
    if not allowed:
        raise PermissionDenied(str(message))


def _require_organiser(actor, meeting: Meeting) -> None:
    _require(policies.can_organise(actor, meeting), policies.NOT_AN_ORGANISER)


def effects_need_secretariat_message() -> str:
    return _(
        "Only the Secretariat, which keeps the registry, may record a decision that changes it (admitting "
        "members, handing over the Chair or the Shepherd). Record the decision without its effect and ask "
        "the Secretariat to add it."
    )


def _log_links(obj, *, actor, before: dict[str, list[str]], after: dict[str, list[str]], via: str) -> None:
    changelog.record(actor=actor, obj=obj, action=ChangeAction.UPDATE, before=before, after=after, via=via)
