"""Public pages of the registry: home, members, countries and governance.

Lists validate ``request.GET`` with the same filter classes as the API (``hub.network.filters``); bad
input gets the filter's messages and a 400 page, never a server error.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pydantic
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from hub.core import dataversion, sqlmemo
from hub.core.charts import bar_chart, map_points, step_chart
from hub.core.dates import format_partial, parse_iso_day
from hub.core.exports import csv_response
from hub.core.filters import filter_errors
from hub.core.labels import by_label, pick
from hub.network import stats
from hub.network.filters import MemberFilter, RoleTermFilter
from hub.network.members_list import member_list
from hub.network.models import (
    Country,
    Member,
    MemberKind,
    MembershipStatus,
    Role,
    RoleTerm,
)

MEMBERS_PER_PAGE = 25

FIELD_LABELS = {
    "q": gettext_lazy("Name"),
    "country": gettext_lazy("Country"),
    "kind": gettext_lazy("Kind"),
    "status": gettext_lazy("Status"),
    "joined": gettext_lazy("Year joined"),
    "as_of": gettext_lazy("As of"),
    "date": gettext_lazy("Date"),
}

CSV_COLUMNS = [
    "slug",
    "name",
    "local_name",
    "kind",
    "country_code",
    "country",
    "joined",
    "joined_precision",
    "status",
    "latitude",
    "longitude",
    "website",
    "confidence",
    "sources",
]


def _messages(exc: pydantic.ValidationError) -> list[str]:
    return filter_errors(exc, FIELD_LABELS)


def _member_filter(request: HttpRequest) -> tuple[dict[str, str], MemberFilter | None, list[str]]:
    """(the submitted filter values, the validated filter or None, messages) for the members list."""
    params = {name: request.GET.get(name, "").strip() for name in MemberFilter.model_fields}
    try:
        return params, MemberFilter(**params), []
    except pydantic.ValidationError as exc:
        return params, None, _messages(exc)


# The meeting decision that made a membership event or role term (hub.meetings), fetched with the row.
DECIDED_AT = "decision_effect__decision__agenda_item__meeting"


def _map_point(member: Member, group: str = "member") -> dict:
    return {
        "label": member.name,
        "lat": member.latitude,
        "lon": member.longitude,
        "url": member.get_absolute_url(),
        "group": group,
        "group_label": str(JOIN_GROUP_LABELS.get(group, "")),
    }


# What a page never reads of the records shown alongside a role term (their JSON and timestamps cost more
# than the rest of the query to convert).
_RELATED_PROVENANCE = [
    f"{related}__{field}"
    for related in ("country", "member", "member__country", "organisation", "person")
    for field in ("sources", "alternatives", "source_note", "created_at", "updated_at")
]


def _home_map_points(today) -> list[dict]:
    """The members on the home page's map, from plain rows: a model instance and a URL reversal per
    member cost more than the rest of the page once there are thousands (bench/run.py)."""
    member_url = reverse("network:member", args=["__slug__"])
    country_urls: dict[str, str] = {}
    points = []
    for row in stats.map_members(today):
        code = row["country__code"]
        if code not in country_urls:
            country_urls[code] = reverse("network:country", args=[code.lower()])
        group = stats.join_group(row["joined_date"])
        points.append(
            {
                "label": row["name"],
                "lat": row["latitude"],
                "lon": row["longitude"],
                "url": member_url.replace("__slug__", row["slug"]),
                "group": group,
                "area": pick(row["country__name"], {"id": row["country__name_id"]}),
                "area_url": country_urls[code],
            }
        )
    return points


JOIN_GROUP_LABELS = {
    "2018": gettext_lazy("Founding member (2018)"),
    "2019-2024": gettext_lazy("Joined 2019–2024"),
    "2025-": gettext_lazy("Joined 2025 or later"),
    "unknown": gettext_lazy("Join date unknown"),
}


# The home map and members per country of the last request, per language: (what they were drawn from,
# (the bars, the map)). The map's points and clusters, and the count of members per country (a pass over
# every member's events), grow with the network. They are drawn again on a new day or after any write to the
# database: the data version (hub.core.dataversion) changes in the transaction of every write, whatever its
# kind (services, admin, QuerySet.update(), raw SQL, restore), so this memory is never stale. Per process,
# one entry per language: nothing to expire.
_HOME_MAPS: dict[str, tuple[tuple, tuple[list, dict]]] = {}


def _home_figures(today, groups: dict[str, str]) -> tuple[list[tuple[str, int, str]], dict]:
    """(``_home_bars(today)``, the map) for the home page, drawn again only when the data or the day changed."""
    key = (today, dataversion.current().token)
    language = get_language() or ""
    drawn = _HOME_MAPS.get(language)
    if drawn is not None and drawn[0] == key:
        return drawn[1]
    chart = map_points(
        _home_map_points(today),
        group_labels=groups,
        chart_id="members-map",
        title=_("Map of the members of the network today"),
        list_url=reverse("network:members"),
        area_label=_("Country"),
    )
    figures = (_home_bars(today), chart)
    _HOME_MAPS[language] = (key, figures)
    return figures


def _home_bars(today) -> list[tuple[str, int, str]]:
    """(name in the active language, members today, address) of each country with members, in the order of
    the English name, read as plain values: model instances cost more than the rest of this query."""
    country_url = reverse("network:country", args=["__code__"])
    rows = stats.countries_with_member_counts(today).values_list("code", "name", "name_id", "members_count")
    return [
        (pick(name, {"id": name_id}), count, country_url.replace("__code__", code.lower()))
        for code, name, name_id, count in rows
        if count
    ]


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    groups = {key: str(label) for key, label in JOIN_GROUP_LABELS.items()}
    bars, home_map = _home_figures(today, groups)
    members_today = sum(count for _label, count, _url in bars)
    steps = stats.growth(today)
    terms = stats.current_terms(today, [Role.CHAIR, Role.SHEPHERD], defer=_RELATED_PROVENANCE)
    growth = step_chart(
        [(s.day, s.count) for s in steps],
        end=today,
        width=720,
        height=260,
        chart_id="growth-chart",
        title=_("Number of members of the network over time"),
    )
    # One chart point per step, in the same order: label them with the step's partial date, so that
    # the chart's tooltips and table never show a day the sources do not give.
    for point, step in zip(growth["points"], steps, strict=False):
        point["label"] = step.label
    return render(
        request,
        "network/home.html",
        {
            "today": today,
            "members_today": members_today,
            "countries_with_members": len(bars),
            "bars": bar_chart(
                bars,
                width=440,
                chart_id="members-by-country",
                title=_("Members per country today"),
            ),
            "steps": steps,
            "growth": growth,
            "map": home_map,
            "chairs": terms[Role.CHAIR],
            "shepherds": terms[Role.SHEPHERD],
        },
    )


def _country_choices() -> list[tuple[str, str]]:
    """(code, name in the active language) of every country, in the order of the name, for a filter's select."""
    rows = sqlmemo.fetch(
        "network.country_choices", lambda: Country.objects.order_by().values_list("code", "name", "name_id")
    )
    choices = [(code, pick(name, {"id": name_id})) for code, name, name_id in rows]
    return sorted(choices, key=lambda choice: choice[1].casefold())


