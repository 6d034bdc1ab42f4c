"""The meetings table's rows written in Python: the markup of the loop in meetings/partials/meeting_rows.html.

The list and a series' page print every meeting of the page through a dozen lookups, filters and translations a
row, a large part of the page's time; this writes the same bytes from the same meetings (their relations read
as the page read them). The partial keeps the table around the rows; tests/pages/test_meetings_rows.py checks
the rows against the template loop they replace, in English and Bahasa Indonesia.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hub.core.rowhtml import esc
from hub.core.urlcache import reverse


def meeting_rows(meetings) -> SafeString:
    """The table's ``<tr>`` of these meetings, with the whitespace the template loop wrote."""
    # The words outside the f-strings: xgettext (make messages) does not read inside them.
    restricted_word, demo_word, national_of = _("restricted"), _("demo"), _("national meeting of %(country)s")
    restricted = f'<span class="badge badge--restricted">{restricted_word}</span>'
    demo = f'<span class="badge">{demo_word}</span>'
    out = []
    for m in meetings:
        national = ""
        if m.is_national:
            label = esc(m.country.label) if m.country_id else ""
            national = f'<span class="note">{national_of % {"country": label}}</span>'
        out.append(
            "\n    <tr>\n"
            f'      <td class="date"><time datetime="{m.start_date.isoformat()}">{esc(m.dates_display)}</time></td>\n'
            f'      <th scope="row"><a href="{esc(m.get_absolute_url())}">{esc(m.title)}</a>\n'
            f"        {restricted if m.is_restricted else ''}\n"
            f"        {demo if m.is_demo else ''}</th>\n"
            f"      <td>{esc(capfirst(m.get_kind_display()))}{national}</td>\n"
            f"      <td>{esc(m.place_display or '—')}</td>\n"
            f"      <td>{esc(m.host_display or '—')}</td>\n"
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
