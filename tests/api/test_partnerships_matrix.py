"""The permission matrix of every partnerships write, through the API: partner (ADB), Sumedang's city
officer, Indonesia's National Representative, Thailand's National Representative, the Secretariat and an
anonymous caller.

Allowed: the expected 2xx and at least one new change-log row. Denied: 401 (anonymous), 403, or 404 where
the record is private to the caller (a draft, another partner's conversation) — and no change-log row.
Indonesia's NR is also the Shepherd (reads everything) but writes only as the NR.
"""

from __future__ import annotations

import pytest

from hub.core.models import ChangeEntry
from hub.network.models import Member, Organisation
from hub.partnerships import services
from tests.partnerships_factories import OPPORTUNITY, make_opportunity, make_partnership

pytestmark = pytest.mark.django_db

PERSONAS = ["partner", "sumedang_officer", "indonesia_nr", "thailand_nr", "secretariat", "anonymous"]
FINANCING = {
    "stage": "committed",
    "instrument": "grant",
    "amount": "1000",
    "currency": "USD",
    "on_date": "2025-02-03",
    "evidence": "Agreement signed",
}


def _draft(p):
    return make_opportunity(p["sumedang_officer"])


def _submitted(p):
    return make_opportunity(p["sumedang_officer"], state="submitted")


def _published(p):
    return make_opportunity(p["sumedang_officer"], state="published", nr=p["indonesia_nr"])


def _interest(p):
    opportunity = _published(p)
    return services.express_interest(actor=p["partner"], opportunity=opportunity, message="Interested")


def _partnership(p):
    return make_partnership(p["secretariat"], members=[Member.objects.get(slug="sumedang")])


def _financing_row(p):
    partnership = _partnership(p)
    return services.record_financing(actor=p["secretariat"], parent=partnership, data=FINANCING)


