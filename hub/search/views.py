"""The search page: /search/?q=…&kind=…&country=…&focus_area=…&status=…&page=N."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from pydantic import ValidationError

from hub.network.models import Country
from hub.projects.models import FocusArea, ProjectStatus
from hub.search.engine import search
from hub.search.filters import SearchFilter
from hub.search.providers import registry

PER_PAGE = 20
FIELDS = ("q", "kind", "country", "focus_area", "status")


def _page_number(value) -> int:
    try:
        return max(1, min(int(value), 500))
    except (TypeError, ValueError):
        return 1


def search_page(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET.get(name, "") for name in FIELDS}
    context = {"params": params, "errors": {}, "results": None, "groups": []}
    if not params["q"].strip() and not any(params[name] for name in FIELDS[1:]):
        return render(request, "search/search.html", context)  # the empty form, no message yet
    try:
        filters = SearchFilter(**params)
    except ValidationError as exc:
        context["errors"] = {str(e["loc"][0]): _message(e) for e in exc.errors()}
        return render(request, "search/search.html", context, status=400)
    page = _page_number(request.GET.get("page"))
    results = search(
        filters.q,
        user=request.user,
        kind=filters.kind,
        country=filters.country,
        focus_area=filters.focus_area,
        status=filters.status,
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
    )
    labels = {p.kind: p.label for p in registry.providers()}
    groups: dict[str, list] = {}
    for hit in results.items:
        groups.setdefault(hit.kind, []).append(hit)
    countries = Country.objects.labels()
    areas = {area.code: area.label for area in FocusArea.objects.all()}
    statuses = dict(ProjectStatus.choices)
    base = {k: v for k, v in params.items() if v}
    for hit in results.items:
        hit.country_label = countries.get(hit.country, hit.country)
        hit.area_labels = [areas.get(code, code) for code in hit.focus_areas]
        hit.status_label = statuses.get(hit.status, hit.status)

    def facet(name: str, names: dict) -> list[dict]:
        counts = results.facets.get(name, {})
        return [
            {
                "value": value,
                "label": names.get(value, value),
                "count": n,
                "selected": params[name].lower() == value.lower(),
                "url": "?" + urlencode({**base, name: value} if params[name] != value else base_without(base, name)),
            }
            for value, n in sorted(counts.items(), key=lambda item: (-item[1], str(names.get(item[0], item[0]))))
        ]

    context.update(
        {
            "results": results,
            "groups": [{"kind": kind, "label": labels.get(kind, kind), "hits": hits} for kind, hits in groups.items()],
            "facets": [
                (_("Kind"), facet("kind", labels)),
                (_("Country"), facet("country", countries)),
                (_("Focus area"), facet("focus_area", areas)),
                (_("Status"), facet("status", statuses)),
            ],
            "page": page,
            "previous_url": "?" + urlencode({**base, "page": page - 1}) if page > 1 else "",
            "next_url": "?" + urlencode({**base, "page": page + 1}) if page * PER_PAGE < results.count else "",
        }
    )
    return render(request, "search/search.html", context)


def _message(error: dict) -> str:
    if error["type"] == "string_too_long":
        return _("At most %(n)s characters.") % {"n": error["ctx"]["max_length"]}
    return error["msg"].removeprefix("Value error, ")


def base_without(base: dict, name: str) -> dict:
    return {k: v for k, v in base.items() if k != name}
