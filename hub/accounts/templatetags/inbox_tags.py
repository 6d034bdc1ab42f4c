from django import template

from hub.accounts.inbox import nav_count

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_count(context) -> int | None:
    """The number of tasks waiting for the signed-in user (hub.accounts.inbox), for the navigation."""
    request = context.get("request")
    return nav_count(request) if request is not None else None
