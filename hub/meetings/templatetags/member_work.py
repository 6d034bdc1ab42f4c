"""The member page's account of its work (hub/network's member page): its projects with their status,
progress and latest accepted update, and its meetings. A fixed number of queries whatever the sizes."""

from __future__ import annotations

from django import template
from django.db.models import CharField, Q, Subquery
from django.utils import timezone

from hub.meetings.models import Delegation, Meeting
from hub.monitoring.selectors import _latest_accepted, annotate_public_progress
from hub.projects.models import Project, ProjectStatus

register = template.Library()

MEETINGS_SHOWN = 8


@register.inclusion_tag("monitoring/partials/member_work.html", takes_context=True)
def member_work(context, member) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    latest = _latest_accepted()
    projects = list(
        annotate_public_progress(Project.objects.visible_to(user).filter(member=member))
        .annotate(
            latest_update_id=Subquery(latest.values("pk")[:1]),
            latest_update_label=Subquery(latest.values("cycle__slug")[:1], output_field=CharField()),
        )
        .prefetch_related("focus_areas")
        .order_by("title", "pk")
    )
    names = dict(ProjectStatus.choices)
    for project in projects:
        project.public_status_label = names.get(project.public_status, project.public_status)
    today = timezone.localdate()
    taking_part = Delegation.objects.filter(member=member).values("meeting_id")
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(Q(pk__in=taking_part) | Q(agenda_items__members=member))
        .distinct()
        .order_by("-start_date", "-pk")
    )
    shown = list(meetings[:MEETINGS_SHOWN])
    return {
        "member": member,
        "projects": projects,
        "demo_projects": sum(1 for p in projects if p.is_demo),
        "upcoming": sorted((m for m in shown if m.end_date >= today), key=lambda m: m.start_date),
        "past": [m for m in shown if m.end_date < today],
        "more_meetings": len(shown) == MEETINGS_SHOWN,
        "today": today,
    }
