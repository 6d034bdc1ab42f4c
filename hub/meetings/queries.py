"""Read side of a meeting, shared by its page, its minutes (PDF) and the API: the agenda with outcomes,
numbered decisions and action items, attendance and the documents the reader may see. A fixed number of
queries whatever the size of the meeting."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from hub.core import compiled
from hub.meetings import policies
from hub.meetings.models import (
    AgendaItem,
    AttendanceStatus,
    DecisionEffect,
    Delegation,
    Document,
    Meeting,
    MeetingSeries,
    Outcome,
    OutcomeKind,
    Participant,
)
from hub.meetings.services import actions_for_review

# The relations a single meeting's query joins at little planning cost; fill_related reads the others.
NEAR = ("series", "country", "venue_country", "host_country", "chair_country")

# The meeting's own relations (what MeetingQuerySet.with_related joins), by the model they point at.
_RELATED = (
    ("series", ("series",)),
    ("country", ("country", "venue_country", "host_country", "chair_country")),
    ("organisation", ("host_organisation", "chair_organisation")),
    ("person", ("chair_person",)),
)


def fill_related(meetings, *, countries=(), series=(), only=None) -> list[Meeting]:
    """``meetings`` (a list) with what ``with_related()`` would have joined and is not read yet: one simple
    query per related model, only for the ids missing from ``countries`` and ``series`` (rows a page has read);
    ``only``: the names of the relations the page reads (the others stay unread, as on any model).

    On PostgreSQL a meeting query with its eight joins spends some 20 ms *planning* for 1 ms of work; these
    one-table queries plan in a fraction of a millisecond, so a page of meetings costs far less this way."""
    from hub.network.models import Country, Organisation, Person

    meetings = list(meetings)
    models = {"series": MeetingSeries, "country": Country, "organisation": Organisation, "person": Person}
    known = {"series": series, "country": countries}
    for kind, names in _RELATED:
        fields = [Meeting._meta.get_field(name) for name in names if only is None or name in only]
        by_pk = {row.pk: row for row in known.get(kind, ())}
        missing = [(m, f) for m in meetings for f in fields if not f.is_cached(m)]  # select_related may have read some
        wanted = {getattr(m, f.attname) for m, f in missing} - {None} - by_pk.keys()
        if wanted:
            # The SQL compiled once per set of ids (hub/core/compiled.py), the rows read fresh.
            ids, model = tuple(sorted(wanted)), models[kind]
            found = compiled.instances(
                ("fill-related", ids), model, lambda model=model, ids=ids: model._base_manager.filter(pk__in=ids)
            )
            by_pk.update((row.pk, row) for row in found)
        for meeting, f in missing:
            f.set_cached_value(meeting, by_pk.get(getattr(meeting, f.attname)))
    return meetings


# The columns the meetings table's rows read (hub/meetings/rows.py) and the relations fill_related completes.
LIST_FIELDS = (
    *("id", "title", "start_date", "end_date", "visibility", "is_demo", "kind", "scope", "format", "venue", "city"),
    *("series", "country", "venue_country", "host_country", "host_organisation"),
)
_HOST = ("host_organisation__name", "host_organisation__short_name")


def list_page(key: tuple, build, limit: int) -> list[Meeting]:
    """The first ``limit`` meetings of ``build()`` as the list's rows read them: their LIST_FIELDS (the others
    deferred) and their host organisation's names joined in the same query (one round trip less than
    fill_related's; a single join plans in no time). The SQL compiled once per ``key`` (hub/core/compiled.py)."""
    from hub.network.models import Organisation

    names = [f.attname for f in Meeting._meta.concrete_fields if f.name in LIST_FIELDS]
    found = compiled.rows(
        ("meeting-list-page", tuple(names), limit, *key), lambda: build().values_list(*names, *_HOST)[:limit]
    )
    host = Meeting._meta.get_field("host_organisation")
    count, meetings = len(names), []
    for row in found:
        meeting = Meeting.from_db("default", names, row[:count])
        organisation = None
        if meeting.host_organisation_id is not None:
            organisation = Organisation.from_db(
                "default", ["id", "name", "short_name"], (meeting.host_organisation_id, *row[count:])
            )
        host.set_cached_value(meeting, organisation)
        meetings.append(meeting)
    return meetings


def agenda_items(meeting: Meeting):
    """The meeting's agenda items with everything the page and the minutes show, in order."""
    effects = DecisionEffect.objects.select_related(
        "membership_event__member", "role_term__country", "role_term__organisation", "ended_term__country"
    )
    outcomes = Outcome.objects.select_related("owner_organisation", "owner_user").prefetch_related(
        Prefetch("effects", queryset=effects)
    )
    earlier = Outcome.objects.select_related("agenda_item__meeting")
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter_organisation")
        .prefetch_related(
            Prefetch("outcomes", queryset=outcomes.order_by("position", "pk")),
            Prefetch("members", queryset=_members()),
            Prefetch("projects", queryset=_projects()),
            Prefetch("decisions", queryset=earlier.order_by("agenda_item__meeting__start_date", "pk")),
            Prefetch("documents", queryset=Document.objects.order_by("created_at", "pk")),
        )
        .order_by("position", "pk")
    )


def _members():
    from hub.network.models import Member

    return Member.objects.select_related("country").order_by("name")


def _projects():
    from hub.projects.models import Project

    return Project.objects.select_related("member").order_by("title")


@dataclass
class MeetingRecord:
    meeting: Meeting
    items: list[AgendaItem]
    decisions: list[Outcome]
    actions: list[Outcome]
    review: list[Outcome]
    delegations: list[Delegation]
    participants: list[Participant]
    documents: list[Document]
    restricted_readable: bool
    attendance: dict[str, list] = field(default_factory=dict)


def meeting_record(meeting: Meeting, user) -> MeetingRecord:
    """Everything about one meeting that ``user`` may read (the caller has checked the meeting itself)."""
    readable = policies.can_read_restricted(user, meeting)
    items = list(agenda_items(meeting))
    decisions, actions = [], []
    for item in items:
        item.visible_documents = [d for d in item.documents.all() if readable or not d.restricted]
        for outcome in item.outcomes.all():
            if outcome.kind == OutcomeKind.DECISION:
                decisions.append(outcome)
                outcome.number = len(decisions)
            elif outcome.kind == OutcomeKind.ACTION:
                actions.append(outcome)
                outcome.number = len(actions)
    delegations = list(meeting.delegations.select_related("member", "country", "organisation").order_by("kind", "pk"))
    participants = list(
        meeting.participants.select_related("person", "user", "delegation__member", "delegation__country")
        .select_related("delegation__organisation")
        .order_by("pk")
    )
    documents = [
        d
        for d in meeting.documents.filter(agenda_item__isnull=True).order_by("created_at", "pk")
        if readable or not d.restricted
    ]
    attendance: dict[str, list] = {status: [] for status in AttendanceStatus.values}
    for delegation in delegations:
        attendance[delegation.status].append(delegation)
    return MeetingRecord(
        meeting=meeting,
        items=items,
        decisions=decisions,
        actions=actions,
        review=actions_for_review(meeting, user),
        delegations=delegations,
        participants=participants,
        documents=documents,
        restricted_readable=readable,
        attendance=attendance,
    )
