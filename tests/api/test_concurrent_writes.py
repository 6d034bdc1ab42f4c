"""Defect 6: a write that loses the race to a delete answers 404 (or 412), never 500; deletes honour If-Match.

The race is made deterministic: the other client's DELETE lands between this request's read of the record
and its write (when the endpoint reads If-Match), as it did under load.
"""

from __future__ import annotations

import pytest

from hub.core import services
from hub.core.models import ChangeEntry
from hub.meetings.models import Meeting
from hub.network.models import Member, MembershipEvent
from tests.services.test_meetings_factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def deleted_meanwhile(monkeypatch):
    """Just before the write locks the record it read, someone else's DELETE of it commits."""
    original = services.lock

    def racing(obj, queryset=None):
        type(obj).objects.filter(pk=obj.pk).delete()
        return original(obj, queryset)

    monkeypatch.setattr(services, "lock", racing)


@pytest.mark.parametrize(
    ("method", "url", "model", "body"),
    [
        ("delete", "/api/v1/memberships/{pk}", MembershipEvent, None),
        ("patch", "/api/v1/memberships/{pk}", MembershipEvent, {"confidence": "low"}),
        ("delete", "/api/v1/meetings/{pk}", Meeting, None),
        ("patch", "/api/v1/meetings/{pk}", Meeting, {"city": "Manila"}),
    ],
)
def test_the_loser_of_a_race_with_a_delete_gets_404(
    token_client, personas, deleted_meanwhile, method, url, model, body
):
    client = token_client(personas["secretariat"])
    record = make_meeting(personas["secretariat"]) if model is Meeting else model.objects.order_by("pk").last()
    before = ChangeEntry.objects.count()
    response = getattr(client, method)(url.format(pk=record.pk), body, content_type="application/json")
    assert response.status_code == 404, response.content
    assert response.json() == {"detail": "Not Found"}
    assert ChangeEntry.objects.count() == before


def test_the_services_say_gone_not_does_not_exist(personas, deleted_meanwhile):
    events = MembershipEvent.objects.order_by("pk")
    with pytest.raises(services.Gone, match="no longer exists"):
        services.update_record(events.first(), actor=personas["secretariat"], data={"confidence": "low"})
    with pytest.raises(services.Gone):
        services.delete_record(events.last(), actor=personas["secretariat"])


@pytest.fixture
def meeting_parts(personas):
    from hub.meetings import services as meetings

    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat)
    sumedang = Member.objects.get(slug="sumedang")
    delegation = meetings.add_delegation(
        actor=secretariat, meeting=meeting, data={"kind": "member", "member": sumedang, "status": "invited"}
    )
    participant = meetings.add_participant(
        actor=secretariat, meeting=meeting, data={"name": "Ayu", "status": "invited"}
    )
    return meeting, delegation, participant


@pytest.mark.parametrize(
    ("kind", "url"), [("delegation", "/api/v1/delegations/{pk}"), ("participant", "/api/v1/participants/{pk}")]
)
def test_attendance_deletes_honour_if_match(token_client, personas, meeting_parts, kind, url):
    _, delegation, participant = meeting_parts
    record = delegation if kind == "delegation" else participant
    client = token_client(personas["secretariat"])
    stale = f'"{kind}-{record.pk}-v{record.version + 1}"'
    refused = client.delete(url.format(pk=record.pk), HTTP_IF_MATCH=stale)
    assert refused.status_code == 412, refused.content
    assert type(record).objects.filter(pk=record.pk).exists()
    current = f'"{kind}-{record.pk}-v{record.version}"'
    assert client.delete(url.format(pk=record.pk), HTTP_IF_MATCH=current).status_code == 204
    assert not type(record).objects.filter(pk=record.pk).exists()
