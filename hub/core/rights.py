"""A caller's rights as every app asks for them: the ``Scope`` and ``scope_for(user)``.

The rules that *work out* a scope (organisation, role terms in force today) live in
hub.accounts.permissions, which registers them here when the accounts app is ready. Apps below accounts
in the layering of docs/architecture.md (network, core) ask this module instead of importing accounts, so
the registry can check rights without an import cycle; everything above may use either name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone

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

_compute: Callable[[object, date], Scope] | None = None


def set_scope_computer(compute: Callable[[object, date], Scope]) -> None:
    """Called once by the accounts app: ``compute(user, day)`` works out an authenticated user's scope."""
    global _compute
    _compute = compute


def scope_for(user, on: date | None = None) -> Scope:
    """The rights of ``user`` on the day ``on`` (today by default). Cached on the user object for today."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    if _compute is None:
        raise ImproperlyConfigured("hub.accounts is not installed or not ready: no one works out rights.")
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


def can_read_change_log(user) -> bool:
    """The whole log, with filters and CSV. (An object's own history shows on its page to its editors.)"""
    scope = scope_for(user)
    return scope.secretariat or scope.operator
