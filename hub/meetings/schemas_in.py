"""What the meetings API accepts: the bodies of its writes. Unknown fields are a 422.

Inputs name registry records by their slugs (members, organisations, people), countries by ISO code;
hub.meetings.api turns those into records before the services see them.
"""

from __future__ import annotations

from datetime import time
from typing import Literal

from ninja import Field, Schema

from hub.core.inputs import Day
from hub.core.models import Confidence
from hub.meetings.models import (
    ActionStatus,
    AttendanceStatus,
    DelegationKind,
    EffectKind,
    MeetingFormat,
    MeetingKind,
    MeetingScope,
    OutcomeKind,
    Visibility,
)


class _In(Schema):
    model_config = {"extra": "forbid"}


class MeetingIn(_In):
    title: str = Field(max_length=200)
    kind: MeetingKind
    scope: MeetingScope = MeetingScope.NETWORK
    national_of: str | None = Field(None, max_length=2, description="ISO code; for a national meeting.")
    series: str | None = Field(None, max_length=80, description="Slug of the series.")
    number: int | None = Field(None, ge=1, le=1000)
    start_date: Day
    end_date: Day | None = Field(None, description="Defaults to the first day.")
    start_time: time | None = None
    end_time: time | None = None
    timezone: str = Field("", max_length=64)
    format: MeetingFormat = MeetingFormat.IN_PERSON
    venue: str = Field("", max_length=200)
    city: str = Field("", max_length=120)
    venue_country: str | None = Field(None, max_length=2)
    online_url: str = Field("", max_length=200)
    host_country: str | None = Field(None, max_length=2)
    host_organisation: str | None = Field(None, max_length=80, description="Slug of the organisation.")
    chair_country: str | None = Field(None, max_length=2)
    chair_organisation: str | None = Field(None, max_length=80)
    chair_person: str | None = Field(None, max_length=80, description="Slug of the person.")
    visibility: Visibility = Visibility.PUBLIC
    summary: str = ""
    sources: list[str] = Field(default_factory=list)
    confidence: Confidence = Confidence.HIGH
    source_note: str = ""


class MeetingPatch(_In):
    title: str | None = Field(None, max_length=200)
    kind: MeetingKind | None = None
    series: str | None = Field(None, max_length=80)
    number: int | None = Field(None, ge=1, le=1000)
    start_date: Day | None = None
    end_date: Day | None = None
    start_time: time | None = None
    end_time: time | None = None
    timezone: str | None = Field(None, max_length=64)
    format: MeetingFormat | None = None
    venue: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=120)
    venue_country: str | None = Field(None, max_length=2)
    online_url: str | None = Field(None, max_length=200)
    host_country: str | None = Field(None, max_length=2)
    host_organisation: str | None = Field(None, max_length=80)
    chair_country: str | None = Field(None, max_length=2)
    chair_organisation: str | None = Field(None, max_length=80)
    chair_person: str | None = Field(None, max_length=80)
    visibility: Visibility | None = None
    summary: str | None = None


class AgendaItemIn(_In):
    title: str = Field(max_length=300)
    description: str = ""
    day: Day | None = None
    start_time: time | None = None
    duration_minutes: int | None = Field(None, ge=1, le=1440)
    presenter: str = Field("", max_length=200)
    presenter_organisation: str | None = Field(None, max_length=80, description="Slug.")
    members: list[str] = Field(default_factory=list, description="Slugs of the members concerned.")
    projects: list[str] = Field(default_factory=list, description="Slugs of the projects discussed.")
    decisions: list[int] = Field(default_factory=list, description="Ids of earlier decisions.")


class AgendaItemPatch(_In):
    title: str | None = Field(None, max_length=300)
    description: str | None = None
    day: Day | None = None
    start_time: time | None = None
    duration_minutes: int | None = Field(None, ge=1, le=1440)
    presenter: str | None = Field(None, max_length=200)
    presenter_organisation: str | None = Field(None, max_length=80)
    members: list[str] | None = None
    projects: list[str] | None = None
    decisions: list[int] | None = None


class MoveIn(_In):
    direction: Literal["up", "down"]


class EffectIn(_In):
    kind: EffectKind
    members: list[str] = Field(default_factory=list, description="admit_member: slugs of the members admitted.")
    country: str | None = Field(None, max_length=2, description="Handovers: ISO code of the member state.")
    organisation: str | None = Field(None, max_length=80, description="Handovers: the acting body (slug).")
    person: str | None = Field(None, max_length=80)
    start: str | None = Field(None, description="Handovers: YYYY, YYYY-MM or YYYY-MM-DD; the meeting's day if omitted.")
    end: str | None = Field(None, description="Handovers: YYYY, YYYY-MM or YYYY-MM-DD; open if omitted.")


class OutcomeIn(_In):
    kind: OutcomeKind
    text: str = Field(min_length=1, max_length=5000)
    owner_organisation: str | None = Field(None, max_length=80, description="Action items: slug.")
    owner_email: str | None = Field(None, max_length=254, description="Action items: e-mail of a user.")
    owner_name: str = Field("", max_length=200)
    due_date: Day | None = None
    status: ActionStatus | None = None
    effects: list[EffectIn] = Field(default_factory=list, description="Decisions: changes to the registry.")


class OutcomePatch(_In):
    kind: OutcomeKind | None = None
    text: str | None = Field(None, min_length=1, max_length=5000)
    owner_organisation: str | None = Field(None, max_length=80)
    owner_email: str | None = Field(None, max_length=254)
    owner_name: str | None = Field(None, max_length=200)
    due_date: Day | None = None
    status: ActionStatus | None = None


class CommentIn(_In):
    text: str = Field(min_length=1, max_length=5000)


class DelegationIn(_In):
    kind: DelegationKind
    member: str | None = Field(None, max_length=80)
    country: str | None = Field(None, max_length=2)
    organisation: str | None = Field(None, max_length=80)
    status: AttendanceStatus = AttendanceStatus.INVITED
    note: str = Field("", max_length=300)


class ParticipantIn(_In):
    name: str = Field("", max_length=200)
    position: str = Field("", max_length=200)
    person: str | None = Field(None, max_length=80, description="Slug of a person in the registry.")
    email: str | None = Field(None, max_length=254, description="E-mail of a user: gives that user access.")
    delegation_id: int | None = None
    status: AttendanceStatus = AttendanceStatus.INVITED


class StatusPatch(_In):
    status: AttendanceStatus
