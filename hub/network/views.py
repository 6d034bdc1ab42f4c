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
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.core import dataversion, sqlmemo
from hub.core.charts import bar_chart, map_points, step_chart
from hub.core.dates import format_partial
from hub.core.drawn import chart_html, drawn_from, per_version
from hub.core.exports import csv_response
from hub.core.filters import filter_errors
from hub.core.labels import by_label, pick
from hub.core.sqlshape import Shape
from hub.network import policies, stats
from hub.network.filters import MemberFilter
from hub.network.member_rows import event_items, term_items
from hub.network.members_list import member_list
from hub.network.models import (
    Country,
    Member,
    MemberKind,
    MembershipEvent,
    MembershipStatus,
    Role,
    RoleTerm,
    held_on_q,
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


# What the home page never reads of a Chair's or Shepherd's term (its sources: only its alternatives' count)
# and of the records shown with it: their JSON and timestamps cost more than the rest of the query to convert.
_TERM_UNREAD = ("sources", "source_note", "created_at", "updated_at")
_RELATED_PROVENANCE = [
    f"{related}__{field}"
    for related in ("country", "organisation", "person")
    for field in ("sources", "alternatives", "source_note", "created_at", "updated_at")
]


def _home_map_points(rows: list[dict]) -> list[dict]:
    """The members on the home page's map, from plain rows (stats.map_members): a model instance and a URL
    reversal per member cost more than the rest of the page once there are thousands (bench/run.py)."""
    member_url = reverse("network:member", args=["__slug__"])
    country_urls: dict[str, str] = {}
    points = []
    for row in rows:
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


def _home_map(today, version: str, groups: dict[str, str]) -> tuple[dict, SafeString]:
    """The home map (its data and HTML): its rows (every member) read again only after a write or on a new day
    (``version``: the data version's token), and drawn again only when its members or their places changed."""
    return per_version("map", (today, version), lambda: _draw_home_map(today, groups))


def _draw_home_map(today, groups: dict[str, str]) -> tuple[dict, SafeString]:
    rows = stats.map_members(today)

    def draw():
        chart = map_points(
            _home_map_points(rows),
            group_labels=groups,
            chart_id="members-map",
            title=_("Map of the members of the network today"),
            list_url=reverse("network:members"),
            area_label=_("Country"),
        )
        return chart, chart_html("core/charts/map.html", chart)

    # Drawn again only when a member's row differs: its points are a function of the rows alone.
    return drawn_from("map", tuple(tuple(row.values()) for row in rows), draw)


def _home_bars(today) -> list[tuple[str, int, str]]:
    """(name in the active language, members today, address) of each country with members, in the order of
    the English name, read as plain values: model instances cost more than the rest of this query."""
    country_url = reverse("network:country", args=["__code__"])
    rows = _BARS.list(on=today)
    return [
        (pick(name, {"id": name_id}), count, country_url.replace("__code__", code.lower()))
        for code, name, name_id, count in rows
        if count
    ]


# The home page's queries, compiled once per process (hub/core/sqlshape.py): the same SQL on every request.
_LEADERS = Shape(
    "network.home_leaders",
    lambda day: (
        RoleTerm.objects.held_on(day)
        .filter(role__in=[Role.CHAIR, Role.SHEPHERD])
        .select_related("country", "organisation", "person")  # a member state holds them: no member read
        .defer(*_RELATED_PROVENANCE, *_TERM_UNREAD)
        .order_by("role", "start_date")
    ),
)
_BARS = Shape(
    "network.home_bars",
    lambda on: stats.countries_with_member_counts(on).values_list("code", "name", "name_id", "members_count"),
)


def _step_key(step) -> tuple:
    """All a growth table row shows of a step."""
    names = tuple((m.name, m.slug) for m in step.joined), tuple((m.name, m.slug) for m in step.left)
    return (step.day, step.precision, step.count, step.joined_count, step.left_count, *names)


def _growth_rows(steps) -> SafeString:
    return mark_safe(render_to_string("network/partials/growth_rows.html", {"steps": steps}))  # noqa: S308 - escaped


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    groups = {key: str(label) for key, label in JOIN_GROUP_LABELS.items()}
    version = dataversion.current().token  # read once for both figures below: a round trip each otherwise
    home_map, map_html = _home_map(today, version, groups)
    # The members per country (a count over every member's events): read again only after a write or on a new day.
    bars = per_version("bar-rows", (today, version), lambda: _home_bars(today))
    members_today = sum(count for _label, count, _url in bars)
    # The growth steps (a walk over every membership event): read again only after a write or on a new day.
    steps = per_version("growth-steps", (today, version), lambda: stats.growth(today))
    terms = {Role.CHAIR: [], Role.SHEPHERD: []}
    for term in _LEADERS.list(day=today):  # stats.current_terms(today, [CHAIR, SHEPHERD]), compiled once
        terms[term.role].append(term)

    def draw_bars():
        chart = bar_chart(bars, width=440, chart_id="members-by-country", title=_("Members per country today"))
        return chart, chart_html("core/charts/bars.html", chart)

    def draw_growth():
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
        return growth, chart_html("core/charts/step.html", growth)

    bar_figure, bars_html = drawn_from("bars", tuple(bars), draw_bars)
    growth, growth_html = drawn_from("growth", (today, *((s.day, s.count, s.label) for s in steps)), draw_growth)
    return render(
        request,
        "network/home.html",
        {
            "today": today,
            "members_today": members_today,
            "countries_with_members": len(bars),
            "bars": bar_figure,
            "bars_html": bars_html,
            "steps": steps,
            "growth_rows": drawn_from("growth_rows", tuple(_step_key(s) for s in steps), lambda: _growth_rows(steps)),
            "growth": growth,
            "growth_html": growth_html,
            "map": home_map,
            "map_html": map_html,
            "chairs": terms[Role.CHAIR],
            "shepherds": terms[Role.SHEPHERD],
        },
    )


def _country_choices() -> list[tuple[str, str]]:
    """(code, name in the active language) of every country, in the order of the name, for a filter's select."""
    rows = sqlmemo.fetch(
        "network.country_choices", lambda: Country.objects.order_by().values_list("code", "name", "name_id")
    )

    def choices() -> list[tuple[str, str]]:
        named = [(code, pick(name, {"id": name_id})) for code, name, name_id in rows]
        return sorted(named, key=lambda choice: choice[1].casefold())

    return drawn_from("network.country_choices", tuple(rows), choices)  # sorted again only when the rows differ


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


def _unread_of_decision() -> list[str]:
    """The columns along DECIDED_AT that ``{% decided_at %}`` never reads (hub/network/rows.py): the joins' keys,
    the decision's pk and the meeting's title, days and visibility stay."""
    # Reached through the relation (hub.meetings sits above this app: it is never imported here).
    model = MembershipEvent._meta.get_field("decision_effect").related_model
    read = {"decision", "agenda_item", "meeting", "title", "start_date", "end_date", "visibility"}
    unread, path = [], "decision_effect"
    for step in (None, "decision", "agenda_item", "meeting"):
        if step:
            model = model._meta.get_field(step).related_model
            path = f"{path}__{step}"
        unread += [f"{path}__{f.name}" for f in model._meta.concrete_fields if not f.primary_key and f.name not in read]
    return unread


_DECIDED_AT_UNREAD = _unread_of_decision()
_CSCO_ROLES = (Role.CSCO, Role.CSCO_ALTERNATE)
_NR_ROLES = (Role.NATIONAL_REPRESENTATIVE, Role.NR_ALTERNATE)


def _member_status(obj: Member, events: list, today) -> None:
    """Set what ``MemberQuerySet.with_status(today)`` and ``with_join()`` annotate, from the member's events
    already read for its history (the same rules, without three correlated subqueries)."""
    counted = [e for e in events if e.counts_from is not None and e.counts_from <= today]
    latest = max(counted, key=lambda e: (e.counts_from, e.pk), default=None)
    obj.status_on = latest.status if latest else None
    joined = min(
        (e for e in events if e.status == MembershipStatus.MEMBER), key=lambda e: (e.effective_date, e.pk), default=None
    )
    obj.joined_date = joined.effective_date if joined else None
    obj.joined_precision = joined.effective_date_precision if joined else None


# The member page's queries, compiled once per process (hub/core/sqlshape.py): the same SQL on every request.
# What the member page never reads: its country's provenance, its events' and terms' timestamps.
_COUNTRY_UNREAD = [
    f"country__{field}" for field in ("sources", "alternatives", "source_note", "created_at", "updated_at")
]
_TIMESTAMPS = ("created_at", "updated_at")
_MEMBER = Shape(
    "network.member", lambda slug: Member.objects.select_related("country").defer(*_COUNTRY_UNREAD).filter(slug=slug)
)
_MEMBER_EVENTS = Shape(
    "network.member_events",
    lambda member_id: (
        MembershipEvent.objects.filter(member_id=member_id)
        .select_related(DECIDED_AT)
        .defer(*_DECIDED_AT_UNREAD, *_TIMESTAMPS)
        .order_by("effective_date", "pk")
    ),
)
# What the member page never reads of the records shown with a term (their JSON and timestamps).
_TERMS_UNREAD = [
    f"{related}__{field}"
    for related in ("country", "organisation", "person")
    for field in ("sources", "alternatives", "source_note", "created_at", "updated_at")
]
# The CSCO and its alternates (every term), then the National Representative and its alternates (in force
# on the day), in one query: each list in the order of role and pk.
_MEMBER_TERMS = Shape(
    "network.member_terms",
    lambda member_id, country_id, day: (
        RoleTerm.objects.filter(
            Q(member_id=member_id, role__in=_CSCO_ROLES)
            | (Q(country_id=country_id, role__in=_NR_ROLES) & held_on_q(day))
        )
        .select_related("country", "organisation", "person")
        .defer(*_TERMS_UNREAD, *_TIMESTAMPS)
        .order_by("role", "pk")
    ),
)


def member(request: HttpRequest, slug: str) -> HttpResponse:
    today = timezone.localdate()
    found = _MEMBER.list(slug=slug)
    if not found:
        raise Http404("No member matches the given query.")
    obj = found[0]
    events = _MEMBER_EVENTS.list(member_id=obj.pk)
    for event in events:
        event.member = obj  # as obj.events would give them: no query for str(event)
    _member_status(obj, events, today)
    terms = _MEMBER_TERMS.list(member_id=obj.pk, country_id=obj.country_id, day=today)
    csco_terms = [term for term in terms if term.role in _CSCO_ROLES and term.member_id == obj.pk]
    for term in csco_terms:
        term.is_current = term.is_held_on(today)
    representatives = [term for term in terms if term.role in _NR_ROLES and term.country_id == obj.country_id]
    member_map, map_html = _member_map(obj)
    keep = policies.can_keep_registry(request.user)  # the template's rights.keep (registry_edit.registry_rights)
    return render(
        request,
        "network/member.html",
        {
            "member": obj,
            "today": today,
            "events": events,
            "csco_terms": csco_terms,
            "representatives": representatives,
            "map": member_map,
            "map_html": map_html,
            # The loops of events and terms, written in Python (member_rows.py).
            "event_items": event_items(events, obj, keep) if events else "",
            "csco_items": term_items(csco_terms, Role.CSCO_ALTERNATE, csco=True, keep=keep),
            "representative_items": term_items(representatives, Role.NR_ALTERNATE),
        },
    )


def _member_map(obj: Member) -> tuple[dict, SafeString]:
    """The member page's map and its HTML (core/charts/map.html), drawn again only when the point differs."""
    point = _map_point(obj)
    title = _("Where %(name)s is") % {"name": obj.name}

    def draw():
        chart = map_points([point], width=400, chart_id="member-map", title=title)
        return chart, chart_html("core/charts/map.html", chart)

    return drawn_from("member-map", (tuple(point.items()), title), draw)


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
