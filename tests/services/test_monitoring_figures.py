"""Which projects count in a cycle, who is late, reminders, and the chart geometry."""

from datetime import date

import pytest
from django.core import mail

from hub.core.charts import stacked_bar_chart
from hub.core.charts.palette import STATUS_COLOURS
from hub.core.services import create_record
from hub.monitoring import services
from hub.monitoring.charts import columns, format_number, line
from hub.monitoring.models import Reminder
from hub.monitoring.reminders import send_reminders
from hub.monitoring.selectors import CycleFacts, current_cycle
from hub.network.models import Member
from hub.projects.models import FocusArea, Project
from tests.services.test_monitoring_support import COMMAND, accepted, draft, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db


def _project(slug: str, member: str, **data) -> Project:
    project = create_record(
        Project, actor=COMMAND, data={"slug": slug, "member": Member.objects.get(slug=member), "title": slug, **data}
    )
    project.focus_areas.set(FocusArea.objects.filter(code="built-infrastructure"))
    return project


def test_what_counts_in_a_cycle(personas):
    cycle = open_cycle(2025)
    started = _project("started-2023", "dki-jakarta", start_date=date(2023, 1, 1), start_precision="year")
    later = _project("starts-2026", "dki-jakarta", start_date=date(2026, 3, 1), start_precision="month")
    finished = _project(
        "done-2023",
        "dki-jakarta",
        status="completed",
        start_date=date(2020, 1, 1),
        start_precision="year",
        end_date=date(2023, 6, 30),
        end_precision="day",
    )
    facts = CycleFacts()
    counted = set(facts.counted(cycle))
    assert started.pk in counted and finished.pk in counted  # finished projects stay counted
    assert later.pk not in counted
    expected = set(facts.expected(cycle))
    assert started.pk in expected and finished.pk not in expected
    sumedang = wa_kepo()
    assert sumedang.pk in counted  # Sumedang joined in June 2024, WA KEPO started in 2021


def test_figures_follow_accepted_updates_only(personas):
    cycle = open_cycle(2025)
    before = CycleFacts().figures(cycle)
    update = accepted(personas, status="completed", progress=100)
    draft(
        personas,
        project=_project("p1", "sumedang", start_date=date(2024, 1, 1), start_precision="year"),
        status="discontinued",
        progress=0,
    )
    after = CycleFacts().figures(cycle)
    assert after.accepted == before.accepted + 1
    assert after.by_status["completed"] == before.by_status["completed"] + 1
    assert after.by_status["discontinued"] == before.by_status["discontinued"]  # a draft changes nothing
    civic = next(counts for area, counts in after.by_focus if area.code == "civic-social")
    assert civic["completed"] >= 1
    series = {row["cycle"].slug: row for row in CycleFacts().series()}
    assert series["2024-2025"]["submitted"] == series["2024-2025"]["accepted"] + 0 == 1
    assert update.project_id not in CycleFacts().late(cycle)


def test_late_projects_and_their_updates(personas):
    cycle = open_cycle(2025)
    project = wa_kepo()
    assert project.pk in CycleFacts().late(cycle)
    update = draft(personas)
    assert project.pk in CycleFacts().late(cycle)  # a draft is still late
    services.submit(actor=personas["sumedang_officer"], update=update)
    assert project.pk not in CycleFacts().late(cycle)


def test_the_current_cycle_is_the_running_one():
    a = open_cycle(2025)
    b = open_cycle(2027)
    assert current_cycle([a, b], today=date(2026, 11, 28)) == b
    assert current_cycle([a, b], today=date(2026, 1, 1)) == a
    assert current_cycle([], today=date(2026, 1, 1)) is None


def test_reminders_go_once_a_day_to_the_officers(personas):
    cycle = open_cycle(2025)  # due 2025-09-30: overdue
    run = send_reminders(today=date(2026, 11, 28))
    officer_mail = [m for m in mail.outbox if "officer@sumedang.example" in m.to]
    assert len(officer_mail) == 1 and "WA KEPO" in officer_mail[0].body and "overdue" in officer_mail[0].body
    assert run.emails >= 1
    rows = Reminder.objects.filter(recipient=personas["sumedang_officer"], cycle=cycle, sent_on=date(2026, 11, 28))
    assert rows.filter(project=wa_kepo(), kind="overdue").count() == 1
    again = send_reminders(today=date(2026, 11, 28))
    assert again.emails == 0 and again.already_reminded >= 1
    assert len([m for m in mail.outbox if "officer@sumedang.example" in m.to]) == 1
    send_reminders(today=date(2026, 11, 29))  # the next day: reminded again
    assert len([m for m in mail.outbox if "officer@sumedang.example" in m.to]) == 2


def test_no_reminder_before_the_window_nor_for_submitted_updates(personas):
    open_cycle(2027, due=date(2027, 8, 31))
    run = send_reminders(today=date(2026, 11, 28))
    assert run.emails == 0 and run.not_yet == ["2026–2027"]
    cycle = open_cycle(2025)
    services.submit(actor=personas["sumedang_officer"], update=draft(personas, cycle=cycle))
    send_reminders(today=date(2026, 11, 28))
    assert not [m for m in mail.outbox if "officer@sumedang.example" in m.to and "WA KEPO" in m.body]


def test_charts():
    bars = stacked_bar_chart(
        [{"label": "A", "values": {"ongoing": 3, "planning": 1}}, {"label": "B", "values": {}}],
        [{"key": "planning", "label": "P"}, {"key": "ongoing", "label": "O"}],
    )
    assert [row["total"] for row in bars["rows"]] == [4, 0]
    assert [s["value"] for s in bars["rows"][0]["segments"]] == [1, 3]
    # One status palette: a series without a colour of its own takes its status colour.
    assert [s["colour"] for s in bars["rows"][0]["segments"]] == [STATUS_COLOURS["planning"], STATUS_COLOURS["ongoing"]]
    assert not bars["empty"] and not bars["linked"]
    cols = columns(["2023–2024", "2024–2025"], [("Projects", [77, 108]), ("Accepted", [50, 90])])
    assert cols["table"] == [{"label": "2023–2024", "values": [77, 50]}, {"label": "2024–2025", "values": [108, 90]}]
    assert cols["groups"][1]["columns"][0]["height"] > cols["groups"][0]["columns"][0]["height"]
    chart = line([(date(2019, 12, 31), 1200, "2019"), (date(2022, 12, 31), 5400, "2022")], target=6000)
    assert chart["points"][0]["y"] > chart["points"][1]["y"] > chart["target"]["y"]
    assert format_number(12500) == "12,500"
