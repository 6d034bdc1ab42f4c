"""The meetings table's rows written in Python: the markup of the loop in meetings/partials/meeting_rows.html.

The list and a series' page print every meeting of the page through a dozen lookups, filters and translations a
row, a large part of the page's time; this writes the same bytes from the same meetings (their relations read
as the page read them). The partial keeps the table around the rows; tests/pages/test_meetings_rows.py checks
the rows against the template loop they replace, in English and Bahasa Indonesia.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hub.core.labels import active_language, localized
from hub.core.rowhtml import esc
from hub.core.urlcache import reverse
from hub.meetings.models.meetings import MeetingKind, dates_display, host_text, month_name, place_text

# An id no meeting has, reversed once per call: each row's address is this one with its own id put in.
_SOME_ID = 987_654_321_987_654
# Per language: the badges, the national note and the kinds' labels (get_kind_display builds its choices anew on
# every call), worked out once per process (the catalogues do not change while it runs).
_FIXED: dict[str, tuple] = {}


def _fixed(language: str) -> tuple:
    found = _FIXED.get(language)
    if found is None:
        # The words outside the f-strings: xgettext (make messages) does not read inside them.
        restricted_word, demo_word, national_of = _("restricted"), _("demo"), _("national meeting of %(country)s")
        found = _FIXED[language] = (
            f'<span class="badge badge--restricted">{restricted_word}</span>',
            f'<span class="badge">{demo_word}</span>',
            national_of,
            {value: esc(capfirst(label)) for value, label in MeetingKind.choices},
        )
    return found


def meeting_rows(meetings) -> SafeString:
    """The table's ``<tr>`` of these meetings, with the whitespace the template loop wrote."""
    language = active_language()
    restricted, demo, national_of, kinds = _fixed(language)
    detail = esc(reverse("meetings:detail", args=[_SOME_ID])).split(str(_SOME_ID))
    months: dict[int, str] = {}

    def month(day):
        name = months.get(day.month)
        if name is None:
            name = months[day.month] = month_name(day)
        return name

    def label(country) -> str:  # Country.label, in the language read once above
        return localized(country, language=language) if country is not None else ""

    out = []
    for m in meetings:
        national = ""
        if m.is_national:
            national = f'<span class="note">{national_of % {"country": esc(label(m.country))}}</span>'
        kind = kinds.get(m.kind)
        if kind is None:
            kind = esc(capfirst(m.get_kind_display()))
        # Meeting.place_display and host_display, with the countries' labels from label() above.
        place = place_text(m.format, m.venue, m.city, label(m.venue_country))
        host = host_text(m.host_organisation, label(m.host_country))
        out.append(
            "\n    <tr>\n"
            f'      <td class="date"><time datetime="{m.start_date.isoformat()}">'
            f"{esc(dates_display(m.start_date, m.end_date, month))}</time></td>\n"
            f'      <th scope="row"><a href="{str(m.pk).join(detail)}">{esc(m.title)}</a>\n'
            f"        {restricted if m.is_restricted else ''}\n"
            f"        {demo if m.is_demo else ''}</th>\n"
            f"      <td>{kind}{national}</td>\n"
            f"      <td>{esc(place or '—')}</td>\n"
            f"      <td>{esc(host or '—')}</td>\n"
            "    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 (every value escaped; the words are the template's msgids)


def options(choices, selected: str) -> SafeString:
    """``<option>`` of (value, label) pairs, the one equal to ``selected`` selected: the filter form's loops
    (kinds, series, countries) as meetings/list.html wrote them."""
    return mark_safe(  # noqa: S308 (escaped values)
        "".join(
            f'<option value="{esc(value)}"{" selected" if value == selected else ""}>{esc(label)}</option>'
            for value, label in choices
        )
    )


_KIND_OPTIONS: dict[tuple, SafeString] = {}


def kind_options(selected: str) -> SafeString:
    """``options`` of the meeting kinds: fixed words, so written once per (language, selected kind)."""
    key = (get_language(), selected)
    found = _KIND_OPTIONS.get(key)
    if found is None:
        found = options(((v, capfirst(label)) for v, label in MeetingKind.choices), selected)
        if len(_KIND_OPTIONS) < 100:  # the kinds and a few odd values at most: a query's value is any text
            _KIND_OPTIONS[key] = found
    return found


def calendars(series_list) -> SafeString:
    """The list's "Calendars" items: each series' page and its iCalendar feed, as meetings/list.html wrote them."""
    page, feed = reverse("meetings:series", args=["__slug__"]), reverse("meetings:series_ics", args=["__slug__"])
    words = _("calendar feed (iCalendar)")
    return mark_safe(  # noqa: S308 (escaped values; the words are the template's msgid)
        "".join(
            f'<li><a href="{esc(page.replace("__slug__", s.slug))}">{esc(s.name)}</a> · '
            f'<a href="{esc(feed.replace("__slug__", s.slug))}">{words}</a></li>'
            for s in series_list
        )
    )
