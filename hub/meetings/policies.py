"""Who may do what with meetings, built on hub.accounts.permissions.scope_for (terms in force today).

| who                                   | network meetings | national meetings of country C |
|---------------------------------------|------------------|--------------------------------|
| Secretariat, Chair, Shepherd          | organise, read   | read                           |
| National Representative of C          | —                | organise, read                 |
| participant (delegation or listed)    | read             | read                           |
| everyone                              | read public ones | read public ones               |

Decisions that change the registry (admitting members, handing over the Chair or the Shepherd) need
the Secretariat's rights as well, because the Secretariat keeps the registry: an organiser who is not
the Secretariat records such a decision without its effect, and the Secretariat adds it.
Action items are also updated (status, comments) by their owners.

Meeting series follow the same table: the organisers of network meetings create and edit network series,
a National Representative its country's national series.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.accounts.permissions import can_keep_registry, scope_for
from hub.meetings.models import Meeting, MeetingScope, MeetingSeries, Outcome, OutcomeKind

NOT_AN_ORGANISER = _(
    "Only the meeting's organisers may change it: the Chair, the Shepherd and the Secretariat for network "
    "meetings, the National Representative for its country's national meetings."
)


def organiser_filter(user) -> Q:
    """The meetings ``user`` organises, as a filter on Meeting."""
    scope = scope_for(user)
    q = Q(pk__in=[])
    if scope.secretariat or scope.chair or scope.shepherd:
        q |= Q(scope=MeetingScope.NETWORK)
    if scope.nr_country_ids:
        q |= Q(scope=MeetingScope.NATIONAL, country_id__in=scope.nr_country_ids)
    return q


def can_organise(user, meeting: Meeting) -> bool:
    scope = scope_for(user)
    if meeting.scope == MeetingScope.NETWORK:
        return scope.secretariat or scope.chair or scope.shepherd
    return meeting.country_id in scope.nr_country_ids


def can_create_meeting(user, *, scope: str, country_id: int | None = None) -> bool:
    rights = scope_for(user)
    if scope == MeetingScope.NETWORK:
        return rights.secretariat or rights.chair or rights.shepherd
    return country_id is not None and country_id in rights.nr_country_ids


def can_create_any_meeting(user) -> bool:
    rights = scope_for(user)
    return rights.secretariat or rights.chair or rights.shepherd or bool(rights.nr_country_ids)


def creatable_scopes(user) -> tuple[bool, frozenset[int]]:
    """(may create network meetings, the countries whose national meetings it may create)."""
    rights = scope_for(user)
    return rights.secretariat or rights.chair or rights.shepherd, rights.nr_country_ids


NOT_A_SERIES_ORGANISER = _(
    "Only the organisers of its meetings create or edit a series: the Chair, the Shepherd and the Secretariat "
    "network series, a National Representative its country's national series."
)


def series_organiser_filter(user) -> Q:
    """The series ``user`` may edit, as a filter on MeetingSeries."""
    network, countries = creatable_scopes(user)
    q = Q(pk__in=[])
    if network:
        q |= Q(scope=MeetingScope.NETWORK)
    if countries:
        q |= Q(scope=MeetingScope.NATIONAL, country_id__in=countries)
    return q


def can_edit_series(user, series: MeetingSeries) -> bool:
    return can_create_meeting(user, scope=series.scope, country_id=series.country_id)


def is_participant(user, meeting: Meeting) -> bool:
    scope = scope_for(user)
    if not scope.authenticated:
        return False
    if meeting.participants.filter(user_id=user.pk).exists():
        return True
    return meeting.delegations.filter(
        Q(organisation_id__in=scope.organisation_ids) | scope.speaks_for_q("member_id", "country_id")
    ).exists()


def can_read_restricted(user, meeting: Meeting) -> bool:
    """Restricted meetings and participants-only documents: organisers, participants, network-wide roles."""
    scope = scope_for(user)
    if scope.network_wide or can_organise(user, meeting):
        return True
    return is_participant(user, meeting)


def can_read(user, meeting: Meeting) -> bool:
    return not meeting.is_restricted or can_read_restricted(user, meeting)


def can_read_document(user, document) -> bool:
    meeting = document.meeting
    if meeting.is_restricted or document.restricted:
        return can_read_restricted(user, meeting)
    return True


def can_apply_registry_effects(user) -> bool:
    return can_keep_registry(user)


def is_action_owner(user, action: Outcome) -> bool:
    scope = scope_for(user)
    if not scope.authenticated or action.kind != OutcomeKind.ACTION:
        return False
    if action.owner_user_id and action.owner_user_id == user.pk:
        return True
    return bool(action.owner_organisation_id and action.owner_organisation_id in scope.organisation_ids)


def can_update_action(user, action: Outcome) -> bool:
    """Change an action item's status and comment on it: the meeting's organisers and the item's owner."""
    return can_organise(user, action.agenda_item.meeting) or is_action_owner(user, action)
