"""Helpers for the meeting tests (no tests here): meetings, items and outcomes made through the services."""

from __future__ import annotations

from datetime import date

from hub.meetings import services
from hub.meetings.models import AgendaItem, Meeting, MeetingSeries, Outcome
from hub.network import services as registry
from hub.network.models import Country, Member, MembershipEvent


def make_meeting(actor, **overrides) -> Meeting:
    data = {
        "title": "Test meeting",
        "kind": "workshop",
        "scope": "network",
        "start_date": date(2026, 3, 10),
        "end_date": date(2026, 3, 11),
        "visibility": "public",
        "city": "Jakarta",
        "venue_country": Country.objects.get(code="ID"),
        "sources": [],
        "confidence": "high",
        **overrides,
    }
    if "start_date" in overrides and "end_date" not in overrides:
        data["end_date"] = overrides["start_date"]
    return services.create_meeting(actor=actor, data=data, via="test")


def make_item(actor, meeting: Meeting, title: str = "Agenda item", **data) -> AgendaItem:
    return services.add_agenda_item(actor=actor, meeting=meeting, data={"title": title, **data}, via="test")


def make_action(actor, item: AgendaItem, text: str = "Do it", **data) -> Outcome:
    values = {"kind": "action", "text": text, "owner_name": "Someone", **data}
    return services.record_outcome(actor=actor, item=item, data=values, via="test")


def annual_series() -> MeetingSeries:
    return MeetingSeries.objects.get(slug="ascn-annual-meetings")


def make_candidate(secretariat, slug: str = "testville", since: date = date(2025, 1, 1)) -> Member:
    """A candidate of the registry, made by the Secretariat through the registry's services."""
    member = registry.create_member(
        actor=secretariat,
        data={
            "slug": slug,
            "name": slug.capitalize(),
            "kind": "city",
            "country": Country.objects.get(code="ID"),
            "source_note": "test",
        },
        via="test",
    )
    registry.create_membership_event(
        actor=secretariat,
        data={"member": member, "status": "candidate", "effective_date": since, "source_note": "test"},
        via="test",
    )
    return member


def events_of(member: Member) -> list[MembershipEvent]:
    return list(MembershipEvent.objects.filter(member=member).order_by("effective_date", "pk"))
