"""The e-mail digest: what changed in what one follows, once per period, safe to repeat, and the
one-click unsubscribe that works without signing in."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.utils import timezone

from hub.exchange import services
from hub.exchange.digest import send_digests
from hub.exchange.models import DigestSent, DigestSubscription
from hub.exchange.services.follows import UNSUBSCRIBE_SALT
from tests.services.test_exchange_support import make_challenge, make_request
from tests.services.test_monitoring_support import accepted, wa_kepo

pytestmark = pytest.mark.django_db


def run(period: str) -> str:
    out = io.StringIO()
    call_command("senddigests", "--period", period, stdout=out)
    return out.getvalue()


def test_a_weekly_digest_of_what_changed_sent_once(personas):
    follower = personas["partner"]
    services.follow(user=follower, kind="member", key="sumedang")
    accepted(personas, challenges="Few elderly citizens use the online services")
    make_challenge(personas["sumedang_officer"], title="Draft nobody else reads")
    assert "1 sent" in run("weekly")
    digest = mail.outbox[-1]
    assert digest.to == ["cities@adb.example"]
    assert "Accepted progress updates" in digest.body and "WA KEPO" in digest.body
    assert "Few elderly citizens use the online services" in digest.body
    assert "Draft nobody else reads" not in digest.body  # only what the follower may read
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Safe to run twice: nothing more this week, even with news.
    make_challenge(personas["sumedang_officer"], title="Later news", published=True)
    assert "0 sent, 1 already sent this period" in run("weekly")
    assert len(mail.outbox) == 1
    assert DigestSent.objects.count() == 1


def test_daily_only_for_those_who_chose_it_and_nothing_when_nothing_changed(personas):
    daily, weekly = personas["thailand_nr"], personas["partner"]
    for user in (daily, weekly):
        services.follow(user=user, kind="country", key="ID")
    services.set_digest_period(user=daily, period="daily")
    assert "0 sent" in run("daily")  # nothing changed yet
    make_request(personas["bangkok_officer"], "bangkok", "sumedang", subject="Ask about WA KEPO")
    make_challenge(personas["sumedang_officer"], title="Public news", published=True)
    assert "1 sent" in run("daily")
    body = mail.outbox[-1].body
    assert mail.outbox[-1].to == ["nr@mdes.example"]
    assert "Public news" in body and "Ask about WA KEPO" in body  # Thailand's NR reads the request
    assert "1 sent" in run("weekly")
    assert "Ask about WA KEPO" not in mail.outbox[-1].body  # the partner may not read the request
    assert "Public news" in mail.outbox[-1].body


def test_the_next_period_starts_where_the_last_digest_ended(personas):
    follower = personas["partner"]
    services.follow(user=follower, kind="member", key="sumedang")
    services.set_digest_period(user=follower, period="daily")
    make_challenge(personas["sumedang_officer"], title="First news", published=True)
    assert send_digests("daily")["sent"] == 1
    make_challenge(personas["sumedang_officer"], title="Second news", published=True)
    counts = send_digests("daily", now=timezone.now() + timedelta(days=1))
    assert counts["sent"] == 1
    assert "Second news" in mail.outbox[-1].body and "First news" not in mail.outbox[-1].body


def test_a_failed_send_is_retried_by_the_next_run(personas, settings):
    services.follow(user=personas["partner"], kind="member", key="sumedang")
    make_challenge(personas["sumedang_officer"], title="News", published=True)
    settings.EMAIL_BACKEND = "tests.commands.test_senddigests.BrokenBackend"
    assert send_digests("weekly")["failed"] == 1 and not DigestSent.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_digests("weekly")["sent"] == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")


def test_one_click_unsubscribe_without_signing_in(client, personas):
    services.follow(user=personas["partner"], kind="member", key="sumedang")
    make_challenge(personas["sumedang_officer"], title="News", published=True)
    run("weekly")
    link = re.search(r"https?://\S+/digest/unsubscribe/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200 and 'id="unsubscribed"' in response.content.decode()
    assert DigestSubscription.objects.get(user=personas["partner"]).period == "none"
    # Mail clients' one-click POST (RFC 8058) works too, without a CSRF token.
    assert client.post("/" + path).status_code == 200
    tampered = client.get("/" + path.replace("/unsubscribe/", "/unsubscribe/x"))
    assert tampered.status_code == 400


def test_an_expired_link_does_nothing(client, personas, monkeypatch):
    user = personas["partner"]
    token = signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)
    monkeypatch.setattr("hub.exchange.services.follows.UNSUBSCRIBE_MAX_AGE_DAYS", -1)
    response = client.get(f"/digest/unsubscribe/{token}/")
    assert response.status_code == 400 and 'id="unsubscribe-failed"' in response.content.decode()
    assert not DigestSubscription.objects.filter(user=user).exists()


def test_following_a_private_thing_is_refused_as_if_it_did_not_exist(client, personas):
    from hub.accounts.tokens import create_token

    draft = make_challenge(personas["sumedang_officer"])
    token = create_token(user=personas["partner"], name="t", can_write=True)[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    private = client.post(
        "/api/v1/follows", {"kind": "challenge", "key": str(draft.pk)}, content_type="application/json", **auth
    )
    missing = client.post(
        "/api/v1/follows", {"kind": "challenge", "key": "999999"}, content_type="application/json", **auth
    )
    assert private.status_code == missing.status_code == 404
    assert private.json() == missing.json()
    project = wa_kepo().slug
    ok = client.post("/api/v1/follows", {"kind": "project", "key": project}, content_type="application/json", **auth)
    assert ok.status_code == 201 and ok.json()["key"] == project
    country = client.post("/api/v1/follows", {"kind": "country", "key": "th"}, content_type="application/json", **auth)
    assert country.status_code == 201 and country.json()["key"] == "TH"
    again = client.post("/api/v1/follows", {"kind": "country", "key": "TH"}, content_type="application/json", **auth)
    assert again.status_code == 200
    listed = client.get("/api/v1/follows", **auth).json()
    assert "TH" in [f["key"] for f in listed]
    assert client.delete(f"/api/v1/follows/{country.json()['id']}", **auth).status_code == 204
    assert (
        client.post("/api/v1/follows", {"kind": "country", "key": "TH"}, content_type="application/json").status_code
        == 401
    )


def test_meeting_decisions_of_a_followed_country_public_meetings_only(personas):
    from hub.meetings import services as meetings
    from hub.network.models import Country
    from tests.services.test_meetings_factories import make_item, make_meeting

    organiser = personas["indonesia_nr"]  # national meetings are its country's NR's
    services.follow(user=personas["partner"], kind="country", key="ID")
    indonesia = Country.objects.get(code="ID")
    national = {"scope": "national", "country": indonesia}
    public = make_item(organiser, make_meeting(organiser, title="Jakarta coordination", **national))
    restricted = make_item(organiser, make_meeting(organiser, title="Closed", visibility="restricted", **national))
    for item, text in ((public, "Sumedang hosts the next study visit"), (restricted, "A closed-door decision")):
        meetings.record_outcome(actor=organiser, item=item, data={"kind": "decision", "text": text}, via="test")
    assert "1 sent" in run("weekly")
    body = mail.outbox[-1].body
    assert "Meeting decisions" in body and "Sumedang hosts the next study visit" in body
    assert "A closed-door decision" not in body


def test_new_matches_for_my_members_challenges_once_per_period(personas):
    from hub.projects.models import Project
    from hub.search.matchindex import reset_index
    from tests.api.test_search_api import make_project

    reset_index()
    officer = personas["sumedang_officer"]
    services.follow(user=officer, kind="member", key="bangkok")  # digests go to people who follow something
    make_challenge(officer, title="Tidal floods at the coastal markets", published=True)
    text = "Tidal floods reach the coastal markets every rainy season; wider drains now cope with them."
    old = make_project("old-drains", "Coastal market drains", text, member="makassar", areas=("quality-environment",))
    long_ago = timezone.now() - timedelta(days=30)
    Project.objects.filter(pk=old.pk).update(created_at=long_ago, updated_at=long_ago)
    make_project("bangkok-drains", "Tidal flood drains for the markets", text, member="bangkok")
    make_project("own-drains", "Our own coastal market drains", text, member="sumedang")
    assert send_digests("weekly")["sent"] == 1
    body = mail.outbox[-1].body
    matches = body.split("== New matches for your challenges ==")[1].split("\n== ")[0]
    assert "Tidal flood drains for the markets (Bangkok" in matches
    assert "matches your challenge: Tidal floods at the coastal markets" in matches
    assert "/projects/bangkok-drains/" in matches
    assert "Coastal market drains" not in matches  # unchanged since long before this period
    assert "Our own coastal market drains" not in matches  # never the member's own
    # Once per period; the next one reports only what is new since.
    assert send_digests("weekly")["already"] == 1
    assert send_digests("weekly", now=timezone.now() + timedelta(days=7))["empty"] == 1
    reset_index()
