"""Who may do what in the idea exchange, built on hub.accounts.permissions.scope_for.

| write                                   | who                                                            |
|-----------------------------------------|----------------------------------------------------------------|
| create / edit / publish a challenge     | the member's officers                                          |
| classify a challenge (focus areas,      | the member's officers, its country's National Representative,  |
| severity, help wanted)                  | the Secretariat                                                |
| send a collaboration request            | the officers of the asking member                              |
| accept / decline a request              | the officers of the asked member                               |
| withdraw a pending request              | the officers of the asking member                              |
| follow                                  | anyone signed in, what they may read                           |

Reads: challenges by ``Challenge.objects.visible_to`` (drafts for the member's officers, its National
Representative and the network-wide roles); requests by ``CollaborationRequest.objects.visible_to``
(both sides' officers and National Representatives, the Shepherd, Chair and Secretariat in their term).
"""

from __future__ import annotations

from django.db.models import QuerySet

from hub.accounts.permissions import scope_for
from hub.network.models import Member

# The fields an officer "classifies" with: also open to the National Representative and the Secretariat.
CLASSIFICATION_FIELDS = frozenset({"severity", "wants_knowledge", "wants_partner", "wants_funding"})


def is_officer_of(user, member_id: int | None) -> bool:
    return member_id is not None and member_id in scope_for(user).officer_member_ids


def can_create_challenge_for(user, member: Member) -> bool:
    return is_officer_of(user, member.pk)


def can_create_any_challenge(user) -> bool:
    return bool(scope_for(user).officer_member_ids)


def can_edit_challenge(user, challenge) -> bool:
    """Every field: the member's officers."""
    return is_officer_of(user, challenge.member_id)


def can_classify_challenge(user, challenge) -> bool:
    """Focus areas, severity and help wanted: also the National Representative and the Secretariat."""
    scope = scope_for(user)
    return (
        can_edit_challenge(user, challenge) or scope.secretariat or challenge.member.country_id in scope.nr_country_ids
    )


def editable_challenge_fields(user, challenge) -> frozenset[str] | None:
    """None: every field; else the classification fields (focus areas are separate), or nothing."""
    if can_edit_challenge(user, challenge):
        return None
    if can_classify_challenge(user, challenge):
        return CLASSIFICATION_FIELDS
    return frozenset()


def members_for_new_challenges(user) -> QuerySet[Member]:
    scope = scope_for(user)
    return Member.objects.select_related("country").filter(pk__in=scope.officer_member_ids).order_by("name")


def can_send_request_from(user, member: Member) -> bool:
    return is_officer_of(user, member.pk)


def can_send_any_request(user) -> bool:
    return bool(scope_for(user).officer_member_ids)


def can_answer_request(user, request) -> bool:
    return is_officer_of(user, request.to_member_id)


def can_withdraw_request(user, request) -> bool:
    return is_officer_of(user, request.from_member_id)
