"""The partnerships API: lists, the opportunity chain through the National Representative, expressions of
interest and the conversation, financing with conversion, and the investment figures."""

from __future__ import annotations

import pytest
from django.core import mail

from hub.core.models import ChangeEntry
from hub.partnerships.models import Financing
from hub.partnerships.models_opportunities import Interest, Opportunity
from tests.partnerships_factories import OPPORTUNITY, make_opportunity

pytestmark = pytest.mark.django_db


def as_(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def test_programmes_load_with_sources(client):
    body = client.get("/api/v1/programmes?limit=100").json()
    slugs = {p["slug"]: p for p in body["items"]}
    assert body["count"] == len(body["items"]) >= 9
    for key in ("aasctf", "usascp", "smart-jamp", "asean-japan-hlm", "jasca", "korea-aspp"):
        assert slugs[key]["provenance"]["sources"], key
    assert slugs["aasctf"]["envelope_amount"] == "20000000.00"
    assert slugs["aasctf"]["envelope_currency"] == "AUD"
    assert [o["slug"] for o in slugs["aasctf"]["organisations"]] == ["adb", "dfat"]
    assert slugs["smart-jamp"]["projects"][0]["slug"] == "smart-kampung"
    assert slugs["asean-china"]["provenance"]["confidence"] == "low"


def test_opportunity_chain_interest_and_answer_through_the_api(client, personas, django_capture_on_commit_callbacks):
    officer, nr, partner = personas["sumedang_officer"], personas["indonesia_nr"], personas["partner"]
    response = as_(client, officer).post(
        "/api/v1/opportunities", {**OPPORTUNITY, "project": "wa-kepo"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    created = response.json()
    pk, etag = created["id"], response.headers["ETag"]
    assert created["state"] == "draft"
    # 15,855,000,000 IDR at the stored 2024 or later rate: the USD amount and its rate come back with it.
    assert created["usd_rate_date"] and created["amount_usd"] == f"{created['amount_usd']}"

    # A partner never sees a draft, in the list or by its id, and cannot write to it.
    as_(client, partner)
    assert client.get("/api/v1/opportunities").json()["count"] == 0
    assert client.get(f"/api/v1/opportunities/{pk}").status_code == 404
    refused = client.post(f"/api/v1/opportunities/{pk}/interests", {"message": "Hi"}, content_type="application/json")
    assert refused.status_code == 404
    assert not Interest.objects.exists()

    as_(client, officer)
    step = client.post(
        f"/api/v1/opportunities/{pk}/review", {"action": "submit"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert step.status_code == 200, step.content
    # The officer cannot publish its own opportunity: that is its National Representative's.
    denied = client.post(f"/api/v1/opportunities/{pk}/review", {"action": "publish"}, content_type="application/json")
    assert denied.status_code == 403
    # Thailand's NR may not either.
    as_(client, personas["thailand_nr"])
    assert client.post(
        f"/api/v1/opportunities/{pk}/review", {"action": "publish"}, content_type="application/json"
    ).status_code in (403, 404)
    mail.outbox.clear()
    as_(client, nr)
    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(
            f"/api/v1/opportunities/{pk}/review", {"action": "publish"}, content_type="application/json"
        )
    assert published.status_code == 200 and published.json()["state"] == "published"
    assert any("Published" in m.subject for m in mail.outbox)

    as_(client, partner)
    listed = client.get("/api/v1/opportunities?country=ID&instrument=grant&stage=feasibility").json()
    assert [o["id"] for o in listed["items"]] == [pk]
    assert client.get("/api/v1/opportunities?instrument=loan").json()["count"] == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        eoi = client.post(
            f"/api/v1/opportunities/{pk}/interests",
            {"message": "ADB could co-finance."},
            content_type="application/json",
        )
    assert eoi.status_code == 201, eoi.content
    interest_id = eoi.json()["id"]
    notice = mail.outbox[-1]
    assert "kominfo@sumedang.example" in notice.to
    # An absolute link made from the request's address, as invitations make theirs; not the message itself.
    assert f"http://testserver/partnerships/interests/{interest_id}/" in notice.body
    assert "co-finance" not in notice.body

    as_(client, officer)
    answer = client.post(
        f"/api/v1/interests/{interest_id}/messages",
        {"message": "Welcome: let us meet."},
        content_type="application/json",
    )
    assert answer.status_code == 201
    thread = client.get(f"/api/v1/interests/{interest_id}").json()
    assert [m["from_partner"] for m in thread["messages"]] == [True, False]
    assert thread["state"] == "answered"
    # Another partner sees nothing of this conversation.
    from tests.personas import make_user

    other = make_user("deals@jbic.example", "jbic")
    as_(client, other)
    assert client.get(f"/api/v1/interests/{interest_id}").status_code == 404
    assert client.get("/api/v1/interests").json()["count"] == 0
    assert (
        client.post(
            f"/api/v1/interests/{interest_id}/messages", {"message": "Me too"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_bad_money_gets_field_messages_and_writes_nothing(client, personas):
    as_(client, personas["sumedang_officer"])
    before = ChangeEntry.objects.count()
    for field, value, words in [
        ("amount", "-5", "negative"),
        ("amount", "1e20", "larger"),
        ("amount", "ten", "not a number"),
        ("currency", "XYZ", "Unknown currency"),
        ("instrument", "gift", "valid choice"),
    ]:
        response = client.post(
            "/api/v1/opportunities",
            {**OPPORTUNITY, "project": "wa-kepo", field: value},
            content_type="application/json",
        )
        assert response.status_code == 422, (field, response.content)
        detail = response.json()["detail"]
        assert any(d["loc"][-1] == field and words in d["msg"] for d in detail), detail
    assert Opportunity.objects.count() == 0
    assert ChangeEntry.objects.count() == before


def test_financing_conversion_disbursed_above_committed_and_rate_missing(client, personas):
    officer = personas["sumedang_officer"]
    opportunity = make_opportunity(officer, state="published", nr=personas["indonesia_nr"])
    as_(client, officer)
    url = f"/api/v1/opportunities/{opportunity.pk}/financing"
    row = {
        "stage": "committed",
        "instrument": "grant",
        "amount": "1000000.00",
        "currency": "IDR",
        "on_date": "2024-03-01",
        "evidence": "Grant letter no. 12",
    }
    ok = client.post(url, row, content_type="application/json")
    assert ok.status_code == 201, ok.content
    # 1,000,000 IDR at 15,855 per USD (2024's stored rate) = 63.0715... -> 63.07, rate and its date kept.
    assert ok.json()["amount_usd"] == "63.07"
    assert ok.json()["rate_units_per_usd"] == "15855"
    assert ok.json()["rate_date"] == "2024-01-01"

    too_much = client.post(url, {**row, "stage": "disbursed", "amount": "2000000"}, content_type="application/json")
    assert too_much.status_code == 422
    assert "above committed" in too_much.json()["detail"][0]["msg"]
    no_rate = client.post(url, {**row, "currency": "KHR"}, content_type="application/json")
    assert no_rate.status_code == 422 and "No exchange rate" in no_rate.json()["detail"][0]["msg"]
    early = client.post(url, {**row, "on_date": "2010-01-01"}, content_type="application/json")
    assert early.status_code == 422  # no IDR rate stored that early
    assert Financing.objects.filter(opportunity=opportunity).count() == 1

    as_(client, personas["partner"])
    assert client.post(url, row, content_type="application/json").status_code == 403


def test_investment_groups_add_up_to_the_total(client):
    for group_by in ("country", "member", "year", "instrument"):
        body = client.get(f"/api/v1/investment?group_by={group_by}&currency=USD").json()
        from decimal import Decimal

        for stage in ("committed", "secured", "disbursed"):
            assert sum(Decimal(g[stage]) for g in body["groups"]) == Decimal(body["total"][stage])
        assert body["total"]["committed"] == "10000000.00"
        assert body["total"]["disbursed"] == "0.00"


def test_candidate_assessment_through_the_api(client, personas):
    from tests.services.test_meetings_factories import make_candidate

    candidate = make_candidate(personas["secretariat"], slug="apiville")
    body = {
        "member": "apiville",
        "title": "Apiville 2025",
        "assessed_on": "2025-04-01",
        "criteria": [{"criterion": "Open data", "score": 5, "evidence": "portal"}],
    }
    for name, status in (("partner", 403), ("sumedang_officer", 403), ("thailand_nr", 403), ("anonymous", 401)):
        as_(client, personas[name])
        assert client.post("/api/v1/assessments", body, content_type="application/json").status_code == status
    as_(client, personas["indonesia_nr"])
    bad = client.post("/api/v1/assessments", {**body, "criteria": []}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "criteria"
    created = client.post("/api/v1/assessments", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk, etag = created.json()["id"], created.headers["ETag"]
    as_(client, None)
    assert client.get("/api/v1/assessments").json()["count"] == 0  # a draft is not public
    as_(client, personas["indonesia_nr"])
    nominated = client.post(
        f"/api/v1/assessments/{pk}/nomination",
        {"recommendation": "recommend", "text": "Ready."},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert nominated.status_code == 200 and nominated.json()["state"] == "nominated"
    stale = client.post(
        f"/api/v1/assessments/{pk}/nomination",
        {"recommendation": "recommend", "text": "Again"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert stale.status_code == 412
    as_(client, None)
    listed = client.get("/api/v1/assessments").json()
    assert listed["count"] == 1 and listed["items"][0]["admitted_by"] is None
    assert candidate.slug == listed["items"][0]["member"]


def test_a_nul_character_is_a_field_message_not_a_server_error(client, personas):
    """PostgreSQL cannot store NUL; SQLite would: both answer 422 at the field."""
    as_(client, personas["sumedang_officer"])
    response = client.post(
        "/api/v1/opportunities",
        {**OPPORTUNITY, "project": "wa-kepo", "title": "Desk\u0000"},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "title"
    response = client.post(
        "/api/v1/partnerships",
        {"title": "X", "partner": "adb", "kind": "training", "members": ["sumedang"], "description": "a\u0000b"},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "description"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/opportunities?q=a%00b", 422),
        ("/api/v1/partnerships?partner=a%00", 422),
        ("/api/v1/programmes/a%00b", 422),  # the request guard names the path
        ("/partnerships/opportunities/?q=%00", 400),
        ("/api/v1/investment?country=%00", 422),
    ],
)
def test_a_nul_in_a_filter_is_refused_not_a_server_error(client, url, status):
    assert client.get(url).status_code == status
