"""Template tags for the registry pages' edit links and histories, shown only to those with the right.

Public pages keep their views unchanged: these tags ask hub.network.policies and hub.core.rights (no query for an
anonymous visitor) and hub.network.history (one query per history) from the template.
"""

from __future__ import annotations

from django import template

from hub.core import rights
from hub.network import history, policies

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def registry_rights(context, member=None) -> dict[str, bool]:
    """``{% registry_rights member as rights %}``: rights.keep (the Secretariat), rights.edit_member."""
    user = _user(context)
    return {
        "keep": policies.can_keep_registry(user),
        "edit_member": member is not None and policies.can_edit_member_profile(user, member),
        "read_log": rights.can_read_change_log(user),
    }


@register.simple_tag(takes_context=True)
def member_history(context, member):
    """The member's history for its reviewers; None for everyone else."""
    user = _user(context)
    return history.member_history(member) if history.can_review_member(user, member) else None


@register.simple_tag(takes_context=True)
def country_history(context, country):
    user = _user(context)
    return history.country_history(country) if history.can_review_country(user, country) else None


@register.simple_tag(takes_context=True)
def role_terms_history(context):
    user = _user(context)
    return history.role_terms_history() if history.can_review_registry(user) else None
