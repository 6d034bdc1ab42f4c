"""{% open_data_links "members" %}: the CSV, XLSX and JSON downloads of a list, with the page's filters.

The page and the download share the list's one filter class, so the page's query string is the download's;
what only the page reads (``page``, a chart's choice) is left out, as the download would refuse it.
"""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from hub.opendata import datasets
from hub.opendata.downloads import FORMATS

register = template.Library()


@register.inclusion_tag("opendata/links.html", takes_context=True)
def open_data_links(context, name: str, **fixed):
    """``fixed`` filters narrow the list to the page's record:
    {% open_data_links "memberships" member=member.slug %}."""
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
    pairs += [(key, str(value)) for key, value in fixed.items()]
    query = urlencode(pairs)
    links = []
    for fmt in FORMATS:
        url = reverse("opendata:download", args=[name, fmt])
        links.append((fmt.upper(), f"{url}?{query}" if query else url))
    return {
        "links": links,
        "dictionary": reverse("opendata:data") + f"#dict-{name}",
        "filtered": bool(pairs) and not fixed,
        "name": name,
    }
