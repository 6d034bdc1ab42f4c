"""Meeting pages: create a meeting with agenda, participants and a document; decisions and their
reversal; restricted meetings and documents; refusals; calendar and minutes; query counts."""

import re
import shutil
import subprocess
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from hub.meetings import services
from hub.meetings.models import AgendaItem, Delegation, Document, Meeting, Outcome, Participant
from hub.network.models import Country, Member, MembershipEvent, Organisation
from tests.pages.helpers import text
from tests.personas import make_user
from tests.services.test_meetings_factories import (
    annual_series,
    events_of,
    make_action,
    make_candidate,
    make_item,
    make_meeting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(settings, tmp_path):
    settings.MEETING_FILES_DIR = tmp_path
    return tmp_path


def test_the_list_shows_the_reference_meetings_with_filters(client):
    response = client.get("/meetings/")
    assert response.status_code == 200
    body = text(response)
    assert "7th ASCN Annual Meeting" in body and "Luang Prabang" in body
    assert "Rapat Koordinasi" in body
    filtered = client.get("/meetings/", {"kind": "coordination"})
    assert [m.title for m in filtered.context["page_obj"]] == [
        "ASCN coordination meeting of Ditjen Bina Adwil (Rapat Koordinasi), Jakarta"
    ]
    assert client.get("/meetings/", {"year": "soon"}).status_code == 400


def test_the_7th_meeting_page_shows_its_place_sources_and_the_other_reading(client):
    meeting = Meeting.objects.get(ref_key="meeting:annual-7")
    body = text(client.get(meeting.get_absolute_url()))
    assert "Luang Prabang, Lao PDR" in body
    assert "Dr Viengnam Douangphachanh" in body
    assert "pacis.unpar.ac.id" in body
    assert "Other reading:" in body and "Vientiane" in body


def test_the_jakarta_meeting_lists_the_four_programmes_with_their_members(client):
    meeting = Meeting.objects.get(ref_key="meeting:id-coordination-2024-06")
    body = text(client.get(meeting.get_absolute_url()))
    for programme in ("JAKI", "Homestay Naik Kelas", "Dottoro&#x27;ta", "WA KEPO"):
        assert programme in body
    for member in ("DKI Jakarta", "Banyuwangi", "Makassar", "Sumedang"):
        assert f">{member}</a>" in body
    assert "antaranews.com" in body


def test_an_organiser_creates_a_meeting_with_agenda_participants_and_a_document(client, personas, files):
    secretariat = personas["secretariat"]
    client.force_login(secretariat)
    response = client.post(
        "/meetings/new/",
        {
            "title": "ASCN Working Group on Financing",
            "kind": "workshop",
            "scope": "network",
            "start_date": "2026-04-14",
            "end_date": "2026-04-15",
            "start_time": "09:00",
            "end_time": "17:00",
            "timezone": "Asia/Jakarta",
            "format": "hybrid",
            "city": "Jakarta",
            "venue_country": Country.objects.get(code="ID").pk,
            "online_url": "https://meet.example.org/ascn",
            "visibility": "restricted",
            "confidence": "high",
            "sources": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    meeting = Meeting.objects.get(title="ASCN Working Group on Financing")
    assert response["Location"] == meeting.get_absolute_url()

    response = client.post(
        f"/meetings/{meeting.pk}/agenda/new/",
        {
            "title": "Investment toolkit",
            "day": "2026-04-14",
            "start_time": "10:00",
            "duration_minutes": "45",
            "presenter": "Access Partnership",
            "members": [Member.objects.get(slug="sumedang").pk],
        },
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert list(item.members.values_list("slug", flat=True)) == ["sumedang"]

    response = client.post(
        f"/meetings/{meeting.pk}/delegations/new/",
        {"kind": "member", "member": Member.objects.get(slug="sumedang").pk, "status": "invited"},
    )
    assert response.status_code == 302
    partner = make_user("analyst@adb.example", "adb")
    response = client.post(
        f"/meetings/{meeting.pk}/participants/new/",
        {"name": "", "email": partner.email, "position": "Urban analyst", "status": "attending"},
    )
    assert response.status_code == 302, response.context["form"].errors
    response = client.post(
        f"/meetings/{meeting.pk}/documents/new/",
        {
            "title": "Toolkit draft",
            "agenda_item": item.pk,
            "restricted": "on",
            "file": SimpleUploadedFile("toolkit.csv", b"city,need\nSumedang,grant\n"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors

    page = text(client.get(meeting.get_absolute_url()))
    assert "Investment toolkit" in page and "presented by Access Partnership" in page
    assert "Sumedang" in page and "Urban analyst" in page
    assert "Toolkit draft" in page
    assert "09:00–17:00 (Asia/Jakarta)" in page
    document = Document.objects.get(meeting=meeting)
    assert (files / document.stored_name).exists()
    # The listed participant (a partner's analyst) and the member's officer read it; others get 404.
    client.force_login(partner)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(document.get_absolute_url()).status_code == 200
    client.force_login(personas["sumedang_officer"])
    assert client.get(document.get_absolute_url()).status_code == 200
    client.force_login(personas["bangkok_officer"])
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404


def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_kept(client, personas, files):
    meeting = make_meeting(personas["secretariat"])
    client.force_login(personas["secretariat"])
    response = client.post(
        f"/meetings/{meeting.pk}/documents/new/",
        {"file": SimpleUploadedFile("minutes.docx", b"%PDF-1.4 not a docx")},
    )
    assert response.status_code == 400
    assert "does not contain what its extension (.docx) says" in text(response)
    response = client.post(
        f"/meetings/{meeting.pk}/documents/new/", {"file": SimpleUploadedFile("payload.html", b"<script>")}
    )
    assert response.status_code == 400
    assert "not a file type the hub accepts" in text(response)
    assert not Document.objects.filter(meeting=meeting).exists()
    assert not any(p.is_file() for p in files.rglob("*"))


def test_documents_are_attachments_with_nosniff_and_restricted_ones_are_404_to_outsiders(client, personas, files):
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat)
    public = services.upload_document(
        actor=secretariat, meeting=meeting, upload=SimpleUploadedFile("agenda.txt", b"Agenda\n"), title="Agenda"
    )
    closed = services.upload_document(
        actor=secretariat,
        meeting=meeting,
        upload=SimpleUploadedFile("draft.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
        restricted=True,
    )
    response = client.get(public.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert b"".join(response.streaming_content) == b"Agenda\n"
    assert client.get(closed.get_absolute_url()).status_code == 404
    assert "draft" not in text(client.get(meeting.get_absolute_url()))
    client.force_login(personas["bangkok_officer"])
    assert client.get(closed.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/documents/{closed.pk}").status_code == 404
    client.force_login(secretariat)
    assert client.get(closed.get_absolute_url()).status_code == 200


def test_recording_a_decision_on_the_page_admits_a_candidate_and_deleting_it_reverses(client, personas):
    secretariat = personas["secretariat"]
    candidate = make_candidate(secretariat)
    meeting = make_meeting(secretariat, title="Extraordinary meeting", start_date=date(2025, 6, 10))
    item = make_item(secretariat, meeting, "New members")
    client.force_login(secretariat)
    form = client.get(f"/meetings/items/{item.pk}/outcomes/new/?kind=decision")
    assert candidate.pk in [m.pk for m in form.context["form"].fields["effect_members"].queryset]
    response = client.post(
        f"/meetings/items/{item.pk}/outcomes/new/",
        {
            "kind": "decision",
            "text": "Testville is admitted.",
            "effect_kind": "admit_member",
            "effect_members": [candidate.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    decision = Outcome.objects.get(agenda_item=item)
    assert response["Location"].endswith(f"#decision-{decision.pk}")
    assert Member.objects.members_on(date(2025, 6, 10)).filter(pk=candidate.pk).exists()
    page = text(client.get(meeting.get_absolute_url()))
    assert "Decision 1:" in page and "Registry:" in page and "member from 2025-06-10" in page

    confirm = client.get(f"/meetings/outcomes/{decision.pk}/delete/")
    assert "The registry record it made is deleted" in text(confirm)
    response = client.post(f"/meetings/outcomes/{decision.pk}/delete/")
    assert response.status_code == 302
    assert [e.status for e in events_of(candidate)] == ["candidate"]


def test_the_shepherd_sees_no_registry_fields_and_a_note_instead(client, personas):
    shepherd = personas["indonesia_nr"]
    meeting = make_meeting(shepherd)
    item = make_item(shepherd, meeting)
    client.force_login(shepherd)
    response = client.get(f"/meetings/items/{item.pk}/outcomes/new/?kind=decision")
    assert response.status_code == 200
    assert "effect_kind" not in response.context["form"].fields
    assert "Only the Secretariat, which keeps the registry" in text(response)


def test_the_decided_at_partial_links_a_registry_record_to_its_decision(personas):
    from django.template.loader import render_to_string

    event = MembershipEvent.objects.get(ref_key="event:rayong:1")
    html = render_to_string("meetings/partials/decided_at.html", {"record": event})
    meeting = Meeting.objects.get(ref_key="meeting:annual-6")
    decision = event.decision_effect.decision
    assert f'href="/meetings/{meeting.pk}/#decision-{decision.pk}"' in html
    assert "6th ASCN Annual Meeting" in html and "12–13 Jul 2023" in html
    other = MembershipEvent.objects.get(ref_key="event:bangkok:1")
    assert render_to_string("meetings/partials/decided_at.html", {"record": other}).strip() == ""


def test_moving_items_works_without_javascript_and_answers_the_agenda_to_fetch(client, personas):
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat)
    first, second, third = (make_item(secretariat, meeting, t) for t in ("First", "Second", "Third"))
    client.force_login(secretariat)
    response = client.post(f"/meetings/items/{third.pk}/move/", {"direction": "up"})
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{third.pk}")
    titles = list(meeting.agenda_items.order_by("position").values_list("title", flat=True))
    assert titles == ["First", "Third", "Second"]
    response = client.post(f"/meetings/items/{first.pk}/move/", {"direction": "down"}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 200
    html = text(response)
    assert html.strip().startswith("<section") and "data-agenda" in html
    assert re.findall(r'class="agenda-item__title"[^>]*>([^<]+)<', html) == ["Third", "First", "Second"]
    client.force_login(personas["bangkok_officer"])
    assert client.post(f"/meetings/items/{first.pk}/move/", {"direction": "up"}).status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 403), ("bangkok_officer", 403), ("partner", 403), ("thailand_nr", 403), ("secretariat", 200)],
)
def test_edit_pages_are_for_organisers(client, personas, persona, status):
    meeting = make_meeting(personas["secretariat"])
    if personas[persona]:
        client.force_login(personas[persona])
    response = client.get(f"/meetings/{meeting.pk}/edit/")
    assert response.status_code == status
    posted = client.post(f"/meetings/{meeting.pk}/agenda/new/", {"title": "Any other business"})
    if status == 403:
        assert "Only the meeting&#x27;s organisers may change it" in text(response)
        assert posted.status_code == 403
        assert not AgendaItem.objects.filter(meeting=meeting).exists()
    else:
        assert posted.status_code == 302
        assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_a_restricted_meeting_is_404_not_403_to_outsiders(client, personas):
    meeting = make_meeting(personas["secretariat"], visibility="restricted")
    for url in (
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/edit/",
        f"/meetings/{meeting.pk}.ics",
        f"/meetings/{meeting.pk}/minutes.pdf",
    ):
        assert client.get(url).status_code == 404, url


def test_participants_of_a_country_delegation_include_its_national_representative(client, personas):
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat, visibility="restricted")
    services.add_delegation(
        actor=secretariat,
        meeting=meeting,
        data={"kind": "country", "country": Country.objects.get(code="TH"), "status": "invited"},
    )
    client.force_login(personas["thailand_nr"])
    assert client.get(meeting.get_absolute_url()).status_code == 200
    client.force_login(personas["bangkok_officer"])
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_the_overdue_list_and_an_action_items_page(client, personas):
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat)
    item = make_item(secretariat, meeting)
    late = make_action(
        secretariat,
        item,
        "Send the M&E template",
        due_date=date(2020, 5, 1),
        owner_organisation=Organisation.objects.get(slug="gov-sumedang"),
    )
    make_action(secretariat, item, "Prepare the next meeting", due_date=date(2999, 1, 1))
    body = text(client.get("/meetings/actions/overdue/"))
    assert "Send the M&amp;E template" in body and "Prepare the next meeting" not in body
    client.force_login(personas["sumedang_officer"])
    response = client.post(late.get_absolute_url(), {"status": "in_progress"})
    assert response.status_code == 302
    response = client.post(late.get_absolute_url(), {"text": "Template drafted."})
    assert response.status_code == 302
    page = text(client.get(late.get_absolute_url()))
    assert "In progress" in page and "Template drafted." in page
    client.force_login(personas["bangkok_officer"])
    assert client.post(late.get_absolute_url(), {"status": "done"}).status_code == 403


def test_the_next_meeting_of_the_series_shows_the_review_section(client, personas):
    secretariat = personas["secretariat"]
    ninth = make_meeting(secretariat, kind="annual", series=annual_series(), start_date=date(2026, 10, 1))
    tenth = make_meeting(secretariat, kind="annual", series=annual_series(), start_date=date(2027, 10, 1))
    make_action(secretariat, make_item(secretariat, ninth), "Draft the ASCAP monitoring plan")
    body = text(client.get(tenth.get_absolute_url()))
    assert "Review of open action items" in body
    assert "Draft the ASCAP monitoring plan" in body
    assert "Review of open action items" not in text(client.get(ninth.get_absolute_url()))


def test_the_calendar_file_of_a_page_parses(client):
    meeting = Meeting.objects.get(ref_key="meeting:annual-8")
    response = client.get(f"/meetings/{meeting.pk}.ics")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (date(2025, 9, 9), date(2025, 9, 10))
    assert "Kuala Lumpur" in str(event["LOCATION"])
    feed = client.get("/meetings/series/id-national-coordination.ics")
    assert len(Calendar.from_ical(feed.content).walk("VEVENT")) == 1


def test_the_minutes_pdf_has_agenda_attendance_decisions_and_action_items(client, personas, tmp_path):
    secretariat = personas["secretariat"]
    meeting = Meeting.objects.get(ref_key="meeting:annual-6")
    item = make_item(secretariat, meeting, "Follow-up")
    make_action(secretariat, item, "Welcome the new members in the newsletter", due_date=date(2023, 9, 1))
    response = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text is not checked")
    path = tmp_path / "minutes.pdf"
    path.write_bytes(response.content)
    body = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    for expected in (
        "6th ASCN Annual Meeting",
        "12–13 Jul 2023",
        "Attendance",
        "Agenda and outcomes",
        "New members of the network",
        "Decision 1:",
        "Chiang Mai member from 2023-07",
        "Shepherd held by Indonesia",
        "Action items",
        "Welcome the new members in the newsletter",
        "Safrizal ZA",
    ):
        assert expected in body, expected


@pytest.mark.parametrize("url", ["/meetings/", "/meetings/actions/"])
def test_list_pages_cost_the_same_queries_for_more_rows(client, personas, url):
    secretariat = personas["secretariat"]
    counts = {}
    for rounds in (1, 2):
        meeting = make_meeting(secretariat, title=f"Round {rounds}")
        item = make_item(secretariat, meeting)
        for n in range(3):
            make_action(secretariat, item, f"Action {rounds}.{n}", owner_user=secretariat)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[rounds] = len(queries)
    assert counts[1] == counts[2]


def test_a_meeting_page_costs_the_same_queries_for_a_longer_meeting(client, personas):
    secretariat = personas["secretariat"]
    short, long = make_meeting(secretariat), make_meeting(secretariat)
    make_action(secretariat, make_item(secretariat, short))
    for n in range(5):
        item = make_item(secretariat, long, f"Item {n}")
        make_action(secretariat, item, owner_user=secretariat)
        services.add_participant(actor=secretariat, meeting=long, data={"name": f"P{n}", "status": "invited"})
    services.add_participant(actor=secretariat, meeting=short, data={"name": "P", "status": "invited"})
    client.force_login(secretariat)
    counts = {}
    for meeting in (short, long):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(meeting.get_absolute_url()).status_code == 200
        counts[meeting.pk] = len(queries)
    assert counts[short.pk] == counts[long.pk]
    assert Participant.objects.filter(meeting=long).count() == 5
    assert Delegation.objects.filter(meeting=long).count() == 0


def test_an_upload_over_the_limit_is_refused_before_it_is_read(client, personas, files, settings):
    settings.MEETING_UPLOAD_MAX_BYTES = 1024
    meeting = make_meeting(personas["secretariat"])
    client.force_login(personas["secretariat"])
    response = client.post(
        f"/meetings/{meeting.pk}/documents/new/", {"file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 200_000)}
    )
    assert response.status_code == 413
    assert "The file is larger than the 1 KB allowed; nothing was uploaded." in text(response)
    assert not Document.objects.exists()
