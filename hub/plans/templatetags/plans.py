"""``{% member_plan member as plan %}``: the member page's summary of its action plan (one query)."""

from django import template
from django.db.models import Count

from hub.core.sqlshape import Shape
from hub.plans.models import ActionPlan

register = template.Library()


# What the member page's summary never reads of a plan (its focus areas, provenance and timestamps).
_UNREAD = ("focus_areas", "focus_notes", "sources", "alternatives", "source_note", "created_at", "updated_at")


def _plan(member_id: int):
    plans = ActionPlan.objects.filter(member_id=member_id).defer(*_UNREAD).annotate(target_count=Count("targets"))
    return (plans if plans.ordered else plans.order_by("pk"))[:1]  # what .first() runs


# Compiled once per process (hub/core/sqlshape.py).
_PLAN = Shape("plans.member_plan", _plan)


@register.simple_tag
def member_plan(member):
    found = _PLAN.list(member_id=member.pk)
    return found[0] if found else None
