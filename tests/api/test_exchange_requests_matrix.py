"""Collaboration requests: who may read and who may make each step, persona by persona, through the API;
then the state changes: an acceptance starts a collaboration, every step is logged, the other side is told.

The request goes from Bangkok to Chiang Mai (both in Thailand), so that the Shepherd (Indonesia's
Kemendagri, also Indonesia's National Representative) sees it only as the Shepherd, and not once its
term has ended.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hub.accounts.permissions import scope_for
from hub.accounts.tokens import create_token
from hub.core.models import ChangeEntry
from hub.exchange.models import Collaboration, CollaborationRequest
from hub.network import services as registry
from hub.network.models import Member, RoleTerm
from tests.personas import PERSONAS, make_user
from tests.services.test_exchange_support import make_challenge, make_request, officer_of

pytestmark = pytest.mark.django_db

PERSONA_NAMES = [
    "asking_officer",  # Bangkok's officer
    "asked_officer",  # Chiang Mai's officer
    "other_officer",  # Sumedang's officer: neither side
    "thailand_nr",  # both sides' National Representative
    "shepherd",  # Indonesia's Kemendagri, Shepherd in its term
    "shepherd_after",  # the same, the day after its term ended
    "secretariat",
    "partner",
    "anonymous",
]
READERS = {"asking_officer", "asked_officer", "thailand_nr", "shepherd", "secretariat"}
ALLOWED = {"send": {"asking_officer"}, "withdraw": {"asking_officer"}, "accept": {"asked_officer"}}
ALLOWED["decline"] = ALLOWED["accept"]


def actor(persona: str):
    if persona == "anonymous":
        return None
    if persona == "asking_officer":
        return make_user("officer@bangkok.example", "gov-bangkok", password=None)
    if persona == "asked_officer":
        return officer_of("chiang-mai")
    if persona == "other_officer":
        return make_user("officer@sumedang.example", "gov-sumedang", password=None)
    if persona.startswith("shepherd"):
        user = make_user("shepherd@kemendagri.example", "kemendagri-bina-adwil", password=None)
        if persona == "shepherd_after":
            keeper = make_user("keeper@asean.example", "asean-secretariat-connectivity-division", password=None)
            registry.update_role_term(
                actor=keeper,
                term=RoleTerm.objects.held_on(timezone.localdate()).get(role="shepherd"),  # Indonesia, re-elected 2025
                data={"end_date": timezone.localdate() - timedelta(days=1), "end_precision": "day"},
            )
        assert scope_for(user).shepherd is (persona == "shepherd")
        return user
    email, organisation = PERSONAS[persona]
    return make_user(email, organisation, password=None)


def headers(user) -> dict:
    if user is None:
        return {}
    return {"HTTP_AUTHORIZATION": "Bearer " + create_token(user=user, name="t", can_write=True)[1]}


def pending_request():
    sender = make_user("sender@bangkok.example", "gov-bangkok", password=None)
    return make_request(sender, "bangkok", "chiang-mai", subject="Flood sensors")


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_reads_a_request(client, persona):
    request = pending_request()
    user = actor(persona)
    response = client.get(f"/api/v1/collaboration-requests/{request.pk}", **headers(user))
    listed = client.get("/api/v1/collaboration-requests", **headers(user))
    if user is None:
        assert response.status_code == listed.status_code == 401
        return
    assert response.status_code == (200 if persona in READERS else 404)
    assert (request.pk in [r["id"] for r in listed.json()["items"]]) is (persona in READERS)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_sends_a_request(client, persona):
    user = actor(persona)
    body = {"from_member": "bangkok", "to_member": "chiang-mai", "kind": "study_visit", "subject": "S", "message": "M"}
    response = client.post("/api/v1/collaboration-requests", body, content_type="application/json", **headers(user))
    expected = 201 if persona in ALLOWED["send"] else (401 if user is None else 403)
    assert response.status_code == expected, response.content
    assert CollaborationRequest.objects.exists() is (expected == 201)


@pytest.mark.parametrize("step", ["accept", "decline", "withdraw"])
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_answers_or_withdraws(client, persona, step):
    request = pending_request()
    user = actor(persona)
    url = f"/api/v1/collaboration-requests/{request.pk}/{step}"
    response = client.post(url, {"reply": "Thank you."}, content_type="application/json", **headers(user))
    if persona in ALLOWED[step]:
        expected = 200
    elif user is None:
        expected = 401
    else:
        expected = 403 if persona in READERS else 404
    assert response.status_code == expected, response.content
    request.refresh_from_db()
    assert (request.state != "pending") is (expected == 200)
    assert Collaboration.objects.exists() is (expected == 200 and step == "accept")


def test_an_accepted_request_starts_a_collaboration_logged_and_told(client, django_capture_on_commit_callbacks):
    sender = make_user("officer@bangkok.example", "gov-bangkok", password=None)
    receiver = officer_of("chiang-mai")
    challenge = make_challenge(sender, "bangkok", published=True)
    body = {
        "from_member": "bangkok",
        "to_member": "chiang-mai",
        "kind": "joint_project",
        "subject": "Flood sensors together",
        "message": "Shall we share one sensor network?",
        "challenge": challenge.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/api/v1/collaboration-requests", body, content_type="application/json", **headers(sender))
    assert sent.status_code == 201, sent.content
    told = mail.outbox[-1]
    assert told.to == ["officer@chiang-mai.example"] and "Flood sensors together" in told.subject
    assert (
        f"http://testserver/collaboration-requests/{sent.json()['id']}/".replace(
            "collaboration-requests", "collaborations/requests"
        )
        in told.body
    )
    url = f"/api/v1/collaboration-requests/{sent.json()['id']}"
    stale = client.post(
        url + "/accept",
        {},
        content_type="application/json",
        HTTP_IF_MATCH=f'"collaboration-request-{sent.json()["id"]}-v9"',
        **headers(receiver),
    )
    assert stale.status_code == 412
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(
            url + "/accept",
            {"reply": "Yes!"},
            content_type="application/json",
            HTTP_IF_MATCH=sent["ETag"],
            **headers(receiver),
        )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["state"] == "accepted"
    assert mail.outbox[-1].to == ["officer@bangkok.example"] and "Accepted" in mail.outbox[-1].subject
    collaboration = Collaboration.objects.get(pk=accepted.json()["collaboration"])
    assert {m.slug for m in collaboration.members.all()} == {"bangkok", "chiang-mai"}
    assert collaboration.challenge == challenge and collaboration.topic == "Flood sensors together"
    challenge.refresh_from_db()
    assert challenge.status == "addressed"
    request = CollaborationRequest.objects.get()
    assert list(ChangeEntry.objects.for_object(request).values_list("action", flat=True)) == ["transition", "create"]
    assert ChangeEntry.objects.for_object(collaboration).exists()
    again = client.post(url + "/decline", {"reply": "No"}, content_type="application/json", **headers(receiver))
    assert again.status_code == 409
    public = client.get("/api/v1/collaborations").json()
    assert [c["id"] for c in public["items"]] == [collaboration.pk]


def test_a_decline_needs_a_reply_and_the_asker_hears_it(client, django_capture_on_commit_callbacks):
    request = pending_request()
    receiver = officer_of("chiang-mai")
    url = f"/api/v1/collaboration-requests/{request.pk}/decline"
    empty = client.post(url, {"reply": " "}, content_type="application/json", **headers(receiver))
    assert empty.status_code == 422 and "reply" in str(empty.json())
    with django_capture_on_commit_callbacks(execute=True):
        declined = client.post(url, {"reply": "Not this year."}, content_type="application/json", **headers(receiver))
    assert declined.status_code == 200 and declined.json()["state"] == "declined"
    assert "Not this year." in mail.outbox[-1].body and mail.outbox[-1].to == ["sender@bangkok.example"]
    assert not Collaboration.objects.exists()


def test_a_request_to_ones_own_member_or_about_anothers_project_is_refused(client):
    sender = make_user("officer@bangkok.example", "gov-bangkok", password=None)
    base = {"from_member": "bangkok", "kind": "study_visit", "subject": "S", "message": "M"}
    own = client.post(
        "/api/v1/collaboration-requests",
        {**base, "to_member": "bangkok"},
        content_type="application/json",
        **headers(sender),
    )
    assert own.status_code == 422 and "to_member" in str(own.json())
    assert not CollaborationRequest.objects.exists()


def test_collaborations_started_in_a_cycle_are_in_the_report_data_and_page(client):
    from hub.monitoring.report.data import build
    from tests.services.test_monitoring_support import open_cycle

    cycle = open_cycle(timezone.localdate().year + (1 if timezone.localdate().month >= 10 else 0))
    request = pending_request()
    receiver = officer_of("chiang-mai")
    from hub.exchange import services

    services.accept_request(actor=receiver, request=request)
    lines = build(cycle).sections["exchange"].collaborations  # hub/exchange/report.py, a registered section
    assert [(line.topic, set(line.members)) for line in lines] == [("Flood sensors", {"Bangkok", "Chiang Mai"})]
    page = client.get(f"/monitoring/report/{cycle.slug}/")
    assert "Flood sensors" in page.content.decode()
    listed = client.get("/api/v1/collaborations", {"cycle": cycle.slug}).json()
    assert listed["count"] == 1
    assert client.get("/api/v1/collaborations", {"cycle": "1999-2000"}).json()["count"] == 0


def test_the_members_officers_keep_a_collaboration_current(client):
    from hub.exchange import services as exchange

    request = pending_request()
    receiver = officer_of("chiang-mai")
    collaboration = exchange.accept_request(actor=receiver, request=request).collaboration
    url = f"/api/v1/collaborations/{collaboration.pk}"
    etag = client.get(url)["ETag"]
    body = {"status": "completed", "end_date": timezone.localdate().isoformat()}
    for persona in ("other_officer", "thailand_nr", "partner"):
        refused = client.patch(url, body, content_type="application/json", **headers(actor(persona)))
        assert refused.status_code == 403, persona
    done = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag, **headers(receiver))
    assert done.status_code == 200 and done.json()["status"] == "completed"
    stale = client.patch(url, {"topic": "X"}, content_type="application/json", HTTP_IF_MATCH=etag, **headers(receiver))
    assert stale.status_code == 412
    early = client.patch(url, {"end_date": "2000-01-01"}, content_type="application/json", **headers(receiver))
    assert early.status_code == 422 and "end_date" in str(early.json())
    client.force_login(receiver)
    page = client.post(collaboration.get_absolute_url(), {"topic": "Sensors", "status": "active", "version": 99})
    assert page.status_code == 409


def test_a_third_member_joins_a_collaboration(client):
    from hub.exchange import services as exchange

    request = pending_request()
    receiver = officer_of("chiang-mai")
    collaboration = exchange.accept_request(actor=receiver, request=request).collaboration
    url = f"/api/v1/collaborations/{collaboration.pk}/members"
    refused = client.post(url, {"member": "phuket"}, content_type="application/json", **headers(actor("thailand_nr")))
    assert refused.status_code == 403
    joined = client.post(url, {"member": "phuket"}, content_type="application/json", **headers(receiver))
    assert joined.status_code == 200, joined.content
    assert {m["slug"] for m in joined.json()["members"]} == {"bangkok", "chiang-mai", "phuket"}
    twice = client.post(url, {"member": "phuket"}, content_type="application/json", **headers(receiver))
    assert twice.status_code == 422 and "member" in str(twice.json())
    nowhere = client.post(url, {"member": "atlantis"}, content_type="application/json", **headers(receiver))
    assert nowhere.status_code == 422
    assert ChangeEntry.objects.for_object(collaboration).filter(changes__has_key="members").count() >= 2
    client.force_login(receiver)
    collaboration.refresh_from_db()
    version = collaboration.version
    page = client.post(
        collaboration.get_absolute_url(),
        {
            "topic": "Sensors",
            "status": "active",
            "add_member": Member.objects.get(slug="rayong").pk,
            "version": version,
        },
    )
    assert page.status_code == 302
    assert collaboration.members.count() == 4
