""" "Similar elsewhere" lists for pages: other members' projects, with the reasons.

{% load search %}
{% similar_elsewhere_list project %}                          on a project page
{% similar_for_text challenge.text challenge.member codes challenge.help_wanted %}   on a challenge page
"""

from django import template

from hub.search.matching import match, similar_elsewhere

register = template.Library()


@register.inclusion_tag("search/similar.html")
def similar_elsewhere_list(project, limit: int = 5):
    return {"matches": similar_elsewhere(project, limit=limit)}


@register.inclusion_tag("search/similar.html")
def similar_for_text(text, member=None, focus_areas=(), help_wanted=None, limit: int = 5):
    """A challenge's matches: ``focus_areas`` are FocusArea codes, ``help_wanted`` knowledge/partner/funding."""
    return {"matches": match(text, member=member, focus_areas=focus_areas or (), help_wanted=help_wanted, limit=limit)}
