"""The API part of the permission matrix: every persona × every registry write endpoint.

Allowed: a 2xx answer and a change log entry (who, via the API, which object, fields before and after).
Denied: 401 (anonymous) or 403, the registry exactly as before and no new change log entry.

Rights come from the registry's role terms in force today. The Shepherd's organisation (Kemendagri's
Bina Adwil) is also Indonesia's National Representative, so the Shepherd's person keeps the NR's rights
after the Shepherd term ends; the Shepherd role itself gives no registry writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from hub.accounts.permissions import scope_for
from hub.accounts.tokens import create_token
from hub.core.models import ChangeEntry
from hub.network import services
from hub.network.models import Country, Member, MembershipEvent, Organisation, Person, RoleTerm
from tests.personas import PERSONAS, make_user

pytestmark = pytest.mark.django_db

REGISTRY = (Country, Member, MembershipEvent, Organisation, Person, RoleTerm)


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # with {placeholders} filled by `targets`
    body: dict | None
    model: type
    changed: frozenset[str] = field(default_factory=frozenset)  # model fields the log entry must show


def _targets() -> dict[str, object]:
    sumedang = Member.objects.get(slug="sumedang")
    return {
        "sumedang": sumedang.pk,
        "jakarta": Member.objects.get(slug="dki-jakarta").pk,
        "bangkok": Member.objects.get(slug="bangkok").pk,
        "event": MembershipEvent.objects.filter(member=sumedang).order_by("pk").first().pk,
        "organisation": Organisation.objects.get(slug="gov-sumedang").pk,
        "person": Person.objects.get(slug="amran").pk,
        "nr_term": RoleTerm.objects.get(ref_key="role:nr-indonesia").pk,
        "old_term": RoleTerm.objects.get(ref_key="role:chair-2018").pk,
    }


PROFILE = {
    "name": "Sumedang Regency",
    "local_name": "Kabupaten Sumedang",
    "website": "https://www.sumedangkab.go.id",
    "summary": "Regency in West Java; WA KEPO answers residents on WhatsApp.",
    "latitude": -6.85,
    "longitude": 107.92,
}

CASES = {
    "POST members": Case(
        "post", "/members", {"name": "Nusantara", "kind": "city", "country": "ID"}, Member, frozenset({"name"})
    ),
    "PATCH members Sumedang profile": Case(
        "patch", "/members/{sumedang}", PROFILE, Member, frozenset({"name", "website", "latitude"})
    ),
    "PATCH members Sumedang kind": Case("patch", "/members/{sumedang}", {"kind": "city"}, Member, frozenset({"kind"})),
    "PATCH members Sumedang country": Case(
        "patch", "/members/{sumedang}", {"country": "MY"}, Member, frozenset({"country"})
    ),
    "PATCH members Jakarta profile": Case(
        "patch", "/members/{jakarta}", {"summary": "Home of JAKI."}, Member, frozenset({"summary"})
    ),
    "PATCH members Bangkok profile": Case(
        "patch", "/members/{bangkok}", {"website": "https://smartcity.bangkok.go.th"}, Member, frozenset({"website"})
    ),
    "POST memberships": Case(
        "post",
        "/memberships",
        {"member": "sumedang", "status": "withdrawn", "effective": "2026-06"},
        MembershipEvent,
        frozenset({"status", "effective_date"}),
    ),
    "PATCH memberships": Case(
        "patch",
        "/memberships/{event}",
        {"decided_by": "7th Annual Meeting"},
        MembershipEvent,
        frozenset({"decided_by"}),
    ),
    "DELETE memberships": Case("delete", "/memberships/{event}", None, MembershipEvent, frozenset({"status"})),
    "POST organisations": Case(
        "post",
        "/organisations",
        {"name": "Diskominfo Sumedang", "kind": "local_government", "country": "ID", "parent": "gov-sumedang"},
        Organisation,
        frozenset({"name", "parent"}),
    ),
    "PATCH organisations": Case(
        "patch",
        "/organisations/{organisation}",
        {"short_name": "Pemda Sumedang"},
        Organisation,
        frozenset({"short_name"}),
    ),
    "POST people": Case(
        "post", "/people", {"name": "A. Tester", "organisation": "gov-sumedang"}, Person, frozenset({"organisation"})
    ),
    "PATCH people": Case(
        "patch", "/people/{person}", {"position": "Director General"}, Person, frozenset({"position"})
    ),
    "POST role-terms": Case(
        "post",
        "/role-terms",
        {"role": "csco", "member": "sumedang", "organisation": "gov-sumedang", "start": "2026-01"},
        RoleTerm,
        frozenset({"role", "member", "start_date"}),
    ),
    "PATCH role-terms": Case(
        "patch", "/role-terms/{nr_term}", {"note": "Attested 2024."}, RoleTerm, frozenset({"note"})
    ),
    "DELETE role-terms": Case("delete", "/role-terms/{old_term}", None, RoleTerm, frozenset({"role"})),
    "PATCH countries": Case(
        "patch", "/countries/ID", {"local_name": "Republik Indonesia"}, Country, frozenset({"local_name"})
    ),
}

NR_INDONESIA = {"PATCH members Sumedang profile", "PATCH members Jakarta profile"}
ALLOWED = {
    "anonymous": set(),
    "sumedang_officer": {"PATCH members Sumedang profile"},
    "bangkok_officer": {"PATCH members Bangkok profile"},
    "indonesia_nr": NR_INDONESIA,
    "thailand_nr": {"PATCH members Bangkok profile"},
    "secretariat": set(CASES),
    "partner": set(),
    "shepherd_during": NR_INDONESIA,
    "shepherd_after": NR_INDONESIA,
}
MATRIX = [(persona, case) for persona in ALLOWED for case in CASES]
MATRIX_SIZE = len(ALLOWED) * len(CASES)  # 9 personas × 17 endpoint cases = 153 cells


def make_actor(persona: str):
    """The persona's user (no password: these tests authenticate with tokens). None for anonymous."""
    if persona == "anonymous":
        return None
    if persona.startswith("shepherd_"):
        user = make_user("shepherd@kemendagri.example", "kemendagri-bina-adwil", password=None)
        if persona == "shepherd_after":
            secretariat = make_user("keeper@asean.example", "asean-secretariat-connectivity-division", password=None)
            services.update_role_term(
                actor=secretariat,
                term=RoleTerm.objects.get(ref_key="role:shepherd-indonesia-2025"),
                data={"end_date": timezone.localdate() - timedelta(days=1), "end_precision": "day"},
            )
        assert scope_for(user).shepherd is (persona == "shepherd_during")
        assert scope_for(user).nr_country_ids == {Country.objects.get(code="ID").pk}
        return user
    email, organisation = PERSONAS[persona]
    return make_user(email, organisation, password=None)


