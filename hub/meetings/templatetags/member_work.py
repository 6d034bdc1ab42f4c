"""The member page's account of its work (hub/network's member page): its projects with their status,
progress and latest accepted update, and its meetings. A fixed number of queries whatever the sizes."""

from __future__ import annotations

from django import template
from django.db.models import CharField, Q, Subquery
from django.utils import timezone

from hub.meetings import member_rows
from hub.meetings.models import Delegation, Meeting
from hub.monitoring.selectors import _latest_accepted, annotate_public_progress
from hub.projects.models import Project, focus_area_label

register = template.Library()

MEETINGS_SHOWN = 8


@register.inclusion_tag("monitoring/partials/member_work.html", takes_context=True)
def member_work(context, member) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    latest = _latest_accepted()
    # Plain values, the rows written in Python (hub/meetings/member_rows.py): a model instance, a prefetched
    # list and an include per project cost more than the queries.
    projects = list(
        annotate_public_progress(Project.objects.visible_to(user).filter(member=member))
        .annotate(
            latest_update_id=Subquery(latest.values("pk")[:1]),
            latest_update_label=Subquery(latest.values("cycle__slug")[:1], output_field=CharField()),
        )
        .order_by("title", "pk")
        .values_list(*member_rows.PROJECT_FIELDS, named=True)
    )
    focus_labels: dict[int, list[str]] = {}
    if projects:
        links = (
            Project.focus_areas.through.objects.filter(project_id__in=[p.pk for p in projects])
            .order_by("focusarea__position", "focusarea_id")
            .values_list("project_id", "focusarea__code")
        )
        for project_id, code in links:
            focus_labels.setdefault(project_id, []).append(focus_area_label(code))
    today = timezone.localdate()
    taking_part = Delegation.objects.filter(member=member).values("meeting_id")
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(Q(pk__in=taking_part) | Q(agenda_items__members=member))
        .distinct()
        .order_by("-start_date", "-pk")
        .values_list(*member_rows.MEETING_FIELDS, named=True)
    )
    shown = list(meetings[:MEETINGS_SHOWN])
    upcoming = sorted((m for m in shown if m.end_date >= today), key=lambda m: m.start_date)
    past = [m for m in shown if m.end_date < today]
    return {
        "member": member,
        "projects": projects,
        "project_rows": member_rows.project_rows(projects, focus_labels) if projects else "",
        "demo_projects": sum(1 for p in projects if p.is_demo),
        "upcoming": member_rows.meeting_items(upcoming) if upcoming else "",
        "past": member_rows.meeting_items(past) if past else "",
        "more_meetings": len(shown) == MEETINGS_SHOWN,
        "today": today,
    }
