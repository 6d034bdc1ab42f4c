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
    return Q(state=UpdateState.ACCEPTED) | scope.speaks_for_q("project__member_id", "project__member__country_id")


def can_see_update(user, update) -> bool:
    if update.state == UpdateState.ACCEPTED:
        return True
    return is_insider(user, update.project)


def is_insider(user, project) -> bool:
    """The one "insider" rule (Scope.is_insider_of): sees the project's drafts, who reviewed and why returned."""
    return scope_for(user).is_insider_of(project.member)


def sees_unpublished(user) -> bool:
    """Whether the user sees any update that is not yet accepted (for lists that say so)."""
    scope = scope_for(user)
    return scope.network_wide or scope.speaks_for_some()


def can_report_for(user, project) -> bool:
    """Write and submit the project's updates: its member's officers and its country's National Representative."""
    return scope_for(user).speaks_for(project.member)


def reporting_q(user) -> Q | None:
    """Projects the user reports for, as a filter on Project (None: none)."""
    scope = scope_for(user)
    return scope.speaks_for_q() if scope.speaks_for_some() else None


# -- Who reviews an update: written once, used by the checks, the "to review" list and the e-mails ----------


def represented_countries():
    """The countries with a National Representative in force today (ids, as a subquery)."""
    held = RoleTerm.objects.held_on(timezone.localdate()).filter(role=Role.NATIONAL_REPRESENTATIVE)
    return held.values("country_id")


def country_has_representative(country_id: int) -> bool:
    return represented_countries().filter(country_id=country_id).exists()


def endorser_role(country_id: int) -> str:
    """Who endorses a submitted update of a member of this country: its National Representative, or the
    Secretariat in its place where the country has none in force."""
    return Role.NATIONAL_REPRESENTATIVE if country_has_representative(country_id) else Role.SECRETARIAT


def endorses_as(user, update) -> str | None:
    """In which role ``user`` may endorse ``update`` (None: may not)."""
    scope = scope_for(user)
    country_id = update.project.member.country_id
    if country_id in scope.nr_country_ids:
        return "national_representative"
    if scope.secretariat and endorser_role(country_id) == Role.SECRETARIAT:
        return "secretariat_for_national_representative"
    return None


def endorsement_queue_q(scope) -> Q:
    """The updates waiting for a National Representative's endorsement: submitted ones of the countries
    ``scope`` represents (a filter on ProgressUpdate)."""
    return Q(state=UpdateState.SUBMITTED, project__member__country_id__in=scope.nr_country_ids)


def secretariat_queue_q() -> Q:
    """The updates waiting for the Secretariat: endorsed ones, and submitted ones of the countries without a
    National Representative in force (it endorses in their place)."""
    return Q(state=UpdateState.ENDORSED) | (
        Q(state=UpdateState.SUBMITTED) & ~Q(project__member__country_id__in=represented_countries())
    )


def review_queue_q(user) -> Q:
    """The updates waiting for ``user``'s review, as a filter on ProgressUpdate: submitted ones of the
    countries it represents; for the Secretariat, endorsed ones and submitted ones of unrepresented countries."""
    scope = scope_for(user)
    q = Q(pk__in=[])
    if scope.nr_country_ids:
        q |= endorsement_queue_q(scope)
    if scope.secretariat:
        q |= secretariat_queue_q()
    return q


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
