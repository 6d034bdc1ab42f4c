"""The home page's account of the network's work: projects by focus area, the latest accepted progress,
the last and next meetings, and the state of the current M&E cycle. Four queries whatever the sizes."""

from __future__ import annotations

from django import template
from django.db.models import OuterRef, Q, Subquery, Sum
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


def _areas():
    """Every focus area, in order, with ``projects_by_focus_today()``'s sums from the per-country tallies
    (``tally_n``: projects, ``tally_demo``: of them demo; None where the area has no tally): one query."""
    tallies = CountryTally.objects.filter(cycle=None, focus_area=OuterRef("pk")).order_by().values("focus_area")
    return FocusArea.objects.annotate(
        tally_n=Subquery(tallies.annotate(total=Sum("counted")).values("total")),
        tally_demo=Subquery(tallies.annotate(total=Sum("demo")).values("total")),
    ).order_by("position", "pk")


def _cycles():
    """Every cycle, oldest first, with ``cycle_update_counts(cycle)``'s sums from the per-country tallies
    (``tally_reported``, ``tally_accepted``: None where the cycle has none): one query."""
    sums = CountryTally.objects.filter(cycle=OuterRef("pk"), focus_area=None, status="").order_by().values("cycle")
    return ReportingCycle.objects.annotate(
        tally_reported=Subquery(sums.annotate(total=Sum("reported")).values("total")),
        tally_accepted=Subquery(sums.annotate(total=Sum("accepted")).values("total")),
    ).order_by("start_date")


# What the home page reads of a meeting and of an accepted update (monitoring/partials/home_work.html): their
# provenance (JSON), texts and timestamps cost more to convert than the rest of the row.
_MEETING_READ = ("pk", "title", "start_date", "end_date", "city")
_UPDATE_READ = (
    *("pk", "progress", "accepted_at", "project__title", "project__member__name"),
    *("cycle__end_year", "cycle__start_month"),
)


def _meetings(meetings, today):
    """The last meeting held (ended before ``today``) and the next one (not ended yet), in one query."""
    last = meetings.filter(end_date__lt=today).order_by("-end_date", "-pk").values("pk")[:1]
    following = meetings.filter(end_date__gte=today).order_by("start_date", "pk").values("pk")[:1]
    return meetings.filter(Q(pk__in=last) | Q(pk__in=following)).only(*_MEETING_READ).order_by("pk")


def _latest():
    """feed.latest_queryset(LATEST) with what the page reads alone."""
    found = feed.latest_queryset(LATEST).select_related(None).select_related("project__member", "cycle")
    return found.only(*_UPDATE_READ)


# Compiled once per process (hub/core/sqlshape.py): the same SQL on every request. The meetings for the
# readers whose view depends on no one's ids: the public (``visible_to(None)``) and the network-wide roles,
# who see every meeting (``visible_to`` returns all).
_AREAS = Shape("meetings.home_work.areas", _areas)
_LATEST = Shape("meetings.home_work.latest", _latest)
_CYCLES = Shape("meetings.home_work.cycles", _cycles)
_MEETINGS = Shape(
    "meetings.home_work.meetings",
    lambda today, everyone: _meetings(Meeting.objects.all() if everyone else Meeting.objects.visible_to(None), today),
)


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
    areas = _AREAS.list()
    for area in areas:
        area.demo = area.tally_demo or 0
        area.real = (area.tally_n or 0) - area.demo
    latest = _LATEST.list()  # from hub.monitoring's index of real projects' accepted updates
    scope = scope_for(user)
    if scope.network_wide or not scope.authenticated:
        meetings = _MEETINGS.list(today=today, everyone=scope.network_wide)
    else:
        meetings = list(_meetings(Meeting.objects.visible_to(user), today))
    last = next((m for m in meetings if m.end_date < today), None)
    following = next((m for m in meetings if m.end_date >= today), None)
    cycles = _CYCLES.list()
    cycle = current_cycle(cycles, today)
    counts = {}
    if cycle is not None:  # cycle_update_counts(cycle), read with the cycles
        counts = {"reported": cycle.tally_reported or 0, "accepted": cycle.tally_accepted or 0}
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
