"""The meetings API: lists and details for the allowed, writes for the organisers, decisions that change
the member count and take it back, ETags, calendar files, and a constant number of queries on lists."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from hub.accounts.tokens import create_token
from hub.meetings.models import Meeting, Outcome
from hub.network.models import Member
from tests.services.test_meetings_factories import make_action, make_candidate, make_item, make_meeting

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": "Bearer " + create_token(user=user, name="test", can_write=True)[1]}


def post(client, url, body, user, **headers):
    return client.post(url, body, content_type="application/json", **bearer(user), **headers)


def patch(client, url, body, user, **headers):
    return client.patch(url, body, content_type="application/json", **bearer(user), **headers)


def member_count(client, day: str) -> int:
    return client.get("/api/v1/members", {"as_of": day, "limit": 1}).json()["count"]


def test_the_list_has_each_meeting_with_id_title_kind_dates_and_place(client):
    response = client.get("/api/v1/meetings", {"limit": 100})
    assert response.status_code == 200
    items = {m["title"]: m for m in response.json()["items"]}
    seventh = items["7th ASCN Annual Meeting"]
    assert seventh["kind"] == "annual"
    assert (seventh["start_date"], seventh["end_date"]) == ("2024-07-30", "2024-07-30")
    assert seventh["place"]["city"] == "Luang Prabang"
    assert seventh["place"]["country"]["code"] == "LA"
    assert seventh["id"] == Meeting.objects.get(ref_key="meeting:annual-7").pk
    assert any(alt["reading"] == "Vientiane" for alt in seventh["provenance"]["alternatives"])
    assert len([m for m in items.values() if m["kind"] == "annual"]) == 8


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"kind": "coordination"}, ["ASCN coordination meeting of Ditjen Bina Adwil (Rapat Koordinasi), Jakarta"]),
        ({"year": 2023}, ["6th ASCN Annual Meeting"]),
        ({"country": "la"}, ["7th ASCN Annual Meeting"]),
        ({"series": "id-national-coordination", "year": 2024}, None),
    ],
)
def test_filters(client, params, titles):
    response = client.get("/api/v1/meetings", params)
    assert response.status_code == 200
    got = [m["title"] for m in response.json()["items"]]
    if titles is None:
        assert len(got) == 1 and "Jakarta" in got[0]
    else:
        assert got == titles


def test_a_bad_filter_is_a_422_with_its_field(client):
    response = client.get("/api/v1/meetings", {"kind": "party"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "kind"


def test_restricted_meetings_are_hidden_from_outsiders_and_shown_to_participants(client, personas):
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat, title="Closed session", visibility="restricted")
    from hub.meetings import services

    services.add_delegation(
        actor=secretariat,
        meeting=meeting,
        data={"kind": "member", "member": Member.objects.get(slug="sumedang"), "status": "invited"},
    )
    url = f"/api/v1/meetings/{meeting.pk}"
    assert client.get(url).status_code == 404
    assert client.get(url, **bearer(personas["bangkok_officer"])).status_code == 404
    assert "Closed session" not in str(client.get("/api/v1/meetings", {"limit": 500}).json())
    assert client.get(url, **bearer(personas["sumedang_officer"])).status_code == 200
    assert client.get(url, **bearer(personas["indonesia_nr"])).status_code == 200  # Shepherd: network-wide
    assert client.get(f"{url}.ics", **bearer(personas["bangkok_officer"])).status_code == 404
    assert client.get(f"{url}/agenda").status_code == 404


def test_a_decision_through_the_api_raises_the_member_count_from_the_meetings_day_and_deleting_it_reverses(
    client, personas
):
    secretariat = personas["secretariat"]
    make_candidate(secretariat, "newtown")
    created = post(
        client,
        "/api/v1/meetings",
        {"title": "Special meeting", "kind": "annual", "start_date": "2025-06-10", "city": "Jakarta"},
        secretariat,
    )
    assert created.status_code == 201, created.content
    meeting_id = created.json()["id"]
    item = post(client, f"/api/v1/meetings/{meeting_id}/agenda", {"title": "New members"}, secretariat)
    assert item.status_code == 201, item.content
    before, day_before = member_count(client, "2025-06-10"), member_count(client, "2025-06-09")

    decision = post(
        client,
        f"/api/v1/agenda-items/{item.json()['id']}/outcomes",
        {
            "kind": "decision",
            "text": "Newtown is admitted.",
            "effects": [{"kind": "admit_member", "members": ["newtown"]}],
        },
        secretariat,
    )
    assert decision.status_code == 201, decision.content
    effect = decision.json()["effects"][0]
    assert effect["membership_event"]["member"]["slug"] == "newtown"
    assert effect["membership_event"]["effective"] == "2025-06-10"
    assert member_count(client, "2025-06-10") == before + 1
    assert member_count(client, "2025-06-09") == day_before
    member = client.get(f"/api/v1/members/{Member.objects.get(slug='newtown').pk}").json()
    assert member["events"][-1]["decided_by"] == "Special meeting"

    listed = client.get(f"/api/v1/meetings/{meeting_id}/decisions").json()
    assert [d["text"] for d in listed] == ["Newtown is admitted."]

    deleted = client.delete(f"/api/v1/outcomes/{decision.json()['id']}", **bearer(secretariat))
    assert deleted.status_code == 204, deleted.content
    assert member_count(client, "2025-06-10") == before
    assert [e["status"] for e in client.get(f"/api/v1/members/{member['id']}").json()["events"]] == ["candidate"]


def test_an_organiser_who_is_not_the_secretariat_is_refused_an_effect_with_a_clear_message(client, personas):
    shepherd = personas["indonesia_nr"]
    make_candidate(personas["secretariat"], "newtown")
    meeting = make_meeting(shepherd)
    item = make_item(shepherd, meeting)
    response = post(
        client,
        f"/api/v1/agenda-items/{item.pk}/outcomes",
        {"kind": "decision", "text": "Admit.", "effects": [{"kind": "admit_member", "members": ["newtown"]}]},
        shepherd,
    )
    assert response.status_code == 403
    assert "Only the Secretariat" in response.json()["detail"]
    assert not item.outcomes.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("bangkok_officer", 403), ("partner", 403), ("thailand_nr", 403), ("secretariat", 201)],
)
def test_who_may_add_to_a_network_meetings_agenda(client, personas, persona, status):
    meeting = make_meeting(personas["secretariat"])
    response = post(client, f"/api/v1/meetings/{meeting.pk}/agenda", {"title": "Any other business"}, personas[persona])
    assert response.status_code == status, response.content


def test_writes_without_credentials_are_refused(client):
    meeting = Meeting.objects.first()
    response = client.post(f"/api/v1/meetings/{meeting.pk}/agenda", {"title": "x"}, content_type="application/json")
    assert response.status_code == 401


def test_a_national_representative_organises_its_countrys_national_meetings_only(client, personas):
    thailand = personas["thailand_nr"]
    body = {"title": "Thai coordination", "kind": "coordination", "scope": "national", "start_date": "2026-02-02"}
    assert post(client, "/api/v1/meetings", {**body, "national_of": "TH"}, thailand).status_code == 201
    assert post(client, "/api/v1/meetings", {**body, "national_of": "ID"}, thailand).status_code == 403
    jakarta = Meeting.objects.get(ref_key="meeting:id-coordination-2024-06")
    assert patch(client, f"/api/v1/meetings/{jakarta.pk}", {"summary": "x"}, thailand).status_code == 403
    assert (
        patch(client, f"/api/v1/meetings/{jakarta.pk}", {"summary": "Notes."}, personas["indonesia_nr"]).status_code
        == 200
    )


def test_bad_input_is_a_422_naming_the_field(client, personas):
    response = post(
        client,
        "/api/v1/meetings",
        {"title": "Bad", "kind": "annual", "start_date": "2026-02-02", "end_date": "2026-02-01"},
        personas["secretariat"],
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "end_date"]
    response = post(
        client,
        "/api/v1/meetings",
        {"title": "Timed", "kind": "annual", "start_date": "2026-02-02", "start_time": "09:00"},
        personas["secretariat"],
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "timezone"


def test_etags_refuse_a_stale_change(client, personas):
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat)
    url = f"/api/v1/meetings/{meeting.pk}"
    etag = client.get(url)["ETag"]
    assert etag == f'"meeting-{meeting.pk}-v1"'
    first = patch(client, url, {"summary": "One"}, secretariat, HTTP_IF_MATCH=etag)
    assert first.status_code == 200 and first["ETag"] == f'"meeting-{meeting.pk}-v2"'
    stale = patch(client, url, {"summary": "Two"}, secretariat, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Meeting.objects.get(pk=meeting.pk).summary == "One"
    assert patch(client, url, {"summary": "Two"}, secretariat, HTTP_IF_MATCH="nonsense").status_code == 400


def test_action_items_list_with_overdue_filter_and_owner_status_change(client, personas):
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat)
    item = make_item(secretariat, meeting)
    late = make_action(
        secretariat,
        item,
        "Late one",
        due_date=date(2020, 1, 1),
        owner_organisation=personas["sumedang_officer"].organisation,
    )
    make_action(secretariat, item, "Later one", due_date=date(2999, 1, 1))
    overdue = client.get("/api/v1/action-items", {"overdue": "true", "meeting": meeting.pk}).json()
    assert [a["text"] for a in overdue["items"]] == ["Late one"]
    assert overdue["items"][0]["overdue"] is True
    response = patch(client, f"/api/v1/action-items/{late.pk}", {"status": "done"}, personas["sumedang_officer"])
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done" and response.json()["closed_on"]
    comment = post(
        client, f"/api/v1/action-items/{late.pk}/comments", {"text": "Done in May."}, personas["sumedang_officer"]
    )
    assert comment.status_code == 201
    assert client.get(f"/api/v1/action-items/{late.pk}").json()["comments"][0]["text"] == "Done in May."


def test_the_agenda_shows_open_action_items_of_earlier_meetings_for_review(client, personas):
    secretariat = personas["secretariat"]
    from tests.services.test_meetings_factories import annual_series

    ninth = make_meeting(secretariat, kind="annual", series=annual_series(), start_date=date(2026, 10, 1))
    tenth = make_meeting(secretariat, kind="annual", series=annual_series(), start_date=date(2027, 10, 1))
    make_action(secretariat, make_item(secretariat, ninth), "Publish the toolkit")
    agenda = client.get(f"/api/v1/meetings/{tenth.pk}/agenda").json()
    assert [a["text"] for a in agenda["review"]] == ["Publish the toolkit"]
    assert client.get(f"/api/v1/meetings/{ninth.pk}/agenda").json()["review"] == []


def test_moving_agenda_items(client, personas):
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat)
    first, second = make_item(secretariat, meeting, "First"), make_item(secretariat, meeting, "Second")
    response = post(client, f"/api/v1/agenda-items/{second.pk}/move", {"direction": "up"}, secretariat)
    assert response.status_code == 200
    assert [i["title"] for i in response.json()] == ["Second", "First"]
    assert first.pk  # still there


def test_the_ics_parses_with_all_day_dates_and_an_exclusive_end(client):
    meeting = Meeting.objects.get(ref_key="meeting:id-coordination-2024-06")
    response = client.get(f"/api/v1/meetings/{meeting.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == date(2024, 6, 24)
    assert event["DTEND"].dt == date(2024, 6, 26)  # exclusive: the day after the last day
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert str(event["UID"]) == f"meeting-{meeting.pk}@ascn-hub.asean"
    assert "DTSTAMP" in event


def test_the_ics_of_a_timed_meeting_carries_its_time_zone(client, personas):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    meeting = make_meeting(
        personas["secretariat"],
        start_date=date(2026, 3, 10),
        end_date=date(2026, 3, 11),
        start_time="09:00",
        end_time="16:30",
        timezone="Asia/Jakarta",
    )
    calendar = Calendar.from_ical(client.get(f"/api/v1/meetings/{meeting.pk}.ics").content)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Asia/Jakarta"
    assert event["DTSTART"].dt == datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert event["DTEND"].dt == datetime(2026, 3, 11, 16, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Jakarta"]


def test_the_series_feed_has_every_visible_meeting_of_the_series(client):
    response = client.get("/api/v1/meeting-series/ascn-annual-meetings.ics")
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 8
    assert len({str(e["UID"]) for e in events}) == 8


@pytest.mark.parametrize("url", ["/api/v1/meetings", "/api/v1/action-items"])
def test_list_query_count_does_not_grow_with_the_page(client, personas, django_assert_max_num_queries, url):
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat)
    item = make_item(secretariat, meeting)
    for n in range(7):
        make_action(
            secretariat, item, f"Action {n}", owner_organisation=secretariat.organisation, owner_user=secretariat
        )
    counts, sizes = {}, {}
    for limit in (500, 5):
        with django_assert_max_num_queries(2), CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"limit": limit})
        assert response.status_code == 200
        counts[limit], sizes[limit] = len(queries), len(response.json()["items"])
    assert sizes[500] > sizes[5] == 5
    assert counts[500] == counts[5]


def test_the_agenda_costs_the_same_queries_for_a_long_agenda(client, personas):
    secretariat = personas["secretariat"]
    short, long = make_meeting(secretariat), make_meeting(secretariat)
    make_action(secretariat, make_item(secretariat, short))
    for n in range(6):
        make_action(secretariat, make_item(secretariat, long, f"Item {n}"), owner_user=secretariat)
    counts = {}
    for meeting in (short, long):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/meetings/{meeting.pk}/agenda").status_code == 200
        counts[meeting.pk] = len(queries)
    assert counts[short.pk] == counts[long.pk]


def test_reference_decisions_are_linked_to_the_registry(client):
    sixth = Meeting.objects.get(ref_key="meeting:annual-6")
    decisions = client.get(f"/api/v1/meetings/{sixth.pk}/decisions").json()
    admitted = {
        e["membership_event"]["member"]["slug"] for d in decisions for e in d["effects"] if e["membership_event"]
    }
    assert admitted == {"chiang-mai", "khon-kaen", "rayong"}
    assert all(not e["made_by_decision"] for d in decisions for e in d["effects"])
    eighth = Meeting.objects.get(ref_key="meeting:annual-8")
    terms = [e["role_term"] for d in client.get(f"/api/v1/meetings/{eighth.pk}/decisions").json() for e in d["effects"]]
    # Indonesia re-elected Shepherd for 2025–2027, then the Chair for 2026 (in agenda order).
    assert [(t["role"], t["holder"], t["start"], t["end"]) for t in terms] == [
        ("shepherd", "Indonesia", "2025", "2027"),
        ("chair", "Philippines", "2026", "2026"),
    ]
    assert Outcome.objects.filter(effects__isnull=False).distinct().count() == 4
