"""The member page's account of its work (hub/network's member page): its projects with their status,
progress and latest accepted update, and its meetings. A fixed number of queries whatever the sizes."""

from __future__ import annotations

from django import template
from django.db.models import CharField, Q, Subquery
from django.utils import timezone

from hub.core.rights import scope_for
from hub.core.sqlshape import Shape
from hub.meetings import member_rows
from hub.meetings.models import Delegation, Meeting
from hub.monitoring.selectors import _latest_accepted, annotate_public_progress
from hub.projects.models import Project, focus_area_label

register = template.Library()

MEETINGS_SHOWN = 8


def _projects(reader, member_id: int, everyone: bool = False):
    latest = _latest_accepted()
    projects = Project.objects.all() if everyone else Project.objects.visible_to(reader)
    return (
        annotate_public_progress(projects.filter(member_id=member_id))
        .annotate(
            latest_update_id=Subquery(latest.values("pk")[:1]),
            latest_update_label=Subquery(latest.values("cycle__slug")[:1], output_field=CharField()),
        )
        .order_by("title", "pk")
        .values_list(*member_rows.PROJECT_FIELDS, named=True)
    )


def _focus_areas(member_id: int):
    """(project id, focus area code) of the member's projects, in the areas' order."""
    through = Project.focus_areas.through
    return (
        through.objects.filter(project__member_id=member_id)
        .order_by("focusarea__position", "focusarea_id")
        .values_list("project_id", "focusarea__code")
    )


def _meetings(reader, member_id: int, everyone: bool = False):
    taking_part = Delegation.objects.filter(member_id=member_id).values("meeting_id")
    meetings = Meeting.objects.all() if everyone else Meeting.objects.visible_to(reader)
    return (
        meetings.filter(Q(pk__in=taking_part) | Q(agenda_items__members=member_id))
        .distinct()
        .order_by("-start_date", "-pk")
        .values_list(*member_rows.MEETING_FIELDS, named=True)[:MEETINGS_SHOWN]
    )


# Compiled once per process (hub/core/sqlshape.py) for the readers whose view depends on no one's ids: the
# public (``visible_to(None)``) and the network-wide roles, who see everything (``visible_to`` returns all).
_SHAPES = {
    name: Shape(
        f"meetings.member_work.{name}",
        lambda member_id, everyone, build=build: build(None, member_id, everyone),
    )
    for name, build in (("projects", _projects), ("meetings", _meetings))
}
_FOCUS = Shape("meetings.member_work.focus_areas", _focus_areas)


def _rows(name: str, user, member_id: int) -> list:
    scope = scope_for(user)
    if scope.network_wide or not scope.authenticated:
        return _SHAPES[name].list(member_id=member_id, everyone=scope.network_wide)
    build = _projects if name == "projects" else _meetings
    return list(build(user, member_id))


@register.inclusion_tag("monitoring/partials/member_work.html", takes_context=True)
def member_work(context, member) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    # Plain values, the rows written in Python (hub/meetings/member_rows.py): a model instance, a prefetched
    # list and an include per project cost more than the queries.
    projects = _rows("projects", user, member.pk)
    focus_labels: dict[int, list[str]] = {}
    if projects:
        for project_id, code in _FOCUS.list(member_id=member.pk):
            focus_labels.setdefault(project_id, []).append(focus_area_label(code))
    today = timezone.localdate()
    shown = _rows("meetings", user, member.pk)
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
