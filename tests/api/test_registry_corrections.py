"""Corrections of the registry against the official sources: members counted as the M&E report 2025 counts
them (35 cities as of September 2025), Indonesia's re-election as Shepherd at the 8th Annual Meeting, the
ASEAN Smart City Action Plan 2026–2035 adopted, the 8th meeting's date."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from hub.meetings.models import Meeting
from hub.network.models import MembershipEvent, RoleTerm

pytestmark = pytest.mark.django_db


def count_on(client, day: str) -> int:
    response = client.get("/api/v1/members", {"as_of": day, "status": "member", "limit": 1})
    assert response.status_code == 200
    return response.json()["count"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2018-12-31", 26),
        ("2023-12-31", 29),
        ("2024-12-31", 31),
        # the report's own count, as of 30 September 2025: Ipoh, Putrajaya, Seberang Perai, Cauayan City joined
        ("2025-09-30", 35),
        # Denpasar and Semarang: "2025" on the ASEAN page, bounded by the report to October or later
        ("2025-10-01", 37),
        ("2025-12-31", 37),
        ("2026-01-31", 38),
    ],
)
def test_members_on_a_day_follow_the_sources(client, day, expected):
    assert count_on(client, day) == expected


def test_the_bounded_join_keeps_its_year_and_shows_its_bound(client):
    denpasar = client.get("/api/v1/members", {"q": "Denpasar"}).json()["items"][0]
    detail = client.get(f"/api/v1/members/{denpasar['id']}").json()
    (event,) = detail["events"]
    assert (event["effective"], event["not_before"], event["counts_from"]) == ("2025", "2025-10", "2025-10-01")
    html = client.get("/members/denpasar/").content.decode()
    assert "not before 2025-10" in html


def test_the_8th_meeting_re_elected_indonesia_as_shepherd_and_adopted_the_ascap(client):
    eighth = Meeting.objects.get(ref_key="meeting:annual-8")
    assert (eighth.start_date.isoformat(), eighth.end_date.isoformat()) == ("2025-09-09", "2025-09-09")
    decisions = client.get(f"/api/v1/meetings/{eighth.pk}/decisions").json()
    texts = " ".join(d["text"] for d in decisions)
    assert "Smart City Action Plan (ASCAP) 2026–2035" in texts and "is adopted" in texts
    assert "re-elected Shepherd of the network for 2025–2027" in texts
    second = RoleTerm.objects.get(ref_key="role:shepherd-indonesia-2025")
    assert (second.start_display, second.end_display) == ("2025", "2027")
    assert second.decision_effect.decision.agenda_item.meeting == eighth


def test_shepherd_in_2026_is_indonesias_second_term(client):
    items = client.get("/api/v1/role-terms", {"role": "shepherd", "as_of": "2026-06-01"}).json()["items"]
    assert [(t["holder"]["name"], t["start"], t["end"]) for t in items] == [("Indonesia", "2025", "2027")]


def test_a_bound_outside_its_year_is_refused_with_its_line_and_nothing_of_the_file_is_written(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(settings.REFERENCE_DATA_DIR, data, ignore=shutil.ignore_patterns("geo", "*.md"))
    members = data / "members.yaml"
    text = members.read_text(encoding="utf-8")
    index = text.index("not_before: 2025-10")
    line = text[:index].count("\n") + 1
    members.write_text(text.replace("not_before: 2025-10", "not_before: 2024-10", 1), encoding="utf-8")
    before = list(MembershipEvent.objects.values_list("pk", "counts_from").order_by("pk"))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("loadreference", "--dir", str(data), stdout=io.StringIO(), stderr=err)
    assert f"members.yaml:{line}: 'not_before' (2024-10) must fall within the period of 'date' (2025)" in err.getvalue()
    assert list(MembershipEvent.objects.values_list("pk", "counts_from").order_by("pk")) == before


def test_in_force_on_must_be_a_day(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(settings.REFERENCE_DATA_DIR, data, ignore=shutil.ignore_patterns("geo", "*.md"))
    path: Path = data / "role_terms.yaml"
    text = path.read_text(encoding="utf-8")
    index = text.index("in_force_on: 2026-01-31")
    line = text[:index].count("\n") + 1
    path.write_text(text.replace("in_force_on: 2026-01-31", "in_force_on: 2026-01", 1), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("loadreference", "--dir", str(data), stdout=io.StringIO(), stderr=err)
    assert f"role_terms.yaml:{line}: 'in_force_on': give the day" in err.getvalue()