def registry_state() -> dict[str, list[dict]]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in REGISTRY}


def send(client, case: Case, path: str, token: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    method = getattr(client, case.method)
    if case.body is None:
        return method(f"/api/v1{path}", **headers)
    return method(f"/api/v1{path}", case.body, content_type="application/json", **headers)


def test_the_matrix_has_every_persona_and_write_endpoint():
    assert MATRIX_SIZE == len(MATRIX) == 9 * 17
    endpoints = {(case.method, case.path.split("/")[1]) for case in CASES.values()}
    assert len(endpoints) == 13  # POST/PATCH members, POST/PATCH/DELETE memberships, ... PATCH countries


@pytest.mark.parametrize(("persona", "case_name"), MATRIX, ids=[f"{p}|{c}" for p, c in MATRIX])
def test_registry_write(client, persona, case_name):
    case = CASES[case_name]
    user = make_actor(persona)
    token = create_token(user=user, name="matrix", can_write=True)[1] if user else None
    path = case.path.format(**_targets())
    state = registry_state()
    last_entry = ChangeEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = send(client, case, path, token)

    if case_name not in ALLOWED[persona]:
        assert response.status_code == (401 if user is None else 403), response.content
        assert response.json()["detail"]
        assert registry_state() == state, "a refused write changed the registry"
        assert not ChangeEntry.objects.filter(pk__gt=last_entry).exists(), "a refused write was logged"
        return

    assert response.status_code in (200, 201, 204), response.content
    if case.method == "delete":
        object_id = path.rsplit("/", 1)[1]
        assert not case.model.objects.filter(pk=object_id).exists()
    else:
        assert response["ETag"]
        object_id = str(response.json().get("id") or Country.objects.get(code="ID").pk)
    entries = ChangeEntry.objects.filter(
        pk__gt=last_entry, content_type=ContentType.objects.get_for_model(case.model), object_id=object_id
    )
    assert len(entries) == 1
    entry = entries[0]
    assert entry.actor == user
    assert entry.via == "api"
    assert entry.action == {"post": "create", "patch": "update", "delete": "delete"}[case.method]
    assert case.changed <= set(entry.changes), entry.changes
    for name in case.changed:
        before, after = entry.changes[name]
        assert before != after
        assert (before is None) is (case.method == "post")
        assert (after is None) is (case.method == "delete")
