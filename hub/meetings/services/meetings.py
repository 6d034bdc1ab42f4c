"""Meetings: create, change (a change of the day or title follows through to the registry records its
decisions made) and delete them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hub.core.services import create_record, delete_record, update_record
from hub.meetings import policies, uploads
from hub.meetings.models import DecisionEffect, Meeting, Outcome
from hub.meetings.services.common import _require, _require_organiser
from hub.network import services as registry


def _created_effects(meeting: Meeting):
    return DecisionEffect.objects.filter(decision__agenda_item__meeting=meeting, created_by_decision=True)


@transaction.atomic
def create_meeting(*, actor, data: dict[str, Any], via: str = "") -> Meeting:
    country = data.get("country")
    _require(
        policies.can_create_meeting(actor, scope=data.get("scope", ""), country_id=getattr(country, "pk", None)),
        _(
            "You may not create this meeting: the Chair, the Shepherd and the Secretariat create network "
            "meetings, a National Representative its country's national meetings."
        ),
    )
    return create_record(Meeting, actor=actor, data=data, via=via)


@transaction.atomic
def update_meeting(
    *, actor, meeting: Meeting, data: dict[str, Any], expected_version: int | None = None, via: str = ""
) -> Meeting:
    _require_organiser(actor, meeting)
    if "scope" in data or "country" in data:
        scope = data.get("scope", meeting.scope)
        country = data.get("country", meeting.country)
        _require(
            policies.can_create_meeting(actor, scope=scope, country_id=getattr(country, "pk", None)),
            _("You may not move this meeting to a scope you do not organise."),
        )
    moved = ("start_date" in data and data["start_date"] != meeting.start_date) or (
        "title" in data and data["title"] != meeting.title
    )
    effects = list(_created_effects(meeting).select_related("membership_event", "role_term")) if moved else []
    if effects:
        _require(
            policies.can_apply_registry_effects(actor),
            _(
                "This meeting's decisions changed the registry, which dates and names them after the meeting: "
                "only the Secretariat may change its first day or its title."
            ),
        )
    updated = update_record(meeting, actor=actor, data=data, expected_version=expected_version, via=via)
    for effect in effects:
        if effect.membership_event_id:
            registry.update_membership_event(
                actor=actor,
                event=effect.membership_event,
                data={"effective_date": updated.start_date, "decided_by": updated.title[:300]},
                via=via,
            )
        else:
            registry.update_role_term(
                actor=actor, term=effect.role_term, data={"decided_by": updated.title[:300]}, via=via
            )
    return updated


@transaction.atomic
def delete_meeting(*, actor, meeting: Meeting, expected_version: int | None = None, via: str = "") -> None:
    _require_organiser(actor, meeting)
    if DecisionEffect.objects.filter(decision__agenda_item__meeting=meeting).exists():
        raise ValidationError(
            _(
                "This meeting's decisions changed the registry. Delete those decisions first (that takes "
                "their changes back), then the meeting."
            )
        )
    stored = list(meeting.documents.values_list("stored_name", flat=True))
    counts = {
        "agenda items": meeting.agenda_items.count(),
        "outcomes": Outcome.objects.filter(agenda_item__meeting=meeting).count(),
        "delegations": meeting.delegations.count(),
        "participants": meeting.participants.count(),
        "documents": len(stored),
    }
    note = "with " + ", ".join(f"{n} {what}" for what, n in counts.items())
    delete_record(meeting, actor=actor, expected_version=expected_version, via=via, note=note)
    transaction.on_commit(lambda: [uploads.remove(name) for name in stored])
