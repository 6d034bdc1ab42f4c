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

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from hub.network.models import PRINCIPAL_ROLE, Organisation, OrganisationKind, Role, RoleTerm

_CACHE_ATTR = "_hub_scope_cache"


@dataclass(frozen=True)
class Scope:
    authenticated: bool = False
    operator: bool = False
    secretariat: bool = False
    chair: bool = False
    shepherd: bool = False
    partner: bool = False
    organisation_id: int | None = None
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    nr_country_ids: frozenset[int] = field(default_factory=frozenset)
    officer_member_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def network_wide(self) -> bool:
        """Sees the whole network, drafts included (PRODUCT §2)."""
        return self.secretariat or self.chair or self.shepherd

    # -- "the member's officers or its country's National Representative", written once -------------------

    def speaks_for(self, member) -> bool:
        """Whether this scope is one of ``member``'s officers or its country's National Representative (the
        people who keep a member's profile and projects and report for it). ``member``: anything with ``pk``
        (or ``id``) and ``country_id``."""
        member_id = getattr(member, "pk", None) or getattr(member, "id", None)
        return member_id in self.officer_member_ids or member.country_id in self.nr_country_ids

    def speaks_for_some(self) -> bool:
        """Whether this scope is an officer or a National Representative of anyone at all."""
        return bool(self.officer_member_ids or self.nr_country_ids)

    def speaks_for_q(self, member: str = "member_id", country: str = "member__country_id") -> Q:
        """``speaks_for`` as a query filter: ``member`` and ``country`` name the paths, from the queried model,
        to the member's id and its country's id ("pk"/"country_id" on Member; the defaults suit a model with a
        ``member``; "project__member_id"/"project__member__country_id" on a ProgressUpdate). Matches nothing
        for a scope that speaks for no one."""
        if not self.speaks_for_some():
            return Q(pk__in=[])
        return Q(**{f"{member}__in": self.officer_member_ids}) | Q(**{f"{country}__in": self.nr_country_ids})

    def editable(self, queryset, member: str = "member_id", country: str = "member__country_id"):
        """``queryset`` cut to what this scope keeps: everything for the Secretariat, else what it speaks for."""
        return queryset if self.secretariat else queryset.filter(self.speaks_for_q(member, country))

    def is_insider_of(self, member) -> bool:
        """Sees ``member``'s drafts, who did each review step and the comments of returns: network-wide roles
        and the member's officers and National Representative (monitoring's "insiders")."""
        return self.network_wide or self.speaks_for(member)

    @property
    def roles(self) -> list[str]:
        names = []
        if self.operator:
            names.append("operator")
        if self.secretariat:
            names.append("secretariat")
        if self.chair:
            names.append("chair")
        if self.shepherd:
            names.append("shepherd")
        if self.nr_country_ids:
            names.append("national_representative")
        if self.officer_member_ids:
            names.append("city_officer")
        if self.partner:
            names.append("partner")
        return names


ANONYMOUS = Scope()


def _organisation_chain(organisation: Organisation) -> list[int]:
    """The organisation and the organisations above it (a unit acts for its parent's terms)."""
    chain, seen, current = [], set(), organisation
    while current is not None and current.pk not in seen:
        chain.append(current.pk)
        seen.add(current.pk)
        current = current.parent
    return chain


def scope_for(user, on: date | None = None) -> Scope:
    """The rights of ``user`` on the day ``on`` (today by default). Cached on the user object for today."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    day = on or timezone.localdate()
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is not None and cache[0] == day:
        return cache[1]
    scope = _compute(user, day)
    setattr(user, _CACHE_ATTR, (day, scope))
    return scope


def forget(user) -> None:
    """Drop the cached scope (after the user's organisation changed)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _compute(user, day: date) -> Scope:
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


# --- registry policies -------------------------------------------------------------------------
# Member profile fields a city officer or National Representative may edit; the rest is registry
# data kept by the Secretariat (what the member is, where it belongs, and its membership).
MEMBER_PROFILE_FIELDS = frozenset({"name", "local_name", "website", "summary", "latitude", "longitude"})


def can_edit_member_profile(user, member) -> bool:
    scope = scope_for(user)
    return scope.secretariat or member.pk in scope.officer_member_ids or member.country_id in scope.nr_country_ids


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


def can_read_change_log(user) -> bool:
    """The whole log, with filters and CSV. (An object's own history shows on its page to its editors.)"""
    scope = scope_for(user)
    return scope.secretariat or scope.operator


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