# name: (setup(personas) -> object or None, method, path(obj), body, {persona: expected status})
CASES = {
    "create opportunity": (
        lambda p: None,
        "post",
        lambda o: "/api/v1/opportunities",
        {**OPPORTUNITY, "project": "wa-kepo"},
        {"partner": 403, "sumedang_officer": 201, "indonesia_nr": 201, "thailand_nr": 403, "secretariat": 201},
    ),
    "edit a draft": (
        _draft,
        "patch",
        lambda o: f"/api/v1/opportunities/{o.pk}",
        {"title": "Bigger desk"},
        {"partner": 404, "sumedang_officer": 200, "indonesia_nr": 200, "thailand_nr": 404, "secretariat": 200},
    ),
    "submit": (
        _draft,
        "post",
        lambda o: f"/api/v1/opportunities/{o.pk}/review",
        {"action": "submit"},
        {"partner": 404, "sumedang_officer": 200, "indonesia_nr": 200, "thailand_nr": 404, "secretariat": 200},
    ),
    "publish": (
        _submitted,
        "post",
        lambda o: f"/api/v1/opportunities/{o.pk}/review",
        {"action": "publish"},
        {"partner": 404, "sumedang_officer": 403, "indonesia_nr": 200, "thailand_nr": 404, "secretariat": 200},
    ),
    "return with a comment": (
        _submitted,
        "post",
        lambda o: f"/api/v1/opportunities/{o.pk}/review",
        {"action": "return", "comment": "Add costs"},
        {"partner": 404, "sumedang_officer": 403, "indonesia_nr": 200, "thailand_nr": 404, "secretariat": 200},
    ),
    "close": (
        _published,
        "post",
        lambda o: f"/api/v1/opportunities/{o.pk}/review",
        {"action": "close"},
        {"partner": 403, "sumedang_officer": 200, "indonesia_nr": 200, "thailand_nr": 403, "secretariat": 200},
    ),
    "express interest": (
        _published,
        "post",
        lambda o: f"/api/v1/opportunities/{o.pk}/interests",
        {"message": "We are interested"},
        {"partner": 201, "sumedang_officer": 403, "indonesia_nr": 403, "thailand_nr": 403, "secretariat": 403},
    ),
    "express interest in a draft": (
        _draft,
        "post",
        lambda o: f"/api/v1/opportunities/{o.pk}/interests",
        {"message": "We are interested"},
        {"partner": 404, "sumedang_officer": 403, "indonesia_nr": 403, "thailand_nr": 404, "secretariat": 403},
    ),
    "follow": (
        _published,
        "post",
        lambda o: f"/api/v1/opportunities/{o.pk}/follow",
        {},
        {"partner": 200, "sumedang_officer": 403, "indonesia_nr": 403, "thailand_nr": 403, "secretariat": 403},
    ),
    "follow a draft": (
        _draft,
        "post",
        lambda o: f"/api/v1/opportunities/{o.pk}/follow",
        {},
        {"partner": 404, "sumedang_officer": 403, "indonesia_nr": 403, "thailand_nr": 404, "secretariat": 403},
    ),
    "write in a conversation": (
        _interest,
        "post",
        lambda o: f"/api/v1/interests/{o.pk}/messages",
        {"message": "Let us meet"},
        {"partner": 201, "sumedang_officer": 201, "indonesia_nr": 201, "thailand_nr": 404, "secretariat": 201},
    ),
    "financing of an opportunity": (
        _published,
        "post",
        lambda o: f"/api/v1/opportunities/{o.pk}/financing",
        FINANCING,
        {"partner": 403, "sumedang_officer": 201, "indonesia_nr": 201, "thailand_nr": 403, "secretariat": 201},
    ),
    "create a partnership": (
        lambda p: None,
        "post",
        lambda o: "/api/v1/partnerships",
        {"title": "Lighting", "partner": "adb", "kind": "financing", "members": ["sumedang"]},
        {"partner": 201, "sumedang_officer": 201, "indonesia_nr": 201, "thailand_nr": 403, "secretariat": 201},
    ),
    "edit a partnership": (
        _partnership,
        "patch",
        lambda o: f"/api/v1/partnerships/{o.pk}",
        {"status": "completed"},
        {"partner": 200, "sumedang_officer": 200, "indonesia_nr": 200, "thailand_nr": 403, "secretariat": 200},
    ),
    "financing of a partnership": (
        _partnership,
        "post",
        lambda o: f"/api/v1/partnerships/{o.pk}/financing",
        FINANCING,
        {"partner": 201, "sumedang_officer": 201, "indonesia_nr": 201, "thailand_nr": 403, "secretariat": 201},
    ),
    "delete financing": (
        _financing_row,
        "delete",
        lambda o: f"/api/v1/financing/{o.pk}",
        None,
        {"partner": 204, "sumedang_officer": 204, "indonesia_nr": 204, "thailand_nr": 403, "secretariat": 204},
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", list(CASES))
def test_write_matrix(client, personas, case, persona):
    setup, method, path, body, expected = CASES[case]
    obj = setup(personas)
    user = personas[persona]
    if user is not None:
        client.force_login(user)
    before = ChangeEntry.objects.count()
    kwargs = {"content_type": "application/json"} if body is not None else {}
    response = getattr(client, method)(path(obj), body, **kwargs) if body is not None else client.delete(path(obj))
    want = expected.get(persona, 401)
    assert response.status_code == want, (case, persona, response.content)
    if want < 300:
        assert ChangeEntry.objects.count() > before
        entry = ChangeEntry.objects.order_by("-pk").first()
        assert entry.via == "api" and entry.actor == user
    else:
        assert ChangeEntry.objects.count() == before


def test_if_match_refuses_a_stale_write(client, personas):
    officer = personas["sumedang_officer"]
    opportunity = make_opportunity(officer)
    client.force_login(officer)
    etag = client.get(f"/api/v1/opportunities/{opportunity.pk}").headers["ETag"]
    first = client.patch(
        f"/api/v1/opportunities/{opportunity.pk}", {"title": "One"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200 and first.headers["ETag"] != etag
    stale = client.patch(
        f"/api/v1/opportunities/{opportunity.pk}", {"title": "Two"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    partnership = make_partnership(personas["secretariat"], members=[Member.objects.get(slug="sumedang")])
    tag = client.get(f"/api/v1/partnerships/{partnership.pk}").headers["ETag"]
    assert (
        client.patch(
            f"/api/v1/partnerships/{partnership.pk}",
            {"status": "completed"},
            content_type="application/json",
            HTTP_IF_MATCH=tag,
        ).status_code
        == 200
    )
    assert (
        client.patch(
            f"/api/v1/partnerships/{partnership.pk}",
            {"status": "ended"},
            content_type="application/json",
            HTTP_IF_MATCH=tag,
        ).status_code
        == 412
    )


def test_a_step_in_the_wrong_state_is_a_conflict(client, personas):
    opportunity = make_opportunity(personas["sumedang_officer"])
    client.force_login(personas["indonesia_nr"])
    response = client.post(
        f"/api/v1/opportunities/{opportunity.pk}/review", {"action": "publish"}, content_type="application/json"
    )
    assert response.status_code == 409


def test_a_partner_never_sees_another_partners_partnership_conversation_or_drafts(client, personas):
    other = Organisation.objects.get(slug="jbic")
    assert other.kind == "partner"
    interest = _interest(personas)
    from tests.personas import make_user

    client.force_login(make_user("x@jbic.example", "jbic"))
    assert client.get("/api/v1/interests").json() == {"items": [], "count": 0}
    assert client.get(f"/api/v1/interests/{interest.pk}").status_code == 404
    assert client.get(f"/partnerships/interests/{interest.pk}/").status_code == 404
