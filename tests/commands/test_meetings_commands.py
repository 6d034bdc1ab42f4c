"""Commands of the meetings app: the daily reminder, and the meetings part of the reference dataset."""

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command

from hub.meetings.models import ActionReminder, AgendaItem, DecisionEffect, Meeting, MeetingSeries, Outcome
from hub.network.models import MembershipEvent, Organisation, RoleTerm
from tests.personas import make_user
from tests.services.test_meetings_factories import make_action, make_item, make_meeting

pytestmark = pytest.mark.django_db


def remind(*args) -> str:
    out = io.StringIO()
    call_command("actionreminders", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def actions(personas):
    secretariat = personas["secretariat"]
    item = make_item(secretariat, make_meeting(secretariat, title="Working group"))
    sumedang = Organisation.objects.get(slug="gov-sumedang")
    colleague = make_user("planner@sumedang.example", "gov-sumedang")
    return {
        "due": make_action(
            secretariat, item, "Send the projects list", due_date=date(2026, 12, 1), owner_organisation=sumedang
        ),
        "late": make_action(secretariat, item, "Send the M&E report", due_date=date(2026, 11, 1), owner_user=colleague),
        "far": make_action(secretariat, item, "Plan 2028", due_date=date(2027, 6, 1), owner_organisation=sumedang),
        "done": make_action(
            secretariat, item, "Done already", due_date=date(2026, 11, 1), status="done", owner_organisation=sumedang
        ),
        "nobody": make_action(secretariat, item, "No e-mail to send to", due_date=date(2026, 11, 2)),
    }


def test_reminders_go_to_the_owners_of_due_and_overdue_items_once_a_day(actions):
    output = remind("--today", "2026-11-28")
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert sent == [
        ("officer@sumedang.example", "[ASCN Hub] Action item due 2026-12-01"),
        ("planner@sumedang.example", "[ASCN Hub] Action item due 2026-12-01"),
        ("planner@sumedang.example", "[ASCN Hub] Overdue action item (due 2026-11-01)"),
    ]
    overdue = next(m.body for m in mail.outbox if "Overdue" in m.subject)
    assert "Send the M&E report" in overdue
    assert f"/meetings/actions/{actions['late'].pk}/" in overdue
    assert "3 reminder(s) sent" in output
    assert f"skipped action item {actions['nobody'].pk}: no owner with an e-mail address" in output
    assert ActionReminder.objects.count() == 3

    # The same day again: nobody twice.
    mail.outbox.clear()
    output = remind("--today", "2026-11-28")
    assert mail.outbox == []
    assert "0 reminder(s) sent" in output
    assert ActionReminder.objects.count() == 3

    # The next day: the open ones again.
    remind("--today", "2026-11-29")
    assert len(mail.outbox) == 3


def test_a_dry_run_sends_and_records_nothing(actions):
    output = remind("--today", "2026-11-28", "--dry-run")
    assert "would remind planner@sumedang.example" in output
    assert mail.outbox == [] and not ActionReminder.objects.exists()


def test_a_failed_e_mail_is_not_recorded_and_the_command_says_so(actions, settings):
    settings.EMAIL_BACKEND = "tests.commands.test_meetings_commands.FailingBackend"
    with pytest.raises(CommandError, match="could not be sent"):
        remind("--today", "2026-11-28")
    assert not ActionReminder.objects.exists()


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        remind("--today", "tomorrow")


# -- the reference dataset -------------------------------------------------------------------------------------


def test_the_reference_meetings_are_loaded_with_their_sources():
    annual = Meeting.objects.filter(series__slug="ascn-annual-meetings").order_by("number")
    assert [m.number for m in annual] == [1, 2, 3, 4, 5, 6, 7, 8]
    seventh = annual.get(number=7)
    assert (seventh.city, seventh.venue_country.code, seventh.start_date) == ("Luang Prabang", "LA", date(2024, 7, 30))
    jakarta = Meeting.objects.get(ref_key="meeting:id-coordination-2024-06")
    assert (jakarta.start_date, jakarta.end_date, jakarta.host_organisation.slug) == (
        date(2024, 6, 24),
        date(2024, 6, 25),
        "kemendagri-bina-adwil",
    )
    assert jakarta.scope == "national" and jakarta.country.code == "ID"
    for model in (MeetingSeries, Meeting, AgendaItem, Outcome, DecisionEffect):
        for obj in model.objects.filter(ref_key__isnull=False):
            assert obj.sources or obj.source_note, f"{model.__name__} {obj.ref_key} has no source"


def test_the_known_admissions_and_handovers_link_the_existing_registry_records():
    for key in ("chiang-mai", "khon-kaen", "rayong"):
        event = MembershipEvent.objects.get(ref_key=f"event:{key}:1")
        assert event.decision_effect.decision.agenda_item.meeting.ref_key == "meeting:annual-6"
        assert MembershipEvent.objects.filter(member=event.member, status="member").count() == 1
    chair = RoleTerm.objects.get(ref_key="role:chair-2026")
    assert chair.decision_effect.decision.agenda_item.meeting.ref_key == "meeting:annual-8"
    assert RoleTerm.objects.filter(role="chair", country__code="PH").count() == 1
    assert (
        RoleTerm.objects.get(ref_key="role:shepherd-indonesia").decision_effect.decision.agenda_item.meeting.number == 6
    )


def test_projects_discussed_in_jakarta_are_linked_when_the_catalogue_has_them():
    from hub.projects.models import Project

    items = AgendaItem.objects.filter(meeting__ref_key="meeting:id-coordination-2024-06").order_by("position")
    linked = {p.title for item in items for p in item.projects.all()}
    expected = {
        title
        for title in ("JAKI (Jakarta Kini)", "Homestay Naik Kelas", "HomeCare Dottoro'ta", "WA KEPO")
        if Project.objects.filter(title=title).exists()
    }
    assert linked == expected


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(settings.REFERENCE_DATA_DIR, target, ignore=shutil.ignore_patterns("geo", "*.md"))
    return target


def load(directory: Path) -> str:
    out = io.StringIO()
    call_command("loadreference", "--dir", str(directory), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_reloading_the_meetings_changes_nothing_and_a_changed_record_is_updated_in_place(data_copy):
    assert "meetings.yaml: 0 created, 0 updated" in load(data_copy)
    path = data_copy / "meetings.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("venue: Shangri-La", "venue: Shangri-La Hotel"))
    count = Meeting.objects.count()
    assert "meetings.yaml: 0 created, 1 updated" in load(data_copy)
    assert Meeting.objects.get(ref_key="meeting:annual-8").venue == "Shangri-La Hotel"
    assert Meeting.objects.count() == count


def test_a_bad_meeting_record_is_reported_with_its_line_and_nothing_of_the_file_is_loaded(data_copy):
    path = data_copy / "meetings.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index('membership_event: "event:rayong:1"')].count("\n") + 1
    path.write_text(
        text.replace('membership_event: "event:rayong:1"', 'membership_event: "event:rayong:9"').replace(
            "city: Luang Prabang", "city: Luang Prabang\n    colour: blue"
        )
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("loadreference", "--dir", str(data_copy), stdout=io.StringIO(), stderr=err)
    problems = err.getvalue()
    assert f"meetings.yaml:{line}: 'membership_event': no membership event with key 'event:rayong:9'" in problems
    assert "unknown field 'colour'" in problems
    assert Meeting.objects.filter(ref_key="meeting:annual-7").get().city == "Luang Prabang"


def test_an_agenda_item_removed_from_the_file_is_removed_on_reload(data_copy):
    path = data_copy / "meetings.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      - title: Smart City Connect Exhibition")
    end = text.index("\n\n", start)
    path.write_text(text[:start] + text[end + 1 :])
    load(data_copy)
    assert not AgendaItem.objects.filter(title__startswith="Smart City Connect Exhibition").exists()
