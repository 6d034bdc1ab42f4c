"""The member page's account of its work (hub/network's member page): its projects with their status,
progress and latest accepted update, and its meetings. A fixed number of queries whatever the sizes."""

from __future__ import annotations

from django import template
from django.db.models import CharField, Q, Subquery
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from hub.core.drawn import drawn_from
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


@register.simple_tag(takes_context=True)
def member_work(context, member) -> str:
    """monitoring/partials/member_work.html for the member: written again only when the rows read for it (or the
    member's name, the day, the URL environment) differ (hub.core.drawn): the rows are read on every request."""
    request = context.get("request")
    user = getattr(request, "user", None)
    # Plain values, the rows written in Python (hub/meetings/member_rows.py): a model instance, a prefetched
    # list and an include per project cost more than the queries.
    projects = _rows("projects", user, member.pk)
    focus = _FOCUS.list(member_id=member.pk) if projects else []
    today = timezone.localdate()
    shown = _rows("meetings", user, member.pk)
    key = (member.slug, member.name, tuple(projects), tuple(focus), tuple(shown), today)
    key += (get_script_prefix(), get_urlconf())
    return drawn_from("member_work", key, lambda: _html(member, projects, focus, shown, today))


def _html(member, projects: list, focus: list, shown: list, today) -> SafeString:
    focus_labels: dict[int, list[str]] = {}
    for project_id, code in focus:
        focus_labels.setdefault(project_id, []).append(focus_area_label(code))
    upcoming = sorted((m for m in shown if m.end_date >= today), key=lambda m: m.start_date)
    past = [m for m in shown if m.end_date < today]
    context = {
        "member": member,
        "projects": projects,
        "project_rows": member_rows.project_rows(projects, focus_labels) if projects else "",
        "demo_projects": sum(1 for p in projects if p.is_demo),
        "upcoming": member_rows.meeting_items(upcoming) if upcoming else "",
        "past": member_rows.meeting_items(past) if past else "",
        "more_meetings": len(shown) == MEETINGS_SHOWN,
        "today": today,
    }
    return mark_safe(render_to_string("monitoring/partials/member_work.html", context))  # noqa: S308 - escaped
