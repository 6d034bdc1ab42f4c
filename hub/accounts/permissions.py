"""Who may do what: the one place where rights are worked out.

A user's rights follow from the organisation the user belongs to and from the registry's role terms
in force *today*: the people of the organisation (or of any of its units) that holds a term have the
rights of that role from the term's start to its end, and lose them the day after. Nothing about
roles is copied onto accounts, so changing a term in the registry changes the rights.

| persona                 | comes from                                                        | scope             |
|-------------------------|-------------------------------------------------------------------|-------------------|
| city officer            | organisation is a member's local government, or holds its CSCO term | that member     |
| National Representative | organisation holds a National Representative term                 | that country      |
| Secretariat             | organisation holds the Secretariat term                           | the network       |
| Chair / Shepherd        | organisation holds the Chair / Shepherd term                      | the network       |
| partner                 | organisation is of kind partner                                   | own organisation  |
| operator                | ``is_superuser``                                                  | the installation  |

An alternate (``nr_alternate``, ``csco_alternate``) gives its organisation the rights of the role it stands in for.
"""

from __future__ import annotations

from datetime import date

from hub.core import sqlmemo
from hub.core.rights import ANONYMOUS, Scope, can_read_change_log, forget, scope_for
from hub.network.models import PRINCIPAL_ROLE, Organisation, OrganisationKind, Role, RoleTerm
from hub.network.policies import (
    MEMBER_PROFILE_FIELDS,
    can_edit_member_profile,
    can_keep_registry,
    member_fields_editable,
)

# The scope type and the registry's own policies live below accounts in the layering (hub.core.rights,
# hub.network.policies) so that the registry can ask for rights without importing accounts; they are
# re-exported here, where every app above accounts looks for rights.
__all__ = [
    "ANONYMOUS",
    "MEMBER_PROFILE_FIELDS",
    "Scope",
    "can_edit_member_profile",
    "can_invite",
    "can_keep_registry",
    "can_read_change_log",
    "compute_scope",
    "forget",
    "invitable_organisations",
    "member_fields_editable",
    "scope_for",
]


# What a scope reads of the user's organisation: its kind and member, and the ids of four levels above it.
_ORGANISATION = ("kind", "member_id", "parent_id", "parent__parent_id", "parent__parent__parent_id")
_ORGANISATION += ("parent__parent__parent__parent_id",)


def _organisation(organisation_id: int) -> tuple[str, int | None, list[int]] | None:
    """(kind, member id, chain) of the organisation: the chain is the organisation and the organisations above
    it (a unit acts for its parent's terms), each once. Plain values with their SQL compiled once
    (hub/core/sqlmemo.py): every signed-in request that checks a right reads them."""
    rows = sqlmemo.fetch_by(
        "accounts.scope.organisation",
        lambda pk: Organisation.objects.filter(pk=pk).values_list(*_ORGANISATION),
        organisation_id,
    )
    if not rows:
        return None
    kind, member_id, *above = rows[0]
    chain = [organisation_id]
    for parent_id in above:
        if parent_id is None or parent_id in chain:
            return kind, member_id, chain
        chain.append(parent_id)
    while True:  # more than four levels: one level at a time
        parents = sqlmemo.fetch_by(
            "accounts.scope.parent", lambda pk: Organisation.objects.filter(pk=pk).values_list("parent_id"), chain[-1]
        )
        parent_id = parents[0][0] if parents else None
        if parent_id is None or parent_id in chain:
            return kind, member_id, chain
        chain.append(parent_id)


def _terms(day: date, chain: list[int]) -> list[tuple[str, int | None, int | None]]:
    """(role, member id, country id) of the terms the organisations of ``chain`` hold on ``day``."""
    return sqlmemo.fetch(
        ("accounts.scope.terms", day, tuple(chain)),
        lambda: (
            RoleTerm.objects.held_on(day)
            .filter(organisation_id__in=chain)
            .order_by("pk")
            .values_list("role", "member_id", "country_id")
        ),
    )


def compute_scope(user, day: date) -> Scope:
    """An authenticated user's scope on ``day`` (registered with hub.core.rights, which caches it)."""
    found = _organisation(user.organisation_id) if user.organisation_id else None
    kind, member_id, chain = found if found else (None, None, [])
    # An alternate's organisation has the rights of the role it stands in for (an NR or CSCO alternate).
    terms = (
        [(PRINCIPAL_ROLE.get(role, role), member, country) for role, member, country in _terms(day, chain)]
        if chain
        else []
    )
    officer = {member for role, member, _ in terms if role == Role.CSCO and member}
    if kind == OrganisationKind.LOCAL_GOVERNMENT and member_id:
        officer.add(member_id)
    return Scope(
        authenticated=True,
        operator=bool(user.is_superuser),
        secretariat=any(role == Role.SECRETARIAT for role, _, _ in terms),
        chair=any(role == Role.CHAIR for role, _, _ in terms),
        shepherd=any(role == Role.SHEPHERD for role, _, _ in terms),
        partner=kind == OrganisationKind.PARTNER,
        organisation_id=user.organisation_id if found else None,
        organisation_ids=frozenset(chain),
        nr_country_ids=frozenset(country for role, _, country in terms if role == Role.NATIONAL_REPRESENTATIVE),
        officer_member_ids=frozenset(officer),
    )


def can_invite(user) -> bool:
    scope = scope_for(user)
    return scope.secretariat or bool(scope.nr_country_ids)


def invitable_organisations(user):
    """Organisations this user may invite people into: any (Secretariat), or its countries' members'."""
    scope = scope_for(user)
    qs = Organisation.objects.select_related("country", "member")
    if scope.secretariat:
        return qs.order_by("name")
    if scope.nr_country_ids:
        return qs.filter(kind=OrganisationKind.LOCAL_GOVERNMENT, member__country_id__in=scope.nr_country_ids).order_by(
            "name"
        )
    return qs.none()
