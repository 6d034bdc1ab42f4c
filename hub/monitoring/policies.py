"""Who may see and do what in monitoring & evaluation, built on hub.accounts.permissions.scope_for.

| who                                    | sees                             | may                                    |
|----------------------------------------|----------------------------------|----------------------------------------|
| everyone (public, partners)            | accepted updates                 | read dashboards and the annual report  |
| officers of the project's member       | + that member's updates          | write drafts, submit                   |
| National Representative of the country | + that country's updates         | write drafts, submit, endorse, return  |
| Secretariat                            | everything                       | accept, return, reopen; cycles         |
| Chair, Shepherd                        | everything                       | read (they steer from it)              |

Where no National Representative is in force for a country, the Secretariat endorses in its place, so
that a country without one is not locked out of the report.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from hub.accounts.permissions import scope_for
from hub.monitoring.models import CycleState, UpdateState
from hub.network.models import Role, RoleTerm


def update_visibility_q(user) -> Q:
    """The updates ``user`` may see, as a filter on ProgressUpdate."""
    scope = scope_for(user)
    if scope.network_wide:
        return Q()
    q = Q(state=UpdateState.ACCEPTED)
    if scope.officer_member_ids:
        q |= Q(project__member_id__in=scope.officer_member_ids)
    if scope.nr_country_ids:
        q |= Q(project__member__country_id__in=scope.nr_country_ids)
    return q


def can_see_update(user, update) -> bool:
    if update.state == UpdateState.ACCEPTED:
        return True
    scope = scope_for(user)
    return (
        scope.network_wide
        or update.project.member_id in scope.officer_member_ids
        or update.project.member.country_id in scope.nr_country_ids
    )


def sees_unpublished(user) -> bool:
    """Whether the user sees any update that is not yet accepted (for lists that say so)."""
    scope = scope_for(user)
    return scope.network_wide or bool(scope.officer_member_ids) or bool(scope.nr_country_ids)


def can_report_for(user, project) -> bool:
    """Write and submit the project's updates: its member's officers and its country's National Representative."""
    scope = scope_for(user)
    return project.member_id in scope.officer_member_ids or project.member.country_id in scope.nr_country_ids


def reporting_q(user) -> Q | None:
    """Projects the user reports for, as a filter on Project (None: none)."""
    scope = scope_for(user)
    if not (scope.officer_member_ids or scope.nr_country_ids):
        return None
    return Q(member_id__in=scope.officer_member_ids) | Q(member__country_id__in=scope.nr_country_ids)


def country_has_representative(country_id: int) -> bool:
    today = timezone.localdate()
    return RoleTerm.objects.held_on(today).filter(role=Role.NATIONAL_REPRESENTATIVE, country_id=country_id).exists()


def endorses_as(user, update) -> str | None:
    """In which role ``user`` may endorse ``update`` (None: may not)."""
    scope = scope_for(user)
    country_id = update.project.member.country_id
    if country_id in scope.nr_country_ids:
        return "national_representative"
    if scope.secretariat and not country_has_representative(country_id):
        return "secretariat_for_national_representative"
    return None


def can_edit_update(user, update) -> bool:
    return (
        update.state == UpdateState.DRAFT
        and update.cycle.state == CycleState.OPEN
        and can_report_for(user, update.project)
    )


def can_submit(user, update) -> bool:
    return can_edit_update(user, update)


def can_endorse(user, update) -> bool:
    return update.state == UpdateState.SUBMITTED and endorses_as(user, update) is not None


def can_accept(user, update) -> bool:
    return update.state == UpdateState.ENDORSED and scope_for(user).secretariat


def can_return(user, update) -> bool:
    """The reviewer of the current step (or the Secretariat, the last reviewer) sends it back to draft."""
    if update.state == UpdateState.SUBMITTED:
        return scope_for(user).secretariat or endorses_as(user, update) is not None
    if update.state == UpdateState.ENDORSED:
        return scope_for(user).secretariat
    return False


def can_reopen(user, update) -> bool:
    """The Secretariat, which accepted the update, may take it back to draft (its cycle must be open)."""
    return update.state == UpdateState.ACCEPTED and scope_for(user).secretariat


def allowed_actions(user, update) -> list[str]:
    """The transitions ``user`` may apply to ``update`` now, in the order the pages offer them."""
    if update.cycle.state != CycleState.OPEN:
        return []
    checks = [
        ("submit", can_submit),
        ("endorse", can_endorse),
        ("accept", can_accept),
        ("return", can_return),
        ("reopen", can_reopen),
    ]
    return [name for name, check in checks if check(user, update)]


def can_manage_cycles(user) -> bool:
    return scope_for(user).secretariat


def late_country_ids(user) -> frozenset[int] | None:
    """Countries whose late reports ``user`` may list: None for all (network-wide roles), else a set."""
    scope = scope_for(user)
    if scope.network_wide:
        return None
    return scope.nr_country_ids


def can_see_late(user) -> bool:
    scope = scope_for(user)
    return scope.network_wide or bool(scope.nr_country_ids)