def members(request: HttpRequest) -> HttpResponse:
    params, member_filter, errors = _member_filter(request)
    context = {
        "params": params,
        "errors": errors,
        "countries": _country_choices(),
        "kinds": MemberKind.choices,
        "statuses": MembershipStatus.choices,
        "csv_query": urlencode({k: v for k, v in params.items() if v}),
    }
    if member_filter is None:
        return render(request, "network/members.html", context, status=400)
    # Rows as plain values, the SQL compiled once per filter, day and page (hub/network/members_list.py).
    paginator = Paginator(member_list(member_filter), MEMBERS_PER_PAGE)
    context.update(
        {
            "page_obj": paginator.get_page(request.GET.get("page")),
            "paginator": paginator,
            "day": member_filter.effective_day(),
            "as_of": member_filter.as_of,
        }
    )
    return render(request, "network/members.html", context)


def members_csv(request: HttpRequest) -> HttpResponse:
    _, member_filter, errors = _member_filter(request)
    if member_filter is None:
        return HttpResponseBadRequest("\n".join(errors) + "\n", content_type="text/plain; charset=utf-8")

    def rows() -> Iterator[list[str]]:
        for m in member_filter.apply().iterator(chunk_size=500):
            yield (
                [
                    m.slug,
                    m.name,
                    m.local_name,
                    m.kind,
                    m.country.code,
                    m.country.name,
                    format_partial(m.joined_date, m.joined_precision),
                    m.joined_precision or "",
                    m.status_on or "",
                    "" if m.latitude is None else str(m.latitude),
                    "" if m.longitude is None else str(m.longitude),
                    m.website,
                    m.confidence,
                    " ".join(m.sources or []),
                ]
            )

    return csv_response(CSV_COLUMNS, rows(), filename="ascn-members.csv")


