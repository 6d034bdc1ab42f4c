"""{% open_data_links "members" %}: the CSV, XLSX and JSON downloads of a list, with the page's filters.

The page and the download share the list's one filter class, so the page's query string is the download's;
what only the page reads (``page``, a chart's choice) is left out, as the download would refuse it.

The paragraph is written in Python: the same markup as opendata/links.html, which
tests/pages/test_open_data_links_html.py compares it with byte for byte (some twenty public pages show it, and
the template cost more than working out the links).
"""

from urllib.parse import urlencode

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_resolver, get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hub.core.rowhtml import esc
from hub.core.urlcache import reverse
from hub.opendata import datasets
from hub.opendata.downloads import FORMATS

register = template.Library()


# The paragraph per (list, query, language, URL configuration): the same on every page showing the same list with
# the same filters, so it is written once per process (bounded; a new query string adds at most one entry).
_HTML: dict[tuple, str] = {}
_LIMIT = 2_000


@register.simple_tag(takes_context=True)
def open_data_links(context, name: str, **fixed):
    """``fixed`` filters narrow the list to the page's record:
    {% open_data_links "memberships" member=member.slug %}."""
    name = str(name)  # a template's literal is a SafeString
    pairs, filtered = _pairs(context, name, fixed)
    key = (name, tuple(pairs), filtered, get_language(), get_script_prefix(), get_resolver(get_urlconf()))
    found = _HTML.get(key)
    if found is None:
        found = links_html(_values(name, pairs, filtered))
        if len(_HTML) >= _LIMIT:
            _HTML.clear()
        _HTML[key] = found
    return found


@receiver(setting_changed, dispatch_uid="opendata.links.forget")
def _forget(**kwargs) -> None:
    _HTML.clear()


def links_html(values: dict) -> str:
    """opendata/links.html rendered with ``values``."""
    intro = _("Download this filtered list:") if values["filtered"] else _("Download this list:")
    anchors = " · ".join(
        f'<a class="download" href="{esc(url)}" download>{esc(label)}</a>' for label, url in values["links"]
    )
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<p class="open-data-links" data-open-data="{esc(values["name"])}">{esc(intro)}\n  {anchors}\n'
        f'  <small>(<a href="{esc(values["dictionary"])}">{esc(_("what the columns mean, licence"))}</a>)</small></p>\n'
    )


def _pairs(context, name: str, fixed: dict) -> tuple[list[tuple[str, str]], bool]:
    """The download's query (the page's accepted filters, or the fixed ones) and whether the page's filters apply;
    a list or filter that does not exist is the template's mistake."""
    dataset = datasets.get(name)
    if dataset is None:
        raise template.TemplateSyntaxError(f"open_data_links: no list named {name!r}")
    request = context.get("request")
    accepted = set(dataset.accepted)
    pairs = []
    if request is not None and not fixed:
        pairs = [(key, value) for key, value in request.GET.items() if key in accepted and value != ""]
    unknown = sorted(set(fixed) - accepted)
    if unknown:
        raise template.TemplateSyntaxError(f"open_data_links: the {name} list has no filter {', '.join(unknown)}")
    filtered = bool(pairs) and not fixed
    pairs += [(key, str(value)) for key, value in fixed.items()]
    return pairs, filtered


def _values(name: str, pairs: list[tuple[str, str]], filtered: bool) -> dict:
    query = urlencode(pairs)
    links = []
    for fmt in FORMATS:
        url = reverse("opendata:download", args=[name, fmt])
        links.append((fmt.upper(), f"{url}?{query}" if query else url))
    return {
        "links": links,
        "dictionary": reverse("opendata:data") + f"#dict-{name}",
        "filtered": filtered,
        "name": name,
    }


def links_context(context, name: str, **fixed) -> dict:
    """What opendata/links.html shows: the links, the dictionary's address, whether the page's filters apply."""
    pairs, filtered = _pairs(context, str(name), fixed)
    return _values(str(name), pairs, filtered)
