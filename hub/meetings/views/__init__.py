"""Meeting pages: lists, a meeting with its agenda, outcomes, attendance and documents, the forms that
change them (through hub.meetings.services), calendar files and minutes.

A meeting the reader may not see is a 404, whatever the page; a change the reader may not make is a
403 page that says why. Lists validate ``request.GET`` with the API's filter classes.

By part: meetings.py (the list, a meeting), series.py, agenda.py, outcomes.py, actions.py (action items),
attendance.py and documents.py; common.py has what they share. urls.py names the views through this
module (``views.meeting_detail``).
"""

from hub.meetings.views.actions import action_detail, action_list, overdue_list
from hub.meetings.views.agenda import item_add, item_delete, item_edit, item_move
from hub.meetings.views.attendance import (
    attendance_remove,
    attendance_status,
    delegation_add,
    participant_add,
    participant_edit,
)
from hub.meetings.views.common import handles_denial
from hub.meetings.views.documents import document_delete, document_download, document_upload
from hub.meetings.views.meetings import (
    meeting_create,
    meeting_delete,
    meeting_detail,
    meeting_edit,
    meeting_ics,
    meeting_list,
    meeting_minutes,
)
from hub.meetings.views.outcomes import effects_add, outcome_add, outcome_delete, outcome_edit
from hub.meetings.views.series import series_create, series_detail, series_edit, series_ics, series_list

__all__ = [
    "participant_edit",
    "action_detail",
    "action_list",
    "attendance_remove",
    "attendance_status",
    "delegation_add",
    "document_delete",
    "document_download",
    "document_upload",
    "effects_add",
    "handles_denial",
    "item_add",
    "item_delete",
    "item_edit",
    "item_move",
    "meeting_create",
    "meeting_delete",
    "meeting_detail",
    "meeting_edit",
    "meeting_ics",
    "meeting_list",
    "meeting_minutes",
    "outcome_add",
    "outcome_delete",
    "outcome_edit",
    "overdue_list",
    "participant_add",
    "series_create",
    "series_detail",
    "series_edit",
    "series_ics",
    "series_list",
]
