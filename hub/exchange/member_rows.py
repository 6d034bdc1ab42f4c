"""The member page's open challenges (exchange/partials/member_challenges.html) as list items written in Python:
the same markup the template loop gave (tests/pages/test_exchange_member_rows.py compares them byte for byte),
without a severity label, an address and a list of labels looked up through the template per challenge."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from hub.core.rowhtml import esc
from hub.core.urlcache import reverse


def challenge_items(challenges) -> SafeString:
    """The ``<li>`` of each challenge: its link, severity and the help it wants."""
    wants = _("wants")  # {% translate "wants" %}: a literal msgid's translation, printed unescaped
    items = []
    for c in challenges:
        labels = c.help_wanted_labels
        wanted = f"; {wants} {', '.join(esc(label) for label in labels)}" if labels else ""
        items.append(
            f'<li><a href="{esc(reverse("exchange:challenge", args=[c.pk]))}">{esc(c.title)}</a> '
            f'<span class="help">({esc(c.get_severity_display())}{wanted})</span></li>'
        )
    return mark_safe("".join(items))  # noqa: S308 (every value escaped above)
