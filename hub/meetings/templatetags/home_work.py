"""The home page's account of the network's work: projects by focus area, the latest accepted progress,
the last and next meetings, and the state of the current M&E cycle. Six queries whatever the sizes."""

from __future__ import annotations

from django import template
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.core.charts import bar_chart
from hub.core.drawn import chart_html, drawn_from
from hub.core.rights import scope_for
from hub.core.sqlshape import Shape
from hub.meetings.models import Meeting
from hub.monitoring import feed
from hub.monitoring.models import CountryTally, CycleState, ReportingCycle
from hub.monitoring.selectors import current_cycle
from hub.projects.models import FocusArea

register = template.Library()

LATEST = 5


def _focus_counts():
    """``projects_by_focus_today()``'s query (per focus area id: projects, of them demo)."""
    return (
        CountryTally.objects.filter(cycle=None, focus_area__isnull=False)
        .values("focus_area_id")
        .annotate(n=Sum("counted"), demo=Sum("demo"))
        .order_by()
    )


# What the home page reads of a meeting and of an accepted update (monitoring/partials/home_work.html): their
# provenance (JSON), texts and timestamps cost more to convert than the rest of the row.
_MEETING_READ = ("pk", "title", "start_date", "end_date", "city")
_UPDATE_READ = (
    *("pk", "progress", "accepted_at", "project__title", "project__member__name"),
    *("cycle__end_year", "cycle__start_month"),
)


def _meeting(meetings, today, *, last: bool):
    meetings = meetings.only(*_MEETING_READ)
    if last:
        return meetings.filter(end_date__lt=today).order_by("-end_date", "-pk")[:1]
    return meetings.filter(end_date__gte=today).order_by("start_date", "pk")[:1]


def _latest():
    """feed.latest_queryset(LATEST) with what the page reads alone."""
    found = feed.latest_queryset(LATEST).select_related(None).select_related("project__member", "cycle")
    return found.only(*_UPDATE_READ)


# Compiled once per process (hub/core/sqlshape.py): the same SQL on every request. The meetings for the
# readers whose view depends on no one's ids: the public (``visible_to(None)``) and the network-wide roles,
# who see every meeting (``visible_to`` returns all).
_FOCUS_COUNTS = Shape("meetings.home_work.focus_counts", _focus_counts)
_AREAS = Shape("meetings.home_work.areas", lambda: FocusArea.objects.order_by("position", "pk"))
_LATEST = Shape("meetings.home_work.latest", _latest)
_CYCLES = Shape("meetings.home_work.cycles", lambda: ReportingCycle.objects.order_by("start_date"))
# cycle_update_counts(cycle): the updates of the cycle reported and accepted, from the per-country tallies.
_CYCLE_COUNTS = Shape(
    "meetings.home_work.cycle_counts",
    lambda cycle_id: (
        CountryTally.objects.filter(cycle_id=cycle_id, focus_area=None, status="")
        .values("cycle_id")
        .annotate(reported=Sum("reported"), accepted=Sum("accepted"))
        .values_list("reported", "accepted")
        .order_by()
    ),
)
_MEETING = Shape(
    "meetings.home_work.meeting",
    lambda today, everyone, last: _meeting(
        Meeting.objects.all() if everyone else Meeting.objects.visible_to(None), today, last=last
    ),
)


def _first(found: list):
    return found[0] if found else None


def _focus_chart(rows) -> tuple[dict, str]:
    chart = bar_chart(
        list(rows),
        width=460,
        chart_id="home-focus",
        title=_("Projects by focus area"),
        label_heading=_("Focus area"),
        value_heading=_("Projects"),
    )
    return chart, chart_html("core/charts/bars.html", chart)


@register.inclusion_tag("monitoring/partials/home_work.html", takes_context=True)
def network_work(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    today = timezone.localdate()
    # Real projects only in the bars; demo projects, if any, are counted apart and said so.
    # Counted from the tallies hub.monitoring keeps (a row per member, status and area), not every project.
    counts_by_area = {r["focus_area_id"]: (r["n"], r["demo"]) for r in _FOCUS_COUNTS.list()}
    areas = _AREAS.list()
    for area in areas:
        total, area.demo = counts_by_area.get(area.pk, (0, 0))
        area.real = total - area.demo
    latest = _LATEST.list()  # from hub.monitoring's index of real projects' accepted updates
    scope = scope_for(user)
    if scope.network_wide or not scope.authenticated:
        last = _first(_MEETING.list(today=today, everyone=scope.network_wide, last=True))
        following = _first(_MEETING.list(today=today, everyone=scope.network_wide, last=False))
    else:
        meetings = Meeting.objects.visible_to(user)
        last = _first(list(_meeting(meetings, today, last=True)))
        following = _first(list(_meeting(meetings, today, last=False)))
    cycles = _CYCLES.list()
    cycle = current_cycle(cycles, today)
    counts = {}
    if cycle is not None:  # cycle_update_counts(cycle), compiled once
        found = _CYCLE_COUNTS.list(cycle_id=cycle.pk)
        reported, accepted = found[0] if found else (None, None)
        counts = {"reported": reported or 0, "accepted": accepted or 0}
    closed = [c for c in cycles if c.state == CycleState.CLOSED]
    focus_rows = tuple((a.label, a.real, reverse("projects:list") + f"?focus_area={a.code}") for a in areas)
    focus_chart, focus_html = drawn_from("home_focus", focus_rows, lambda: _focus_chart(focus_rows))
    return {
        "focus_chart": focus_chart,
        "focus_html": focus_html,
        "demo_total": sum(a.demo for a in areas),
        "latest": latest,
        "last_meeting": last,
        "next_meeting": following,
        "cycle": cycle,
        "cycle_counts": counts,
        "last_complete": closed[-1] if closed else None,
        "today": today,
    }
