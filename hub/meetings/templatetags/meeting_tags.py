"""Small filters of the meeting pages."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch

from hub.meetings.rows import meeting_rows

register = template.Library()


@register.filter
def filesize(size: int | None) -> str:
    if size is None:
        return ""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


@register.filter
def url_or_empty(obj) -> str:
    """The object's page, or "" when its app has no page for it (yet)."""
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return ""


@register.filter
def times(meeting) -> str:
    """ "09:00–17:00 (Asia/Jakarta)" for a timed meeting, else ""."""
    if not meeting.start_time:
        return ""
    end = f"–{meeting.end_time}" if meeting.end_time else ""
    return f"{meeting.start_time}{end} ({meeting.timezone})"


@register.filter
def overdue_on(action, day) -> bool:
    return action.is_overdue(day)


# The meetings table's rows, written in Python (hub/meetings/rows.py): the markup of the partial's former loop.
register.filter("meeting_rows", meeting_rows)
