"""Who may do what with partnerships, opportunities, expressions of interest, financing and candidate
assessments, built on hub.accounts.permissions.scope_for (rights follow the registry's role terms).

| write                                  | partner        | city officer   | NR (country)   | Secretariat |
|----------------------------------------|----------------|----------------|----------------|-------------|
| draft / edit / submit an opportunity   | no             | own member     | its members    | yes         |
| publish or return an opportunity       | no             | no             | its members    | yes         |
| close an opportunity                   | no             | own member     | its members    | yes         |
| express interest (published only)      | own org        | no             | no             | no          |
| write in a conversation                | own org's      | own member's   | its members'   | yes         |
| partnerships (create, edit)            | own org's      | own member's   | its members'   | yes         |
| financing of a partnership/opportunity | as its parent  | as its parent  | as its parent  | yes         |
| candidate assessments, nominate        | no             | no             | its candidates | yes         |

Chair and Shepherd read everything (drafts included) but write only through their other roles.
"""

from __future__ import annotations

from hub.accounts.permissions import scope_for
from hub.partnerships.models_opportunities import Interest, Opportunity, OpportunityState


def _for_member(scope, member) -> bool:
    return scope.secretariat or member.pk in scope.officer_member_ids or member.country_id in scope.nr_country_ids


# --- opportunities ----------------------------------------------------------------------------------


def can_create_opportunity_for(user, member) -> bool:
    return _for_member(scope_for(user), member)


def can_create_any_opportunity(user) -> bool:
    scope = scope_for(user)
    return scope.secretariat or bool(scope.officer_member_ids) or bool(scope.nr_country_ids)


def can_edit_opportunity(user, opportunity: Opportunity) -> bool:
    """Edit its content: its member's people, while it is not published (a published one is taken back first)."""
    return _for_member(scope_for(user), opportunity.member)


def can_review_opportunity(user, opportunity: Opportunity) -> bool:
    """Publish or return: the member's National Representative, or the Secretariat."""
    scope = scope_for(user)
    return scope.secretariat or opportunity.member.country_id in scope.nr_country_ids


def can_read_opportunity(user, opportunity: Opportunity) -> bool:
    return Opportunity.objects.visible_to(user).filter(pk=opportunity.pk).exists()


# --- expressions of interest -------------------------------------------------------------------------


def can_express_interest(user, opportunity: Opportunity) -> bool:
    scope = scope_for(user)
    return scope.partner and opportunity.state == OpportunityState.PUBLISHED


def is_partner_side(user, interest: Interest) -> bool:
    return interest.organisation_id in scope_for(user).organisation_ids


def can_write_in(user, interest: Interest) -> bool:
    scope = scope_for(user)
    return scope.secretariat or is_partner_side(user, interest) or _for_member(scope, interest.opportunity.member)


# --- partnerships and financing ---------------------------------------------------------------------


def can_create_partnership(user, *, partner, members) -> bool:
    scope = scope_for(user)
    if scope.secretariat:
        return True
    if scope.partner and partner.pk in scope.organisation_ids:
        return True
    return bool(members) and all(_for_member(scope, m) for m in members)


def can_edit_partnership(user, partnership) -> bool:
    return can_create_partnership(user, partner=partnership.partner, members=list(partnership.members.all()))


def can_record_financing(user, parent) -> bool:
    from hub.partnerships.models import Partnership

    if isinstance(parent, Partnership):
        return can_edit_partnership(user, parent)
    return can_edit_opportunity(user, parent)


# --- candidate assessments ---------------------------------------------------------------------------


def can_assess(user, member) -> bool:
    scope = scope_for(user)
    return scope.secretariat or member.country_id in scope.nr_country_ids
