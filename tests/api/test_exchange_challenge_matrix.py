"""Who may write challenges through the API, persona by persona: post, rewrite, classify.

Sumedang's published challenge. The Shepherd (a Kemendagri user, Indonesia's National Representative too)
classifies it as Indonesia's NR; no network role rewrites a member's own words."""

import pytest

from hub.exchange.models import Challenge
from tests.api.test_exchange_requests_matrix import actor, headers
from tests.personas import make_user
from tests.services.test_exchange_support import make_challenge

pytestmark = pytest.mark.django_db

PERSONAS = [
    "own_officer",
    "other_officer",
    "indonesia_nr",
    "thailand_nr",
    "shepherd",
    "secretariat",
    "partner",
    "anonymous",
]
ALLOWED = {
    "post": {"own_officer"},
    "rewrite": {"own_officer"},
    "classify": {"own_officer", "indonesia_nr", "shepherd", "secretariat"},
}
BODY = {"member": "sumedang", "title": "T", "text": "X", "focus_areas": ["civic-social"]}


def persona_user(persona: str):
    if persona == "own_officer":
        return make_user("officer@sumedang.example", "gov-sumedang", password=None)
    if persona == "other_officer":
        return make_user("officer@bangkok.example", "gov-bangkok", password=None)
    if persona == "indonesia_nr":
        return make_user("nr2@kemendagri.example", "kemendagri-bina-adwil", password=None)
    return actor(persona)


@pytest.mark.parametrize("write", list(ALLOWED))
@pytest.mark.parametrize("persona", PERSONAS)
def test_challenge_writes(client, persona, write):
    owner = make_user("owner@sumedang.example", "gov-sumedang", password=None)
    challenge = make_challenge(owner, published=True)
    user = persona_user(persona)
    if write == "post":
        response = client.post("/api/v1/challenges", BODY, content_type="application/json", **headers(user))
        ok = 201
    else:
        body = {"title": "Rewritten"} if write == "rewrite" else {"severity": 1, "focus_areas": ["safety-security"]}
        url = f"/api/v1/challenges/{challenge.pk}"
        response = client.patch(url, body, content_type="application/json", **headers(user))
        ok = 200
    expected = ok if persona in ALLOWED[write] else (401 if user is None else 403)
    assert response.status_code == expected, response.content
    challenge.refresh_from_db()
    changed = Challenge.objects.count() == 2 if write == "post" else challenge.version > 1
    assert changed is (expected == ok)
