"""Forms of the meeting pages. They validate input and hand ``cleaned_data`` to hub.meetings.services;
they never save by themselves.

By part: meetings.py, series.py, agenda.py, outcomes.py (with action items' comments), attendance.py, documents.py;
common.py has the widgets and fields they share. The pages import them from here.
"""

from hub.meetings.forms.agenda import AgendaItemForm, MoveForm
from hub.meetings.forms.attendance import DelegationForm, ParticipantForm
from hub.meetings.forms.common import ASEAN_TIMEZONES, ClockField, DateInput, SourcesField, StatusForm, TimeInput
from hub.meetings.forms.documents import DocumentForm
from hub.meetings.forms.meetings import MeetingForm
from hub.meetings.forms.outcomes import CommentForm, OutcomeForm
from hub.meetings.forms.series import SeriesForm

__all__ = [
    "ASEAN_TIMEZONES",
    "AgendaItemForm",
    "ClockField",
    "CommentForm",
    "DateInput",
    "DelegationForm",
    "DocumentForm",
    "MeetingForm",
    "MoveForm",
    "OutcomeForm",
    "ParticipantForm",
    "SeriesForm",
    "SourcesField",
    "StatusForm",
    "TimeInput",
]
