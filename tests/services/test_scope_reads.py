"""A user's rights (hub.accounts.permissions.compute_scope) read as plain values with their SQL compiled once:
the same Scope as the model-based reading it replaced (kept here as the reference), for every persona, a unit
several levels under its parent, a loop of parents, and after a term changes (never a stale scope)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hub.accounts.permissions import compute_scope
from hub.core.rights import Scope
from hub.network.models import PRINCIPAL_ROLE, Organisation, OrganisationKind, Role, RoleTerm
from tests.personas import PERSONAS, make_user


def _reference(user, day: date) -> Scope:
    organisation = (
        Organisation.objects.select_related("parent__parent__parent").filter(pk=user.organisation_id).first()
        if user.organisation_id
        else None
    )
    chain, seen, current = [], set(), organisation
    while current is not None and current.pk not in seen:
        chain.append(current.pk)
        seen.add(current.pk)
        current = current.parent
    terms = list(RoleTerm.objects.held_on(day).filter(organisation_id__in=chain)) if chain else []
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


@pytest.mark.django_db
def test_every_persona_has_the_same_scope(personas):
    today = timezone.localdate()
    for name in PERSONAS:
        user = personas[name]
        for day in (today, date(2024, 1, 15), date(2019, 6, 1)):
            assert compute_scope(user, day) == _reference(user, day), (name, day)
    nobody = make_user("nobody@example.org")
    assert compute_scope(nobody, today) == _reference(nobody, today)


@pytest.mark.django_db
def test_units_under_their_parents_and_a_loop(personas):
    today = timezone.localdate()
    secretariat = Organisation.objects.get(slug="asean-secretariat-connectivity-division")
    above = secretariat
    users = []
    for depth in range(1, 7):  # units 1 to 6 levels under the Secretariat's division
        unit = Organisation.objects.create(
            slug=f"unit-{depth}", name=f"Unit {depth}", kind=secretariat.kind, parent=above, country=above.country
        )
        users.append(make_user(f"unit{depth}@example.org", unit.slug))
        above = unit
    for user in users:
        scope = compute_scope(user, today)
        assert scope == _reference(user, today) and scope.secretariat
    # A loop of parents stops where it started.
    Organisation.objects.filter(slug="unit-1").update(parent=Organisation.objects.get(slug="unit-3"))
    for user in users[:3]:
        assert compute_scope(user, today) == _reference(user, today)


@pytest.mark.django_db
def test_a_term_that_ends_is_seen_at_once(personas):
    today = timezone.localdate()
    nr = personas["indonesia_nr"]
    assert compute_scope(nr, today).nr_country_ids
    RoleTerm.objects.filter(organisation=nr.organisation).update(end_until=today - timedelta(days=1))
    scope = compute_scope(nr, today)
    assert scope == _reference(nr, today) and not scope.nr_country_ids
