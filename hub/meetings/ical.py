"""iCalendar (RFC 5545) files: one per meeting, and a feed per series.

A meeting known only by its days is an all-day event: ``DTSTART;VALUE=DATE`` with an exclusive
``DTEND`` (the day after the last day). A timed meeting carries its times with their ``TZID`` and the
matching ``VTIMEZONE`` component.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from hub.meetings.models import Meeting, MeetingFormat, clock

PRODID = "-//ASEAN Smart Cities Network//ASCN Hub meetings//EN"


def uid_domain() -> str:
    return getattr(settings, "ICAL_UID_DOMAIN", "ascn-hub.asean")


def _start_end(meeting: Meeting) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime]:
    if not meeting.start_time:
        return meeting.start_date, meeting.end_date + dt.timedelta(days=1)
    zone = zoneinfo.ZoneInfo(meeting.timezone)
    start = dt.datetime.combine(meeting.start_date, clock(meeting.start_time), tzinfo=zone)
    if meeting.end_time:
        end = dt.datetime.combine(meeting.end_date, clock(meeting.end_time), tzinfo=zone)
    else:
        # A start time without an end: the event lasts until the end of its last day.
        end = dt.datetime.combine(meeting.end_date + dt.timedelta(days=1), dt.time(0, 0), tzinfo=zone)
    return start, end


def _location(meeting: Meeting) -> str:
    if meeting.format == MeetingFormat.ONLINE:
        return meeting.online_url or str(_("online"))
    return meeting.place_display


def _description(meeting: Meeting, url: str) -> str:
    lines = [str(meeting.get_kind_display()).capitalize()]
    if meeting.host_display:
        lines.append(_("Host: %(host)s") % {"host": meeting.host_display})
    if meeting.chair_display:
        lines.append(_("Chair: %(chair)s") % {"chair": meeting.chair_display})
    if meeting.summary:
        lines += ["", meeting.summary]
    lines += ["", url]
    return "\n".join(lines)


def event_for(meeting: Meeting, base_url: str) -> Event:
    url = base_url + meeting.get_absolute_url()
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{uid_domain()}")
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    if meeting.updated_at:
        event.add("last-modified", meeting.updated_at.astimezone(dt.UTC))
    start, end = _start_end(meeting)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", meeting.title)
    location = _location(meeting)
    if location:
        event.add("location", location)
    event.add("description", _description(meeting, url))
    event.add("url", url)
    event.add("sequence", meeting.version)
    event.add("status", "CONFIRMED")
    event.add("class", "PRIVATE" if meeting.is_restricted else "PUBLIC")
    if meeting.online_url and meeting.format != MeetingFormat.IN_PERSON:
        event.add("conference", meeting.online_url, parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
    return event


def calendar_for(meetings: Iterable[Meeting], *, base_url: str, name: str | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(event_for(meeting, base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
