"""The meetings API's attendance and document writes, end to end (they had 38 % and 60 % coverage): who may
make them, what they answer, ETags and If-Match, and that a refused write changes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.core.models import ChangeEntry
from hub.meetings.models import Delegation, Document, Participant
from tests.services.test_meetings_factories import make_meeting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% agenda\n" + b"0" * 100 + b"\n%%EOF\n"


@pytest.fixture
def meeting(personas):
    return make_meeting(personas["secretariat"], title="Attendance meeting")


def test_the_organiser_adds_changes_and_removes_a_delegation(token_client, personas, meeting):
    client = token_client(personas["secretariat"])
    created = client.post(
        f"/api/v1/meetings/{meeting.pk}/delegations",
        {"kind": "member", "member": "sumedang", "status": "invited"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    delegation = Delegation.objects.get(pk=created.json()["id"])
    assert delegation.member.slug == "sumedang"
    etag = created["ETag"]
    changed = client.patch(
        f"/api/v1/delegations/{delegation.pk}",
        {"status": "attending"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    stale = client.patch(
        f"/api/v1/delegations/{delegation.pk}",
        {"status": "declined"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert stale.status_code == 412
    assert Delegation.objects.get(pk=delegation.pk).status == "attending"
    assert client.delete(f"/api/v1/delegations/{delegation.pk}", HTTP_IF_MATCH=changed["ETag"]).status_code == 204
    assert not Delegation.objects.filter(pk=delegation.pk).exists()
    assert [e.action for e in ChangeEntry.objects.filter(object_id=str(delegation.pk)).order_by("pk")][-1] == "delete"


def test_unknown_references_in_a_delegation_are_a_422(token_client, personas, meeting):
    client = token_client(personas["secretariat"])
    response = client.post(
        f"/api/v1/meetings/{meeting.pk}/delegations",
        {"kind": "member", "member": "atlantis"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Delegation.objects.filter(meeting=meeting).exists()


def test_participants_are_added_changed_and_removed(token_client, personas, meeting):
    client = token_client(personas["secretariat"])
    created = client.post(
        f"/api/v1/meetings/{meeting.pk}/participants",
        {"name": "Ayu Lestari", "position": "CSCO", "email": "officer@sumedang.example"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    participant = Participant.objects.get(pk=created.json()["id"])
    assert participant.user == personas["sumedang_officer"]
    changed = client.patch(
        f"/api/v1/participants/{participant.pk}", {"status": "attending"}, content_type="application/json"
    )
    assert changed.status_code == 200
    assert client.delete(f"/api/v1/participants/{participant.pk}").status_code == 204


@pytest.mark.parametrize("persona", ["sumedang_officer", "partner", "thailand_nr"])
def test_others_cannot_write_attendance(token_client, personas, meeting, persona):
    client = token_client(personas[persona])
    response = client.post(
        f"/api/v1/meetings/{meeting.pk}/participants", {"name": "Intruder"}, content_type="application/json"
    )
    assert response.status_code in (403, 404)
    assert not Participant.objects.filter(meeting=meeting).exists()


def test_documents_are_uploaded_downloaded_and_deleted_with_if_match(
    token_client, personas, meeting, settings, tmp_path
):
    settings.MEETING_FILES_DIR = tmp_path
    client = token_client(personas["secretariat"])
    uploaded = client.post(
        f"/api/v1/meetings/{meeting.pk}/documents",
        {"file": SimpleUploadedFile("agenda.pdf", PDF, content_type="application/pdf"), "title": "Agenda"},
    )
    assert uploaded.status_code == 201, uploaded.content
    document = Document.objects.get(pk=uploaded.json()["id"])
    assert uploaded["ETag"] == f'"document-{document.pk}-v{document.version}"'
    download = client.get(f"/api/v1/documents/{document.pk}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert client.delete(f"/api/v1/documents/{document.pk}", HTTP_IF_MATCH='"document-1-v99"').status_code == 412
    assert client.delete(f"/api/v1/documents/{document.pk}", HTTP_IF_MATCH=uploaded["ETag"]).status_code == 204
    assert not Document.objects.filter(pk=document.pk).exists()
    assert client.get(f"/api/v1/documents/{document.pk}").status_code == 404


def test_a_file_that_is_not_what_it_says_is_a_422(token_client, personas, meeting, settings, tmp_path):
    settings.MEETING_FILES_DIR = tmp_path
    client = token_client(personas["secretariat"])
    response = client.post(
        f"/api/v1/meetings/{meeting.pk}/documents",
        {"file": SimpleUploadedFile("agenda.pdf", b"MZ\x90\x00" + b"0" * 50, content_type="application/pdf")},
    )
    assert response.status_code == 422
    assert not Document.objects.filter(meeting=meeting).exists()
    assert not any(tmp_path.rglob("*.pdf"))
