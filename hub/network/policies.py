"""Who may change the registry: members' profiles (their officers and National Representative) and the
rest of the registry (the Secretariat). Built on the caller's scope (hub.core.rights)."""

from __future__ import annotations

from hub.core.rights import scope_for

# Member profile fields a city officer or National Representative may edit; the rest is registry
# data kept by the Secretariat (what the member is, where it belongs, and its membership).
MEMBER_PROFILE_FIELDS = frozenset({"name", "local_name", "website", "summary", "latitude", "longitude"})


def can_edit_member_profile(user, member) -> bool:
    scope = scope_for(user)
    return scope.secretariat or scope.speaks_for(member)


def member_fields_editable(user, member) -> frozenset[str] | None:
    """The member fields this user may change (None: all of them)."""
    scope = scope_for(user)
    if scope.secretariat:
        return None
    if can_edit_member_profile(user, member):
        return MEMBER_PROFILE_FIELDS
    return frozenset()


def can_keep_registry(user) -> bool:
    """Create members, edit memberships, organisations, people, role terms and countries."""
    return scope_for(user).secretariat
