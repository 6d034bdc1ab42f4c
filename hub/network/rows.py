"""HTML of the registry pages' repeated rows, written in Python.

The governance page repeats the same few partials (``partials/sources.html``, ``partials/alternatives.html``,
``meetings/partials/decided_at.html``, ``network/partials/term_holder.html``) for every role term: through the
template engine that is some 4,000 variable lookups and 275 ``{% include %}`` a request, most of the page's
time. These functions write the same markup (same text, links, language attributes, escaping and
translations) straight from the records; the partials stay the source of the markup elsewhere, and
tests/pages/test_registry_rows.py checks that both give the same HTML.

Escaping follows the template engine's: ``{% translate %}`` text and every variable are escaped,
``{% blocktranslate %}`` text is not (its variables are).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from hub.core.dates import format_partial
from hub.core.rowhtml import WORDS, esc
from hub.core.rowhtml import word as _t
from hub.core.templatetags.public_text import public_note
from hub.network.models import MemberKind, MembershipStatus
from hub.network.templatetags.hub import period, source_host


def _confidence(record) -> str:
    """The "Confidence: high" text of a record, remembered per language and level."""
    key = (get_language(), "confidence", record.confidence)
    if key not in WORDS:
        WORDS[key] = _("Confidence: %(level)s") % {"level": esc(record.get_confidence_display())}
    return WORDS[key]


class Links:
    """Addresses of countries and members, reversed once per page rather than once per row."""

    def __init__(self) -> None:
        self._country = reverse("network:country", args=["__code__"])
        self._member = reverse("network:member", args=["__slug__"])
        self._seen: dict[tuple[str, str], str] = {}

    def country(self, country) -> str:
        key = ("c", country.code)
        if key not in self._seen:
            self._seen[key] = self._country.replace("__code__", country.code.lower())
        return self._seen[key]

    def member(self, member) -> str:
        key = ("m", member.slug)
        if key not in self._seen:
            self._seen[key] = self._member.replace("__slug__", member.slug)
        return self._seen[key]


def _source_links(addresses) -> str:
    links = []
    for address in addresses:
        a = esc(address)
        links.append(f'<a href="{a}" rel="noopener external" title="{a}">{esc(source_host(address))}</a>')
    return ", ".join(links)


def sources(record, *, show_note: bool = False) -> SafeString:
    """``{% include "partials/sources.html" with record=record %}``."""
    parts = [
        '\n<span class="provenance">\n  <span class="confidence confidence--',
        esc(record.confidence),
        '">',
        _confidence(record),
        "</span>\n  ",
    ]
    if record.sources:
        parts += [
            '<span class="sources">',
            _t(gettext_noop("Sources:")),
            "\n    ",
            _source_links(record.sources),
            "</span>",
        ]
    parts.append("\n  ")
    if show_note and record.source_note:
        note = public_note(record.source_note)
        if note:
            parts.append(f'<span class="source-note" lang="en">{esc(note)}</span>')
    parts.append("\n</span>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped or fixed markup


def alternatives(record) -> SafeString:
    """``{% include "partials/alternatives.html" with record=record %}``."""
    if not record.alternatives:
        return mark_safe("\n")
    label = _t(gettext_noop("Other reading:"))
    items = []
    for alt in record.alternatives:
        item = [f'\n  <li><strong>{label}</strong> <span lang="en">{esc(alt.get("reading", ""))}</span>']
        item.append("\n    ")
        note = public_note(alt.get("note"))
        if note:
            item.append(f'<span class="alt-note" lang="en">— {esc(note)}</span>')
        item.append("\n    ")
        if alt.get("sources"):
            item += ["(", _source_links(alt["sources"]), ")"]
        item.append("\n  </li>\n  ")
        items.append("".join(item))
    label = _t(gettext_noop("Other readings"))  # outside the f-string: xgettext does not read inside one
    return mark_safe(  # noqa: S308 - escaped pieces and fixed markup
        f'\n\n<ul class="alternatives" aria-label="{label}">\n  {"".join(items)}\n</ul>\n\n'
    )


def decided_at(record) -> SafeString:
    """``{% include "meetings/partials/decided_at.html" with record=record %}`` (its decision selected along)."""
    effect = getattr(record, "decision_effect", None)
    if not effect:
        return mark_safe("\n")
    decision = effect.decision
    meeting = decision.agenda_item.meeting
    title, day = esc(meeting.title), esc(meeting.dates_display)
    if meeting.visibility == "public":
        text = _('Decided at <a href="%(url)s#decision-%(anchor)s">%(title)s</a> (%(day)s)') % {
            "url": esc(meeting.get_absolute_url()),
            "anchor": esc(decision.pk),
            "title": title,
            "day": day,
        }
    else:
        text = _("Decided at %(title)s (%(day)s)") % {"title": title, "day": day}
    return mark_safe(f'<span class="decided-at">{text}</span>\n')  # noqa: S308 - escaped variables


def term_holder(term) -> str:
    """``{% include "network/partials/term_holder.html" %}``: the person, position and body of a term."""
    person, organisation = term.person, term.organisation
    if not person:
        return f"{esc(term.holder_label)}\n"
    html = f'<span class="person">{esc(person.name)}</span>'
    if person.position:
        html += f', <span class="designation" lang="en">{esc(person.position)}</span>'
    if organisation and organisation.name not in person.position:
        html += f' (<span lang="en">{esc(organisation.name)}</span>)'
    return html + "\n"


_CSCO_ROLES = ("csco", "csco_alternate")
_STATE_ROLES = ("chair", "shepherd")
_NR_ROLES = ("national_representative", "nr_alternate")
_BREAK = "\n          "


class GovernanceRows:
    """The governance page's rows: who held each role on a day, and each role's history table."""

    def __init__(self, *, day_is_today: bool, can_edit: bool) -> None:
        self.links = Links()
        self.can_edit = can_edit
        self.badge = _t(gettext_noop("current")) if day_is_today else _t(gettext_noop("in force"))
        self.edit = _t(gettext_noop("Edit"))
        self.decided_by = _t(gettext_noop("Decided by:"))
        self.disputed = _t(gettext_noop("dates disputed, see history"))
        self._edit_url = reverse("network:role_term_edit", args=[0]).replace("/0/", "/__pk__/")

    def _country_link(self, country, text) -> str:
        return f'<a href="{self.links.country(country) if country else ""}">{esc(text)}</a>'

    def held(self, role: str, terms) -> SafeString:
        """The items of one role's list of holders on the day."""
        items = []
        for term in terms:
            if role in _STATE_ROLES:
                who = self._country_link(term.country, term.holder_label)
                if term.organisation:
                    who += f' <span class="body">({esc(term.organisation.name)})</span>'
                who += _BREAK
            elif role in _NR_ROLES:
                who = self._country_link(term.country, term.country.label if term.country else "")
                who += ": " + term_holder(term) + _BREAK
            elif role in _CSCO_ROLES:
                member = term.member
                url, name = (self.links.member(member), esc(member.name)) if member else ("", "")
                who = f'<a href="{url}">{name}</a>: ' + term_holder(term) + _BREAK
            else:
                who = esc(term.holder_label)
            disputed = (
                f'<a class="disputed" href="#history-{esc(role)}">{self.disputed}</a>' if term.alternatives else ""
            )
            items.append(
                f'\n        <li>{who}\n          <span class="period">{esc(period(term))}</span>'
                f"\n          {disputed}\n        </li>\n        "
            )
        return mark_safe("".join(items))  # noqa: S308 - every piece is escaped or fixed markup

    def history(self, role: str, terms) -> SafeString:
        """The rows of one role's history table."""
        rows = []
        for term in terms:
            holder_label = term.holder_label
            if role in _CSCO_ROLES and term.member:
                member = term.member
                holder = f'<a href="{self.links.member(member)}">{esc(member.name)}</a>: {esc(holder_label)}'
            elif role in _STATE_ROLES:
                holder = self._country_link(term.country, holder_label)
            else:
                holder = esc(holder_label)
            badge = f'<span class="badge">{self.badge}</span>' if term.is_current else ""
            if term.country:
                country = self._country_link(term.country, term.country.label)
            elif term.member:
                country = self._country_link(term.member.country, term.member.country.label)
            else:
                country = "—"
            body = []
            holder_name = term.holder_name
            organisation, person = term.organisation, term.person
            if organisation and organisation.name != holder_name:
                body.append(esc(organisation.name))
                if person:
                    body.append("; ")
            if person and person.name != holder_name:
                body.append(esc(person.name))
                if person.position:
                    body.append(", " + esc(person.position))
            decided_by = (
                f'<span class="decided">{self.decided_by} <span lang="en">{esc(term.decided_by)}</span></span>'
                if term.decided_by
                else ""
            )
            note = f'<span class="note" lang="en">{esc(term.note)}</span>' if term.note else ""
            edit = ""
            if self.can_edit:
                label = _("Edit %(term)s") % {"term": esc(term.label)}
                url = self._edit_url.replace("__pk__", str(term.pk))
                edit = f'<a class="edit-link" href="{url}" aria-label="{label}">{self.edit}</a>'
            rows.append(
                "".join(
                    [
                        '\n        <tr class="is-current">' if term.is_current else "\n        <tr>",
                        f'\n          <th scope="row">{holder}\n            {badge}</th>',
                        f"\n          <td>{country}</td>",
                        f'\n          <td lang="en">{"".join(body)}</td>',
                        f"\n          <td>{esc(period(term))}\n            {decided_by}",
                        f"\n            {decided_at(term)}",
                        f"\n            {note}\n            {alternatives(term)}\n            {edit}</td>",
                        f"\n          <td>{sources(term)}</td>\n        </tr>\n      ",
                    ]
                )
            )
        return mark_safe("".join(rows))  # noqa: S308 - every piece is escaped or fixed markup


