"""What the meetings API answers.

Output resolvers read only what the querysets select or prefetch, so no list item costs a query.
The bodies of the writes are in hub.meetings.schemas_in; every name of it is importable from here too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from hub.core.api import RowSchema
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

# The inputs, importable from here as before the split.
from hub.meetings.schemas_in import (  # noqa: F401  (re-exported)
    AgendaItemIn,
    AgendaItemPatch,
    CommentIn,
    DelegationIn,
    EffectIn,
    MeetingIn,
    MeetingPatch,
    MoveIn,
    OutcomeIn,
    OutcomePatch,
    ParticipantIn,
    StatusPatch,
)
from hub.meetings.schemas_series import SeriesIn, SeriesOut, SeriesPatch  # noqa: F401  (re-exported)
from hub.network.schemas import CountryRef, MemberRef, OrganisationRef, PersonRef, Provenance, provenance


def _url(path: str, context: dict[str, Any] | None) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


class SeriesRef(Schema):
    slug: str
    name: str


class Place(Schema):
    format: MeetingFormat
    venue: str
    city: str
    country: CountryRef | None
    text: str = Field(description='The place in words, e.g. "Shangri-La, Kuala Lumpur, Malaysia" or "online".')


class Host(Schema):
    country: CountryRef | None
    organisation: OrganisationRef | None


class Chair(Schema):
    country: CountryRef | None
    organisation: OrganisationRef | None
    person: PersonRef | None


class MeetingOut(RowSchema):  # read for every row of the list (hub.core.api.RowSchema)
    id: int
    title: str
    kind: MeetingKind
    scope: MeetingScope
    national_of: CountryRef | None = Field(description="For a national meeting: its member state.")
    series: SeriesRef | None
    number: int | None
    start_date: date = Field(description="First day.")
    end_date: date = Field(description="Last day (inclusive).")
    start_time: str | None = Field(description="Local time in `timezone` (HH:MM), if known.")
    end_time: str | None

    @staticmethod
    def resolve_start_time(obj) -> str | None:
        return obj.start_time or None

    @staticmethod
    def resolve_end_time(obj) -> str | None:
        return obj.end_time or None

    timezone: str | None = Field(description="IANA time zone of the times, e.g. Asia/Jakarta.")
    place: Place
    host: Host
    chair: Chair
    visibility: Visibility
    version: int = Field(description="Raised by every change; send it back as `If-Match` when you change the meeting.")
    is_demo: bool
    url: str = Field(description="The meeting's page.")
    ics_url: str = Field(description="The meeting as an iCalendar file.")
    provenance: Provenance

    @staticmethod
    def resolve_national_of(obj):
        return obj.country

    @staticmethod
    def resolve_timezone(obj) -> str | None:
        return obj.timezone or None

    @staticmethod
    def resolve_place(obj) -> dict:
        return {
            "format": obj.format,
            "venue": obj.venue,
            "city": obj.city,
            "country": obj.venue_country,
            "text": obj.place_display,
        }

    @staticmethod
    def resolve_host(obj) -> dict:
        return {"country": obj.host_country, "organisation": obj.host_organisation}

    @staticmethod
    def resolve_chair(obj) -> dict:
        return {"country": obj.chair_country, "organisation": obj.chair_organisation, "person": obj.chair_person}

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _url(obj.get_absolute_url(), context)

    @staticmethod
    def resolve_ics_url(obj, context) -> str:
        return _url(f"/api/v1/meetings/{obj.pk}.ics", context)

    @staticmethod
    def resolve_provenance(obj) -> dict:
        return provenance(obj)


class DelegationOut(Schema):
    id: int
    kind: DelegationKind
    name: str
    member: MemberRef | None
    country: CountryRef | None
    organisation: OrganisationRef | None
    status: AttendanceStatus
    note: str


class ParticipantOut(Schema):
    id: int
    name: str
    position: str
    person: PersonRef | None
    delegation_id: int | None
    has_account: bool
    status: AttendanceStatus

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.display_name

    @staticmethod
    def resolve_has_account(obj) -> bool:
        return obj.user_id is not None


class DocumentOut(Schema):
    id: int
    title: str
    file_name: str
    file_type: str
    size: int
    restricted: bool = Field(description="Only participants and organisers may download it.")
    agenda_item_id: int | None
    uploaded: str
    download_url: str

    @staticmethod
    def resolve_file_name(obj) -> str:
        return obj.original_name

    @staticmethod
    def resolve_uploaded(obj) -> str:
        return obj.created_at.isoformat()

    @staticmethod
    def resolve_download_url(obj, context) -> str:
        return _url(obj.get_absolute_url(), context)


class MeetingDetail(MeetingOut):
    summary: str
    online_url: str
    delegations: list[DelegationOut]
    participants: list[ParticipantOut]
    documents: list[DocumentOut] = Field(description="The documents you may download.")

    # The view attaches the lists (documents depend on who reads).
    @staticmethod
    def resolve_delegations(obj) -> list:
        return obj.delegations_list

    @staticmethod
    def resolve_participants(obj) -> list:
        return obj.participants_list

    @staticmethod
    def resolve_documents(obj) -> list:
        return obj.documents_list


class EventRef(Schema):
    id: int
    member: MemberRef
    status: str
    effective: str


class TermRef(Schema):
    id: int
    role: str
    holder: str
    start: str | None
    end: str | None


def _term_ref(term) -> dict | None:
    if term is None:
        return None
    return {
        "id": term.pk,
        "role": term.role,
        "holder": term.holder_name,
        "start": term.start_display or None,
        "end": term.end_display or None,
    }


class EffectOut(Schema):
    id: int
    kind: EffectKind
    membership_event: EventRef | None
    role_term: TermRef | None
    made_by_decision: bool = Field(
        description="True when the decision created the registry record (deleting the decision deletes it); "
        "false when the reference dataset made it and links it to the decision."
    )
    ended_term: TermRef | None = Field(
        description="Handovers: the term in force on the new term's start, which the handover ended with the "
        "period before that start. Deleting the decision gives it back `ended_term_end_before`."
    )
    ended_term_end_before: str | None = Field(description="Its end before the handover (null: open-ended).")

    @staticmethod
    def resolve_membership_event(obj) -> dict | None:
        event = obj.membership_event
        if event is None:
            return None
        return {"id": event.pk, "member": event.member, "status": event.status, "effective": event.effective_display}

    @staticmethod
    def resolve_role_term(obj) -> dict | None:
        return _term_ref(obj.role_term)

    @staticmethod
    def resolve_ended_term(obj) -> dict | None:
        return _term_ref(obj.ended_term)

    @staticmethod
    def resolve_ended_term_end_before(obj) -> str | None:
        return (obj.ended_term_end_before or None) if obj.ended_term_id else None

    @staticmethod
    def resolve_made_by_decision(obj) -> bool:
        return obj.created_by_decision


class Owner(Schema):
    organisation: OrganisationRef | None
    name: str = Field(description="The person (account holder or named person), if any.")
    text: str = Field(description="The owner in words.")


class OutcomeOut(Schema):
    id: int
    kind: OutcomeKind
    position: int
    text: str
    owner: Owner | None = Field(description="Action items only.")
    due_date: date | None
    status: ActionStatus | None
    effects: list[EffectOut] = Field(description="Decisions only: the changes it made to the registry.")
    version: int
    provenance: Provenance

    @staticmethod
    def resolve_owner(obj) -> dict | None:
        if obj.kind != OutcomeKind.ACTION:
            return None
        person = obj.owner_user.get_full_name() if obj.owner_user_id else obj.owner_name
        return {"organisation": obj.owner_organisation, "name": person or "", "text": obj.owner_display}

    @staticmethod
    def resolve_status(obj) -> str | None:
        return obj.status or None

    @staticmethod
    def resolve_effects(obj) -> list:
        return list(obj.effects.all()) if obj.kind == OutcomeKind.DECISION else []

    @staticmethod
    def resolve_provenance(obj) -> dict:
        return provenance(obj)


class ProjectRef(Schema):
    id: int
    slug: str
    title: str


class DecisionRef(Schema):
    id: int
    text: str
    meeting_id: int

    @staticmethod
    def resolve_meeting_id(obj) -> int:
        return obj.agenda_item.meeting_id


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    description: str
    day: date | None
    start_time: str | None = Field(description="Local time (HH:MM), if known.")
    duration_minutes: int | None
    presenter: str
    presenter_organisation: OrganisationRef | None
    members: list[MemberRef]
    projects: list[ProjectRef]
    earlier_decisions: list[DecisionRef]
    outcomes: list[OutcomeOut]
    version: int

    @staticmethod
    def resolve_start_time(obj) -> str | None:
        return obj.start_time or None

    @staticmethod
    def resolve_members(obj) -> list:
        return list(obj.members.all())

    @staticmethod
    def resolve_projects(obj) -> list:
        return list(obj.projects.all())

    @staticmethod
    def resolve_earlier_decisions(obj) -> list:
        return list(obj.decisions.all())

    @staticmethod
    def resolve_outcomes(obj) -> list:
        return list(obj.outcomes.all())


class MeetingRef(Schema):
    id: int
    title: str
    start_date: date


class ItemRef(Schema):
    id: int
    title: str


class DecisionOut(OutcomeOut):
    meeting: MeetingRef
    agenda_item: ItemRef

    @staticmethod
    def resolve_meeting(obj):
        return obj.agenda_item.meeting


class ActionItemOut(Schema):
    id: int
    text: str
    owner: Owner
    due_date: date | None
    status: ActionStatus
    overdue: bool
    closed_on: date | None
    meeting: MeetingRef
    agenda_item: ItemRef
    version: int
    url: str

    @staticmethod
    def resolve_owner(obj) -> dict:
        return OutcomeOut.resolve_owner(obj)

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue(timezone.localdate())

    @staticmethod
    def resolve_meeting(obj):
        return obj.agenda_item.meeting

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _url(obj.get_absolute_url(), context)


class CommentOut(Schema):
    id: int
    author: str
    text: str
    at: str

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author.get_full_name() if obj.author_id else obj.author_label

    @staticmethod
    def resolve_at(obj) -> str:
        return obj.created_at.isoformat()


class ActionItemDetail(ActionItemOut):
    comments: list[CommentOut]

    @staticmethod
    def resolve_comments(obj) -> list:
        return list(obj.comments.all())


class AgendaOut(Schema):
    review: list[ActionItemOut] = Field(
        description="Review of open action items: those of the series' earlier meetings still open on this "
        "meeting's first day."
    )
    items: list[AgendaItemOut]
