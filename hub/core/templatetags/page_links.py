"""``{% page_links %}``: the pagination of a list (partials/pagination.html), written in Python.

The same markup as the template it replaced (kept in tests/pages/test_page_links.py as the reference and
compared byte for byte): every paginated list shows it, and the template's four ``{% querystring %}``, its
translations and lookups cost more than the rest of a small list page's markup.
"""

from __future__ import annotations

from django import template
from django.template.defaulttags import querystring
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from hub.core.rowhtml import esc

register = template.Library()


def _link(context, page) -> str:
    return esc(querystring(context, page=page))


@register.simple_tag(takes_context=True)
def page_links(context) -> str:
    """The ``<nav>`` of the page's ``page_obj`` (nothing for a single page); links keep the query's other
    parameters. Without the partial's last line break, which partials/pagination.html adds."""
    page_obj = context.get("page_obj")
    if page_obj is None or not page_obj.has_other_pages():
        return ""
    html = ['\n<nav class="pagination" aria-label="', esc(_("Pages")), '">\n  <ul>\n    ']
    if page_obj.has_previous():
        html += [
            '\n      <li><a href="',
            _link(context, 1),
            '">',
            esc(_("First")),
            '</a></li>\n      <li><a href="',
            _link(context, page_obj.previous_page_number()),
            '" rel="prev">',
            esc(_("Previous")),
            "</a></li>\n    ",
        ]
    where = _("Page %(number)s of %(total)s") % {
        "number": esc(localize(page_obj.number)),
        "total": esc(localize(page_obj.paginator.num_pages)),
    }
    html += ['\n    <li><span aria-current="page">', where, "</span></li>\n    "]
    if page_obj.has_next():
        html += [
            '\n      <li><a href="',
            _link(context, page_obj.next_page_number()),
            '" rel="next">',
            esc(_("Next")),
            '</a></li>\n      <li><a href="',
            _link(context, page_obj.paginator.num_pages),
            '">',
            esc(_("Last")),
            "</a></li>\n    ",
        ]
    html.append("\n  </ul>\n</nav>\n")
    return mark_safe("".join(html))  # noqa: S308 - every value is escaped or fixed markup
