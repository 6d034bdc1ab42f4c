"""{% similar_elsewhere project %}: other members' projects like this one, with the reasons."""

from django import template

from hub.search.matching import similar_elsewhere

register = template.Library()


@register.inclusion_tag("search/similar.html")
def similar_elsewhere_list(project, limit: int = 5):
    return {"matches": similar_elsewhere(project, limit=limit), "project": project}
