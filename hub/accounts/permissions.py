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


def _organisation_chain(organisation: Organisation) -> list[int]:
    """The organisation and the organisations above it (a unit acts for its parent's terms)."""
    chain, seen, current = [], set(), organisation
    while current is not None and current.pk not in seen:
        chain.append(current.pk)
        seen.add(current.pk)
        current = current.parent
    return chain


def compute_scope(user, day: date) -> Scope:
    """An authenticated user's scope on ``day`` (registered with hub.core.rights, which caches it)."""
    organisation = (
        Organisation.objects.select_related("parent__parent__parent").filter(pk=user.organisation_id).first()
        if user.organisation_id
        else None
    )
    chain = _organisation_chain(organisation) if organisation else []
    terms = list(RoleTerm.objects.held_on(day).filter(organisation_id__in=chain)) if chain else []
    # An alternate's organisation has the rights of the role it stands in for (an NR or CSCO alternate).
    for term in terms:
        term.role = PRINCIPAL_ROLE.get(term.role, term.role)
    officer = {t.member_id for t in terms if t.role == Role.CSCO and t.member_id}
    if organisation and organisation.kind == OrganisationKind.LOCAL_GOVERNMENT and organisation.member_id:
        officer.add(organisation.member_id)
    return Scope(
        authenticated=True,
        operator=bool(user.is_superuser),
        secretariat=any(t.role == Role.SECRETARIAT for t in terms),
        chair=any(t.role == Role.CHAIR for t in terms),
        shepherd=any(t.role == Role.SHEPHERD for t in terms),
        partner=bool(organisation and organisation.kind == OrganisationKind.PARTNER),
        organisation_id=organisation.pk if organisation else None,
        organisation_ids=frozenset(chain),
        nr_country_ids=frozenset(t.country_id for t in terms if t.role == Role.NATIONAL_REPRESENTATIVE),
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
