"""The home page's account of the network's work: projects by focus area, the latest accepted progress,
the last and next meetings, and the state of the current M&E cycle. Six queries whatever the sizes."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.core.charts import bar_chart
from hub.meetings.models import Meeting
from hub.monitoring import feed
from hub.monitoring.models import CycleState, ReportingCycle
from hub.monitoring.selectors import current_cycle, cycle_update_counts, projects_by_focus_today
from hub.projects.models import FocusArea

register = template.Library()

LATEST = 5


@register.inclusion_tag("monitoring/partials/home_work.html", takes_context=True)
def network_work(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    today = timezone.localdate()
    # Real projects only in the bars; demo projects, if any, are counted apart and said so.
    # Counted from the tallies hub.monitoring keeps (a row per member, status and area), not every project.
    counts_by_area = projects_by_focus_today()
    areas = list(FocusArea.objects.order_by("position", "pk"))
    for area in areas:
        total, area.demo = counts_by_area.get(area.pk, (0, 0))
        area.real = total - area.demo
    latest = feed.latest(LATEST)  # from hub.monitoring's index of real projects' accepted updates
    meetings = Meeting.objects.visible_to(user)
    last = meetings.filter(end_date__lt=today).order_by("-end_date", "-pk").first()
    following = meetings.filter(end_date__gte=today).order_by("start_date", "pk").first()
    cycles = list(ReportingCycle.objects.order_by("start_date"))
    cycle = current_cycle(cycles, today)
    counts = {}
    if cycle is not None:
        counts = cycle_update_counts(cycle)
    closed = [c for c in cycles if c.state == CycleState.CLOSED]
    return {
        "focus_chart": bar_chart(
            [(a.label, a.real, reverse("projects:list") + f"?focus_area={a.code}") for a in areas],
            width=460,
            chart_id="home-focus",
            title=_("Projects by focus area"),
            label_heading=_("Focus area"),
            value_heading=_("Projects"),
        ),
        "demo_total": sum(a.demo for a in areas),
        "latest": latest,
        "last_meeting": last,
        "next_meeting": following,
        "cycle": cycle,
        "cycle_counts": counts,
        "last_complete": closed[-1] if closed else None,
        "today": today,
    }
