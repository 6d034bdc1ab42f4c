"""Every write to meetings goes through here: pages, API and commands alike.

Each function checks the actor's rights (hub.meetings.policies), validates, writes in one transaction
and appends to the change log in that same transaction. Decisions that change the registry do so
through the registry's own services (hub.network.services), inside the decision's transaction: a
refused effect leaves no decision behind, and deleting the decision takes its effects back with it.

By part: meetings.py, series.py, agenda.py, outcomes.py (decisions and their effects, action items), attendance.py,
documents.py, actions.py (review at the next meetings, reminders), with common.py for what they share.
Callers import from here: ``from hub.meetings import services``.
"""

from hub.core.services import Conflict
from hub.meetings.services.actions import ReminderReport, actions_for_review, send_action_reminders
from hub.meetings.services.admission import admit_with_new_members
from hub.meetings.services.agenda import (
    LINK_FIELDS,
    add_agenda_item,
    delete_agenda_item,
    move_agenda_item,
    update_agenda_item,
)
from hub.meetings.services.attendance import (
    add_delegation,
    add_participant,
    remove_delegation,
    remove_participant,
    update_delegation,
    update_participant,
)
from hub.meetings.services.common import effects_need_secretariat_message
from hub.meetings.services.documents import delete_document, upload_document
from hub.meetings.services.meetings import create_meeting, delete_meeting, update_meeting
from hub.meetings.services.outcomes import (
    ACTION_OWNER_FIELDS,
    EffectSpec,
    add_comment,
    add_decision_effects,
    delete_outcome,
    record_outcome,
    update_action,
    update_outcome,
)
from hub.meetings.services.series import create_series, update_series

__all__ = [
    "ACTION_OWNER_FIELDS",
    "LINK_FIELDS",
    "Conflict",
    "EffectSpec",
    "ReminderReport",
    "actions_for_review",
    "add_agenda_item",
    "add_comment",
    "add_decision_effects",
    "admit_with_new_members",
    "add_delegation",
    "add_participant",
    "create_meeting",
    "create_series",
    "delete_agenda_item",
    "delete_document",
    "delete_meeting",
    "delete_outcome",
    "effects_need_secretariat_message",
    "move_agenda_item",
    "record_outcome",
    "remove_delegation",
    "remove_participant",
    "send_action_reminders",
    "update_action",
    "update_agenda_item",
    "update_delegation",
    "update_meeting",
    "update_outcome",
    "update_participant",
    "update_series",
    "upload_document",
]
