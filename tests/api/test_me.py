"""GET /api/v1/me: the caller, its organisation, the roles it holds today, and how it authenticated."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hub.accounts.tokens import create_token
from hub.network.models import RoleTerm
from tests.personas import PERSONAS, make_user

pytestmark = pytest.mark.django_db


def me(user, *, can_write=False) -> dict:
    _, token = create_token(user=user, name="me", can_write=can_write)
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    return response.json()


def persona(name):
    email, organisation = PERSONAS[name]
    return make_user(email, organisation, password=None)


def test_anonymous_is_a_401(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("name", "roles", "countries", "members", "kind"),
    [
        ("sumedang_officer", ["city_officer"], [], ["sumedang"], "local_government"),
        ("bangkok_officer", ["city_officer"], [], ["bangkok"], "local_government"),
        ("indonesia_nr", ["shepherd", "national_representative"], ["ID"], [], "ministry"),
        ("thailand_nr", ["national_representative"], ["TH"], [], "ministry"),
        ("secretariat", ["secretariat"], [], [], "secretariat"),
        ("partner", ["partner"], [], [], "partner"),
    ],
)
def test_each_persona_sees_its_roles_and_scope(name, roles, countries, members, kind):
    user = persona(name)
    body = me(user)
    assert body["user"] == {"id": user.pk, "email": user.email, "name": user.name}
    assert body["organisation"]["id"] == user.organisation_id
    assert body["organisation"]["name"] == user.organisation.name
    assert body["organisation"]["kind"] == kind
    assert body["roles"] == roles
    assert [country["code"] for country in body["national_representative_of"]] == countries
    assert [member["slug"] for member in body["city_officer_of"]] == members


def test_a_user_without_organisation_has_no_roles():
    body = me(make_user("someone@example.org", None, password=None))
    assert body["organisation"] is None
    assert body["roles"] == [] and body["national_representative_of"] == [] and body["city_officer_of"] == []


@pytest.mark.parametrize("can_write", [False, True])
def test_token_callers_see_the_token_and_its_scope_never_its_secret(can_write):
    user = persona("secretariat")
    record, token = create_token(user=user, name="cli", can_write=can_write, days=30)
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    auth = response.json()["auth"]
    assert auth["method"] == "token"
    assert auth["can_write"] is can_write
    assert auth["token"]["id"] == record.pk and auth["token"]["prefix"] == record.prefix
    assert auth["token"]["expires"]
    assert token not in response.content.decode()


def test_session_callers_see_the_session():
    client = Client()
    client.force_login(persona("sumedang_officer"))
    auth = client.get("/api/v1/me").json()["auth"]
    assert auth == {"method": "session", "can_write": True, "token": None}


def test_me_costs_a_bounded_number_of_queries(django_assert_max_num_queries):
    user = persona("indonesia_nr")
    _, token = create_token(user=user, name="me")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.get("/api/v1/me")  # settles the token's last-used time
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/me").status_code == 200


# -- Rights follow the term in the registry ---------------------------------------------------------------


def test_ending_the_shepherd_term_through_the_api_ends_the_shepherd_role_the_day_after():
    shepherd = make_user("shepherd@kemendagri.example", "kemendagri-bina-adwil", password=None)
    assert "shepherd" in me(shepherd)["roles"]

    secretariat = persona("secretariat")
    _, token = create_token(user=secretariat, name="keeper", can_write=True)
    term = RoleTerm.objects.get(ref_key="role:shepherd-indonesia-2025")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = Client().patch(
        f"/api/v1/role-terms/{term.pk}",
        {"end": yesterday},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content

    roles = me(shepherd)["roles"]
    assert "shepherd" not in roles
    assert roles == ["national_representative"]  # Kemendagri's Bina Adwil stays Indonesia's NR


def test_after_the_shepherd_term_ends_in_2027_its_people_are_no_longer_shepherd(monkeypatch):
    shepherd = make_user("shepherd@kemendagri.example", "kemendagri-bina-adwil", password=None)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2027, 12, 31))
    assert "shepherd" in me(shepherd)["roles"]  # the term "2027" lasts through 31 December
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2028, 1, 1))
    assert "shepherd" not in me(shepherd)["roles"]
