"""Who keeps a member's Smart City Action Plan, built on hub.accounts.permissions.scope_for.

Plans are public. A member's officers (its local government, the holders of its CSCO and CSCO-alternate
terms) write and update their plan and its targets; the Secretariat may for any member.
"""

from __future__ import annotations

from hub.accounts.permissions import scope_for


def can_edit_plan(user, member) -> bool:
    scope = scope_for(user)
    return scope.secretariat or member.pk in scope.officer_member_ids
