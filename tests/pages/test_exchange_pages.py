"""The exchange's pages: challenges list, filters and CSV, a challenge, posting and classifying, the member
page's open challenges, requests sent and answered in pages, follows, "My work"."""

import csv
import io

import pytest
from django.core import mail

from hub.exchange.models import Challenge, CollaborationRequest, Follow
from tests.pages.helpers import section, text
from tests.services.test_exchange_support import make_challenge, make_request
from tests.services.test_monitoring_support import accepted

pytestmark = pytest.mark.django_db


def test_the_list_shows_public_challenges_with_the_apis_filters(client, personas):
    make_challenge(personas["sumedang_officer"], published=True)
    make_challenge(personas["sumedang_officer"], title="Secret draft")
    response = client.get("/challenges/")
    html = text(response)
    assert response.status_code == 200
    assert "Banjir rob di pesisir" in html and "Secret draft" not in html
    assert client.get("/challenges/", {"help": "funding"}).context["paginator"].count == 0
    bad = client.get("/challenges/", {"min_severity": "9", "country": "TOOLONG"})
    assert bad.status_code == 400 and "At least this severity" in text(bad)
    officer = client
    officer.force_login(personas["sumedang_officer"])
    assert "Secret draft" in text(officer.get("/challenges/"))


def test_the_csv_neutralises_formulas(client, personas):
    make_challenge(personas["sumedang_officer"], published=True, title='=HYPERLINK("http://evil")', text="+1-2")
    response = client.get("/challenges/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["id", "title", "member_slug"]
    assert rows[1][1] == '\'=HYPERLINK("http://evil")' and rows[1][rows[0].index("text")] == "'+1-2"
    assert client.get("/challenges/export.csv", {"status": "nope"}).status_code == 400


def test_a_draft_page_is_404_to_the_public_and_shows_its_similar_slot_to_readers(client, personas):
    challenge = make_challenge(personas["sumedang_officer"])
    assert client.get(challenge.get_absolute_url()).status_code == 404
    client.force_login(personas["indonesia_nr"])
    html = text(client.get(challenge.get_absolute_url()))
    assert 'id="similar-elsewhere"' in html and 'id="not-published"' in html
    assert "Edit this challenge" in html


def test_an_officer_posts_a_challenge_in_the_form(client, personas):
    client.force_login(personas["sumedang_officer"])
    assert client.get("/challenges/new/").status_code == 200
    bad = client.post("/challenges/new/", {"title": "", "text": "x", "language": "en", "severity": "2"})
    assert bad.status_code == 400 and not Challenge.objects.exists()
    response = client.post(
        "/challenges/new/",
        {
            "member": personas["sumedang_officer"].organisation.member_id,
            "title": "Elderly citizens do not use online services",
            "text": "Few elderly citizens use WA KEPO.",
            "language": "en",
            "focus_areas": ["civic-social"],
            "severity": "3",
            "wants_partner": "on",
            "status": "open",
            "published": "on",
        },
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"] == challenge.get_absolute_url()
    assert challenge.published and challenge.help_wanted == ["partner"]


def test_the_nr_sees_only_the_classification_fields(client, personas):
    challenge = make_challenge(personas["sumedang_officer"])
    client.force_login(personas["indonesia_nr"])
    form = client.get(f"/challenges/{challenge.pk}/edit/").context["form"]
    assert set(form.fields) == {
        "focus_areas",
        "severity",
        "wants_knowledge",
        "wants_partner",
        "wants_funding",
        "version",
    }
    response = client.post(
        f"/challenges/{challenge.pk}/edit/",
        {"focus_areas": ["built-infrastructure"], "severity": "4", "version": challenge.version},
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.severity == 4 and not challenge.wants_knowledge
    client.force_login(personas["bangkok_officer"])
    assert client.get(f"/challenges/{challenge.pk}/edit/").status_code == 404  # a draft it may not read


def test_the_member_page_shows_its_open_challenges(client, personas):
    accepted(personas, challenges="Few citizens report through the app")
    html = text(client.get("/members/sumedang/"))
    assert "Few citizens report through the app" in section(html, "member-challenges")


def test_a_request_sent_and_accepted_in_pages(client, personas, django_capture_on_commit_callbacks):
    challenge = make_challenge(personas["bangkok_officer"], "bangkok", published=True)
    client.force_login(personas["bangkok_officer"])
    html = text(client.get(challenge.get_absolute_url()))
    assert f"/collaborations/requests/new/?challenge={challenge.pk}" in html
    form_page = client.get(f"/collaborations/requests/new/?challenge={challenge.pk}")
    assert form_page.context["form"].initial["subject"] == challenge.title
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/collaborations/requests/new/?challenge={challenge.pk}",
            {
                "from_member": challenge.member_id,
                "to_member": personas["sumedang_officer"].organisation.member_id,
                "kind": "study_visit",
                "subject": "Visit your coastal drains",
                "message": "May we visit?",
            },
        )
    request = CollaborationRequest.objects.get()
    assert response.status_code == 302 and request.challenge == challenge
    assert mail.outbox[-1].to == ["officer@sumedang.example"]
    # The sender cannot accept its own request; the other side can.
    assert client.post(request.get_absolute_url(), {"action": "accept"}).status_code == 403
    client.force_login(personas["sumedang_officer"])
    page = client.get(request.get_absolute_url())
    assert "Accept: start the collaboration" in text(page)
    assert client.post(request.get_absolute_url(), {"action": "decline", "reply": ""}).status_code == 400
    done = client.post(request.get_absolute_url(), {"action": "accept", "reply": "Welcome", "version": 1})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.state == "accepted" and request.collaboration is not None
    assert client.get(request.collaboration.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(request.get_absolute_url()).status_code == 302  # sign in first
    client.force_login(personas["partner"])
    assert client.get(request.get_absolute_url()).status_code == 404


def test_my_work_lists_open_challenges_and_pending_requests(client, personas):
    make_challenge(personas["sumedang_officer"], title="Our own open one")
    make_request(personas["bangkok_officer"], "bangkok", "sumedang", subject="Incoming ask")
    make_request(personas["sumedang_officer"], "sumedang", "makassar", subject="Outgoing ask")
    client.force_login(personas["sumedang_officer"])
    html = text(client.get("/accounts/me/"))
    assert "Our own open one" in section(html, "tasks-open_challenges")
    assert "Incoming ask" in section(html, "tasks-requests_incoming")
    assert "Outgoing ask" in section(html, "tasks-requests_outgoing")
    client.force_login(personas["partner"])
    assert 'id="tasks-' not in text(client.get("/accounts/me/"))


def test_follow_from_a_page_and_refusal_of_a_private_thing(client, personas):
    client.force_login(personas["bangkok_officer"])
    response = client.post("/follows/add/", {"kind": "member", "key": "sumedang", "next": "/members/sumedang/"})
    assert response.status_code == 302 and response["Location"] == "/members/sumedang/"
    assert "You follow this." in text(client.get("/members/sumedang/"))
    draft = make_challenge(personas["sumedang_officer"])
    for key in (draft.pk, 999999):
        response = client.post("/follows/add/", {"kind": "challenge", "key": key}, follow=True)
        assert "There is nothing of that kind to follow with this key." in text(response)
    assert list(Follow.objects.values_list("kind", flat=True)) == ["member"]
    page = client.get("/follows/")
    assert "Sumedang" in section(text(page), "follow-list")
    client.post(f"/follows/{Follow.objects.get().pk}/delete/")
    assert not Follow.objects.exists()


def test_a_project_page_offers_officers_to_ask_its_member(client, personas):
    from tests.services.test_monitoring_support import wa_kepo

    project = wa_kepo()
    client.force_login(personas["bangkok_officer"])
    html = text(client.get(project.get_absolute_url()))
    assert f"/collaborations/requests/new/?project={project.slug}" in html
    form = client.get(f"/collaborations/requests/new/?project={project.slug}").context["form"]
    assert form.initial["to_member"] == project.member_id and form.initial["subject"] == project.title
    client.force_login(personas["partner"])
    assert "ask-about-project" not in text(client.get(project.get_absolute_url()))


def test_list_pages_cost_the_same_queries_whatever_the_rows(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas["secretariat"])

    def counted() -> dict[str, int]:
        found = {}
        for url in ("/challenges/", "/challenges/export.csv", "/collaborations/requests/", "/collaborations/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found[url] = len(queries)
        return found

    def add(n: int) -> None:
        from hub.exchange import services as exchange

        for i in range(n):
            made = make_request(personas["bangkok_officer"], "bangkok", "sumedang", subject=f"Ask {i}")
            exchange.accept_request(actor=personas["sumedang_officer"], request=made)
            make_challenge(personas["sumedang_officer"], published=True, title=f"Challenge {i}")

    add(2)
    few = counted()
    add(6)
    assert counted() == few


def test_the_admin_lists_the_exchange(client, personas):
    from tests.personas import make_user

    make_challenge(personas["sumedang_officer"])
    make_request(personas["bangkok_officer"])
    operator = make_user("root@example.org", is_superuser=True, is_staff=True)
    client.force_login(operator)
    for name in ("challenge", "collaborationrequest", "collaboration", "follow", "digestsent"):
        assert client.get(f"/admin/exchange/{name}/").status_code == 200, name
    challenge = Challenge.objects.get()
    assert client.get(f"/admin/exchange/challenge/{challenge.pk}/change/").status_code == 200
