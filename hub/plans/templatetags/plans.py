"""``{% member_plan member as plan %}``: the member page's summary of its action plan (one query)."""

from django import template
from django.db.models import Count

from hub.plans.models import ActionPlan

register = template.Library()


@register.simple_tag
def member_plan(member):
    return ActionPlan.objects.filter(member=member).annotate(target_count=Count("targets")).first()
