"""The member page's membership events and role terms (network/member.html) written in Python: the same markup
the template loops gave, piece by piece (tests/pages/test_network_member_rows.py compares them byte for byte,
signed out and for a keeper of the registry, in English and Bahasa Indonesia), without a dozen tags, lookups
and translations per event and term. The words are the template's msgids; a literal ``{% translate %}`` prints
its translation unescaped, ``{% blocktranslate %}`` escapes the values it is given, as here."""

from __future__ import annotations

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hub.core.rowhtml import esc
from hub.core.urlcache import reverse
from hub.network import rows
from hub.network.templatetags.hub import period


def event_items(events, member, keep: bool) -> SafeString:
    """The ``<li>`` of each membership event (the loop of the page's "Membership history")."""
    out = []
    for event in events:
        bound = ""
        if event.not_before:
            text = _("(not before %(bound)s: counted from then)") % {"bound": esc(event.not_before_display)}
            bound = f'<span class="bound">{text}</span>'
        decided = ""
        if event.decided_by:
            decided_by = _("Decided by:")
            decided = f'<span class="decided">{decided_by} <span lang="en">{esc(event.decided_by)}</span></span>'
        edit = ""
        if keep:
            url = esc(reverse("network:membership_edit", args=[member.slug, event.pk]))
            label, words = _("Edit %(event)s") % {"event": esc(event)}, _("Edit")
            edit = f'<p class="edit-link"><a href="{url}" aria-label="{label}">{words}</a></p>'
        day = _("from %(day)s") % {"day": esc(event.effective_display)}
        out.append(
            '\n    <li class="event">\n'
            f'      <p class="event__main"><span class="status status--{esc(event.status)}">'
            f"{esc(capfirst(event.get_status_display()))}</span>\n"
            f"        {day}\n"
            f"        {bound}\n"
            f"        {decided}</p>\n"
            f"      {conditional_escape(rows.decided_at(event))}\n"
            f'      <p class="event__provenance">{rows.sources(event, show_note=True)}</p>\n'
            f"      {rows.alternatives(event)}\n"
            f"      {edit}\n"
            "    </li>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 (every value escaped above)


def term_items(terms, alternate_role: str, *, csco: bool = False, keep: bool = False) -> SafeString:
    """The ``<li>`` of each role term: the CSCO's (``csco``: a badge on the term held today, and for a keeper of
    the registry its edit link) or the National Representative's."""
    alternate_word, current_word = _("alternate"), _("current")
    alternate = f'<span class="badge badge--muted">{alternate_word}</span>'
    current = f'<span class="badge">{current_word}</span>'
    out = []
    for term in terms:
        html = f"\n    <li>{rows.term_holder(term)}\n      {alternate if term.role == alternate_role else ''}\n"
        html += f'      <span class="period">{esc(period(term))}</span>\n'
        if csco:
            html += f"      {current if term.is_current else ''}\n"
        html += f"      {rows.sources(term)}\n      {rows.alternatives(term)}"
        if csco:
            edit = ""
            if keep:
                url = esc(reverse("network:role_term_edit", args=[term.pk]))
                label, words = _("Edit %(term)s") % {"term": esc(term.label)}, _("Edit")
                edit = f'<a class="edit-link" href="{url}" aria-label="{label}">{words}</a>'
            html += f"\n      {edit}"
        out.append(html + "</li>\n    ")
    return mark_safe("".join(out))  # noqa: S308 (every value escaped above)