def member(request: HttpRequest, slug: str) -> HttpResponse:
    today = timezone.localdate()
    queryset = Member.objects.select_related("country").with_join().with_status(today)
    obj = get_object_or_404(queryset, slug=slug)
    events = list(obj.events.select_related(DECIDED_AT).order_by("effective_date", "pk"))
    # The CSCO and its alternates, then the National Representative and its alternates: one query each.
    csco_terms = list(
        RoleTermFilter(member=obj.slug).apply().filter(role__in=[Role.CSCO, Role.CSCO_ALTERNATE]).order_by("role", "pk")
    )
    for term in csco_terms:
        term.is_current = term.is_held_on(today)
    representatives = list(
        RoleTermFilter(country=obj.country.code, as_of=today)
        .apply()
        .filter(role__in=[Role.NATIONAL_REPRESENTATIVE, Role.NR_ALTERNATE])
        .order_by("role", "pk")
    )
    return render(
        request,
        "network/member.html",
        {
            "member": obj,
            "today": today,
            "events": events,
            "csco_terms": csco_terms,
            "representatives": representatives,
            "map": map_points(
                [_map_point(obj)], width=400, chart_id="member-map", title=_("Where %(name)s is") % {"name": obj.name}
            ),
        },
    )


def countries(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = by_label(stats.countries_with_member_counts(today))
    return render(
        request,
        "network/countries.html",
        {"countries": rows, "today": today, "total": sum(c.members_count for c in rows)},
    )


def country(request: HttpRequest, code: str) -> HttpResponse:
    if code != code.lower():
        return redirect("network:country", code.lower(), permanent=True)
    today = timezone.localdate()
    obj = get_object_or_404(Country, code=code.upper())
    member_rows = list(MemberFilter(country=obj.code).apply())
    terms = RoleTerm.objects.filter(Q(country=obj) | Q(member__country=obj)).with_related()
    terms = list(terms.order_by("role", "start_date", "pk"))
    for term in terms:
        term.is_current = term.is_held_on(today)
    return render(
        request,
        "network/country.html",
        {
            "country": obj,
            "today": today,
            "members": member_rows,
            "members_today": sum(1 for m in member_rows if m.status_on == MembershipStatus.MEMBER),
            "roles": stats.group_by_role(terms),
            "map": map_points(
                [{**_map_point(m), "area": obj.label} for m in member_rows if m.status_on == MembershipStatus.MEMBER],
                width=450,
                chart_id="country-map",
                title=_("Members in %(country)s") % {"country": obj.label},
                list_url="#members-title",
                area_label=_("Country"),
            ),
        },
    )


# What the governance page never reads of the records it shows alongside each term (the term's own
# provenance is shown, not theirs): converting their JSON and timestamps cost more than the rest of the query.
_GOVERNANCE_UNREAD = [
    f"{related}__{field}"
    for related in (
        "country",
        "member",
        "member__country",
        "organisation",
        "person",
        "decision_effect",
        "decision_effect__decision",
        "decision_effect__decision__agenda_item",
        DECIDED_AT,
    )
    for field in ("sources", "alternatives", "source_note", "created_at", "updated_at")
]


def governance(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    raw = request.GET.get("date", "").strip()
    errors: list[str] = []
    day = today
    if raw:
        try:
            day = parse_iso_day(raw)
        except ValueError as exc:
            errors.append(f"{FIELD_LABELS['date']}: {exc}")
    if errors:
        context = {"errors": errors, "raw_date": raw, "today": today}
        return render(request, "network/governance.html", context, status=400)
    # Every term (none of the request's inputs in the query): its SQL compiled once (hub/core/sqlmemo.py).
    history = sqlmemo.fetch_models(
        "network.governance",
        lambda: RoleTermFilter().apply().select_related(DECIDED_AT).defer(*_GOVERNANCE_UNREAD),
    )
    for term in history:
        term.is_current = term.is_held_on(day)
    # Who held each role on the day: the terms of the history in force then (``is_held_on`` is the rule of
    # ``RoleTermFilter(as_of=day)``), in the same order, without reading them again.
    held = stats.group_by_role([term for term in history if term.is_current], keep_empty=True)
    return render(
        request,
        "network/governance.html",
        {
            "day": day,
            "today": today,
            "raw_date": raw or day.isoformat(),
            "held": held,
            "history": stats.group_by_role(history),
        },
    )
