"""Meetings of the network: series, meetings, agenda items, outcomes (information, decisions, action
items), the registry changes decisions made, delegations, participants and documents.

The registry (hub.network) knows nothing of meetings: a decision that changed it points at the
membership event or role term it made through ``DecisionEffect`` (one-to-one), so the member and
governance pages can link back to the decision without a field of their own.

One module per part: meetings.py (series and meetings), agenda.py, outcomes.py (with decisions' effects
and action items' comments and reminders), attendance.py (delegations, participants) and documents.py.
Django finds the models through this module; import them from here too (``from hub.meetings.models import Meeting``).
"""

# Imported in the order the models were always declared in, which is the order Django registers them in
# (content types, permissions, admin); a dependency order as well.
# isort: off
from hub.meetings.models.meetings import (
    CLOCK,
    Meeting,
    MeetingFormat,
    MeetingKind,
    MeetingQuerySet,
    MeetingScope,
    MeetingSeries,
    Visibility,
    clock,
    dates_display,
)
from hub.meetings.models.agenda import AgendaItem
from hub.meetings.models.outcomes import (
    OPEN_STATUSES,
    ActionComment,
    ActionReminder,
    ActionStatus,
    DecisionEffect,
    EffectKind,
    Outcome,
    OutcomeKind,
    OutcomeQuerySet,
)
from hub.meetings.models.attendance import AttendanceStatus, Delegation, DelegationKind, Participant
from hub.meetings.models.documents import Document
# isort: on

__all__ = [
    "ActionComment",
    "ActionReminder",
    "ActionStatus",
    "AgendaItem",
    "AttendanceStatus",
    "CLOCK",
    "DecisionEffect",
    "Delegation",
    "DelegationKind",
    "Document",
    "EffectKind",
    "Meeting",
    "MeetingFormat",
    "MeetingKind",
    "MeetingQuerySet",
    "MeetingScope",
    "MeetingSeries",
    "OPEN_STATUSES",
    "Outcome",
    "OutcomeKind",
    "OutcomeQuerySet",
    "Participant",
    "Visibility",
    "clock",
    "dates_display",
]
