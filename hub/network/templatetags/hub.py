"""Small filters the registry pages share: partial dates, choice labels, source links."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from django import template
from django.utils.translation import gettext as _

from hub.core.dates import format_partial
from hub.network.models import MemberKind, MembershipStatus, Role

register = template.Library()


@register.filter
def partial(value: date | None, precision: str | None) -> str:
    """``{{ m.joined_date|partial:m.joined_precision }}``: 2024, 2024-06 or 2024-06-25, never an invented day."""
    return format_partial(value, precision)


@register.filter
def status_label(value: str | None) -> str:
    if not value:
        return ""
    try:
        return MembershipStatus(value).label
    except ValueError:
        return value


@register.filter
def kind_label(value: str | None) -> str:
    if not value:
        return ""
    try:
        return MemberKind(value).label
    except ValueError:
        return value


@register.filter
def role_label(value: str | None) -> str:
    if not value:
        return ""
    try:
        return Role(value).label
    except ValueError:
        return value


@register.filter
def source_host(address: str) -> str:
    """The site a source address points to, as the link text of a short source list."""
    host = urlsplit(address).netloc or address
    return host.removeprefix("www.").removeprefix("m.")


@register.filter
def period(term) -> str:
    """A role term's period in words where the sources leave an end open: "since 2018-04", "2026"."""
    start, end = term.start_display, term.end_display
    known = getattr(term, "in_force_on", None)
    if not start and known:
        if not end:
            return _("in force on %(day)s (start not known)") % {"day": known.isoformat()}
        return _("in force on %(day)s, until %(end)s") % {"day": known.isoformat(), "end": end}
    if not start and not end:
        return _("dates not known")
    if not end:
        return _("since %(start)s") % {"start": start}
    if not start:
        return _("until %(end)s") % {"end": end}
    return start if start == end else f"{start} – {end}"
