"""The links of a list's rows written from rows (hub.core.apilist), worked out once per response: the address
template of a view is kept in the response's ``context`` (one request, one language), so a row costs a string
join."""

from __future__ import annotations

from collections.abc import Callable

from hub.core.api import _SLUG, _SLUG_PLACEHOLDER, slug_page_url
from hub.core.urlcache import reverse  # remembered: a response reverses its rows' address once

_PK_PLACEHOLDER = 987654321


def _url_template(context: dict, viewname: str, placeholder, reverse_one: Callable) -> tuple[str, str] | None:
    key = ("url", viewname)
    if key not in context:
        parts = reverse_one(placeholder).split(str(placeholder))
        context[key] = tuple(parts) if len(parts) == 2 else None  # the stand-in elsewhere too: no template
    return context[key]


def slug_template(context: dict, viewname: str) -> tuple[str, str] | None:
    """The address template that ``slug_url`` fills for this response's rows (the host, scheme and language
    prefix are in it): what a list's items share (``Rows(shared=...)``)."""
    return _url_template(context, viewname, _SLUG_PLACEHOLDER, lambda s: slug_page_url(context, viewname, s))


def slug_url(context: dict, viewname: str, slug: str) -> str:
    """``slug_page_url`` (hub.core.api) for every row of one response: the template is kept in the response's
    ``context`` (one language, one request), so a row costs a string join."""
    template = _url_template(context, viewname, _SLUG_PLACEHOLDER, lambda s: slug_page_url(context, viewname, s))
    if template is None or not _SLUG.fullmatch(slug):
        return slug_page_url(context, viewname, slug)
    return f"{template[0]}{slug}{template[1]}"


def pk_url(context: dict, viewname: str, pk: int) -> str:
    """``request.build_absolute_uri(reverse(viewname, args=[pk]))`` for every row of one response, the same way."""
    request = context["request"]
    template = _url_template(
        context, viewname, _PK_PLACEHOLDER, lambda n: request.build_absolute_uri(reverse(viewname, args=[n]))
    )
    if template is None:
        return request.build_absolute_uri(reverse(viewname, args=[pk]))
    return f"{template[0]}{pk}{template[1]}"


def absolute_url(context: dict, path: str, pk: int) -> str:
    """``request.build_absolute_uri(path.format(pk))`` for every row of one response, the same way as pk_url."""
    request = context["request"]
    template = _url_template(context, path, _PK_PLACEHOLDER, lambda n: request.build_absolute_uri(path.format(n)))
    if template is None:
        return request.build_absolute_uri(path.format(pk))
    return f"{template[0]}{pk}{template[1]}"