def _choice_label(choices, value) -> str:
    """The label of a choice in the active language (the value itself if unknown), escaped, remembered."""
    key = (get_language(), choices.__name__, value)
    if key not in WORDS:
        try:
            WORDS[key] = esc(choices(value).label)
        except ValueError:
            WORDS[key] = esc(value)
    return WORDS[key]


def options(choices, selected) -> SafeString:
    """``<option>`` of a filter's ``<select>`` from (value, label) pairs, ``selected`` marked."""
    html = []
    for value, label in choices:
        mark = " selected" if selected == value else ""
        html.append(f'<option value="{esc(value)}"{mark}>{esc(label)}</option>')
    return mark_safe("".join(html))  # noqa: S308 - escaped values and labels


def member_rows(members) -> SafeString:
    """The rows of the members table (network/members.html): name, local name, kind, country, join, status."""
    links = Links()
    not_yet = None
    html = []
    for m in members:
        country = m.country
        joined = format_partial(m.joined_date, m.joined_precision) if m.joined_date else ""
        joined = f'<time datetime="{esc(joined)}">{esc(joined)}</time>' if m.joined_date else "—"
        if m.status_on:
            label = _choice_label(MembershipStatus, m.status_on)
            status = f'<span class="status status--{esc(m.status_on)}">{label}</span>'
        else:
            not_yet = not_yet or _t(gettext_noop("not yet"))
            status = f'<span class="status">{not_yet}</span>'
        html.append(
            f'\n    <tr>\n      <th scope="row"><a href="{links.member(m)}">{esc(m.name)}</a></th>'
            f"\n      <td>{esc(m.local_name)}</td>"
            f"\n      <td>{_choice_label(MemberKind, m.kind)}</td>"
            f'\n      <td><a href="{links.country(country)}">{esc(country.label)}</a></td>'
            f'\n      <td class="date">{joined}</td>'
            f"\n      <td>{status}</td>\n    </tr>\n  "
        )
    return mark_safe("".join(html))  # noqa: S308 - every piece is escaped or fixed markup
