"""The review chain of progress updates, through the services: steps, refusals, history, publication."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from hub.core.models import ChangeEntry
from hub.core.services import Conflict
from hub.monitoring import services
from hub.monitoring.models import ProgressUpdate, ReportingCycle, ReviewStep, UpdateValue
from hub.monitoring.selectors import annotate_public_progress, project_timeline, published_values
from hub.projects.models import Indicator, IndicatorValue, Project
from tests.services.test_monitoring_support import COMMAND, DRAFT, accepted, draft, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db


def test_wa_kepo_goes_from_draft_to_accepted(personas, django_capture_on_commit_callbacks):
    project, cycle = wa_kepo(), open_cycle()
    update = draft(personas, project=project, cycle=cycle)
    assert update.state == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        update = services.submit(actor=personas["sumedang_officer"], update=update)
    assert update.state == "submitted" and update.submitted_at
    assert "nr@kemendagri.example" in mail.outbox[-1].to  # the National Representative hears of it

    with django_capture_on_commit_callbacks(execute=True):
        update = services.endorse(actor=personas["indonesia_nr"], update=update, comment="Good.")
    assert update.state == "endorsed"
    assert "ascn@asean.example" in mail.outbox[-1].to

    with django_capture_on_commit_callbacks(execute=True):
        update = services.accept(actor=personas["secretariat"], update=update)
    assert update.state == "accepted" and update.accepted_at
    assert "officer@sumedang.example" in mail.outbox[-1].to

    steps = list(ReviewStep.objects.filter(update=update).order_by("at", "pk"))
    assert [(s.action, s.from_state, s.to_state) for s in steps] == [
        ("submit", "draft", "submitted"),
        ("endorse", "submitted", "endorsed"),
        ("accept", "endorsed", "accepted"),
    ]
    assert [s.acting_as for s in steps] == ["city_officer", "national_representative", "secretariat"]
    assert steps[1].comment == "Good."
    log = ChangeEntry.objects.for_object(update).filter(action="transition").order_by("at", "pk")
    assert [e.changes["state"] for e in log] == [
        ["draft", "submitted"],
        ["submitted", "endorsed"],
        ["endorsed", "accepted"],
    ]
    assert [e.actor_label for e in log] == ["officer@sumedang.example", "nr@kemendagri.example", "ascn@asean.example"]

    annotated = annotate_public_progress(Project.objects.filter(pk=project.pk)).get()
    assert (annotated.public_status, annotated.public_progress, annotated.public_cycle) == ("ongoing", 70, cycle.slug)
    assert ProgressUpdate.objects.visible_to(None).filter(pk=update.pk).exists()


def test_a_returned_update_goes_back_to_draft_with_the_comment(personas):
    update = draft(personas)
    update = services.submit(actor=personas["sumedang_officer"], update=update)
    with pytest.raises(ValidationError) as refused:
        services.return_update(actor=personas["indonesia_nr"], update=update, comment="  ")
    assert "comment" in refused.value.message_dict
    update = services.return_update(actor=personas["indonesia_nr"], update=update, comment="Add the usage figures.")
    assert update.state == "draft" and update.submitted_at is None
    timeline = project_timeline(update.project, personas["sumedang_officer"])
    assert timeline["entries"][0]["return_comment"] == "Add the usage figures."
    # The officer edits and submits again; the Secretariat can return at the endorsed step too.
    update = services.edit_update(actor=personas["sumedang_officer"], update=update, data={"progress": 75})
    update = services.submit(actor=personas["sumedang_officer"], update=update)
    update = services.endorse(actor=personas["indonesia_nr"], update=update)
    update = services.return_update(actor=personas["secretariat"], update=update, comment="Say what 'portals' are.")
    assert update.state == "draft"
    actions = list(ReviewStep.objects.filter(update=update).order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["submit", "return", "submit", "endorse", "return"]
    # The public sees neither the draft nor, later, the returns' comments.
    assert project_timeline(update.project, None)["entries"] == []


def test_refusals(personas):
    update = draft(personas)
    with pytest.raises(PermissionDenied):
        services.submit(actor=personas["bangkok_officer"], update=update)
    with pytest.raises(PermissionDenied):
        services.edit_update(actor=personas["partner"], update=update, data={"progress": 1})
    update = services.submit(actor=personas["sumedang_officer"], update=update)
    with pytest.raises(PermissionDenied, match="National Representative of Indonesia"):
        services.endorse(actor=personas["thailand_nr"], update=update)
    with pytest.raises(PermissionDenied):
        services.endorse(actor=personas["sumedang_officer"], update=update)
    with pytest.raises(services.WrongState):
        services.accept(actor=personas["secretariat"], update=update)  # not endorsed yet
    with pytest.raises(PermissionDenied):
        services.return_update(actor=personas["thailand_nr"], update=update, comment="No.")
    update = services.endorse(actor=personas["indonesia_nr"], update=update)
    with pytest.raises(PermissionDenied, match="Secretariat accepts"):
        services.accept(actor=personas["sumedang_officer"], update=update)
    with pytest.raises(PermissionDenied):
        services.accept(actor=personas["indonesia_nr"], update=update)  # the Shepherd steers, it does not accept
    with pytest.raises(services.WrongState):
        services.edit_update(actor=personas["sumedang_officer"], update=update, data={"progress": 1})
    update.refresh_from_db()
    assert update.state == "endorsed" and update.progress == DRAFT["progress"]


def test_drafts_are_private(personas):
    update = draft(personas)
    visible = {
        name: ProgressUpdate.objects.visible_to(user).filter(pk=update.pk).exists() for name, user in personas.items()
    }
    assert visible == {
        "sumedang_officer": True,
        "bangkok_officer": False,
        "indonesia_nr": True,
        "thailand_nr": False,
        "secretariat": True,
        "partner": False,
        "anonymous": False,
    }


def test_submitting_needs_a_narrative_and_one_update_per_cycle(personas):
    update = draft(personas, narrative="")
    with pytest.raises(ValidationError) as refused:
        services.submit(actor=personas["sumedang_officer"], update=update)
    assert "narrative" in refused.value.message_dict
    with pytest.raises(ValidationError, match="has an update for"):
        draft(personas)
    with pytest.raises(ValidationError):
        services.edit_update(actor=personas["sumedang_officer"], update=update, data={"progress": 101})
    with pytest.raises(ValidationError):
        services.edit_update(actor=personas["sumedang_officer"], update=update, data={"state": "accepted"})


def test_stale_versions_are_refused(personas):
    update = draft(personas)
    services.edit_update(actor=personas["sumedang_officer"], update=update, data={"progress": 80}, expected_version=1)
    with pytest.raises(Conflict):
        services.edit_update(
            actor=personas["sumedang_officer"], update=update, data={"progress": 90}, expected_version=1
        )
    with pytest.raises(Conflict):
        services.submit(actor=personas["sumedang_officer"], update=update, expected_version=1)


def test_indicator_values_become_public_only_on_acceptance(personas):
    project = wa_kepo()
    indicator = Indicator.objects.create(project=project, name="Messages answered", unit="messages")
    other = Indicator.objects.exclude(project=project).first()
    cycle = open_cycle()
    with pytest.raises(ValidationError) as refused:
        services.create_update(
            actor=personas["sumedang_officer"],
            project=project,
            cycle=cycle,
            data=DRAFT,
            values=[{"indicator": other.pk, "value": "3"}, {"indicator": indicator.pk, "value": "many"}],
        )
    assert len(refused.value.message_dict["indicator_values"]) == 2
    update = services.create_update(
        actor=personas["sumedang_officer"],
        project=project,
        cycle=cycle,
        data=DRAFT,
        values=[{"indicator": indicator.pk, "value": "12500", "note": "WhatsApp Business export"}],
    )
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()
    update = services.submit(actor=personas["sumedang_officer"], update=update)
    update = services.endorse(actor=personas["indonesia_nr"], update=update)
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()
    services.accept(actor=personas["secretariat"], update=update)
    value = IndicatorValue.objects.get(indicator=indicator)
    assert value.value == Decimal("12500") and value.period_label == "2024–2025"
    assert (value.period_start, value.period_end) == (date(2024, 10, 1), date(2025, 9, 30))
    assert UpdateValue.objects.get(update=update).published == value
    assert published_values().filter(pk=value.pk).exists()
    assert ChangeEntry.objects.for_object(value).filter(action="create").exists()


def test_cycles_open_and_close(personas):
    with pytest.raises(PermissionDenied):
        services.create_cycle(actor=personas["indonesia_nr"], end_year=2025)
    cycle = services.create_cycle(actor=personas["secretariat"], end_year=2025)
    assert (cycle.slug, cycle.label, cycle.start_date, cycle.end_date) == (
        "2024-2025",
        "2024–2025",
        date(2024, 10, 1),
        date(2025, 9, 30),
    )
    assert cycle.state == "planned"
    with pytest.raises(services.WrongState):
        draft(personas, cycle=cycle)
    with pytest.raises(ValidationError):
        services.create_cycle(actor=personas["secretariat"], end_year=2025)
    calendar = services.create_cycle(actor=COMMAND, end_year=2026, start_month=1)
    assert (calendar.slug, calendar.start_date, calendar.end_date) == ("2026", date(2026, 1, 1), date(2026, 12, 31))
    with pytest.raises(ValidationError, match="overlap"):
        services.create_cycle(actor=COMMAND, end_year=2027)  # 2026-10 .. 2027-09 overlaps 2026
    cycle = services.open_cycle(actor=personas["secretariat"], cycle=cycle)
    update = draft(personas, cycle=cycle)
    cycle = services.close_cycle(actor=personas["secretariat"], cycle=cycle)
    with pytest.raises(services.WrongState, match="closed"):
        services.submit(actor=personas["sumedang_officer"], update=update)
    assert ChangeEntry.objects.for_object(cycle).filter(action="transition").count() == 2
    services.open_cycle(actor=personas["secretariat"], cycle=ReportingCycle.objects.get(pk=cycle.pk))
    services.submit(actor=personas["sumedang_officer"], update=update)


@pytest.mark.parametrize(
    ("text", "year"), [("2025", 2025), ("2024-2025", 2025), ("2024–2025", 2025), ("2024/2025", 2025)]
)
def test_cycle_names(text, year):
    assert services.parse_cycle_name(text) == year


@pytest.mark.parametrize("text", ["2024-2026", "twenty", "1999", ""])
def test_bad_cycle_names(text):
    with pytest.raises(ValueError):
        services.parse_cycle_name(text)


def test_the_public_status_comes_from_the_latest_accepted_update(personas):
    project = wa_kepo()
    older = open_cycle(2025)
    newer = open_cycle(2026)
    accepted(personas, project=project, cycle=newer, status="completed", progress=100)
    accepted(personas, project=project, cycle=older, status="ongoing", progress=50)  # accepted later, older cycle
    draft_in_next = open_cycle(2027)
    draft(personas, project=project, cycle=draft_in_next, status="discontinued", progress=0)
    annotated = annotate_public_progress(Project.objects.filter(pk=project.pk)).get()
    assert (annotated.public_status, annotated.public_progress, annotated.public_cycle) == (
        "completed",
        100,
        "2025-2026",
    )
    untouched = annotate_public_progress(Project.objects.exclude(pk=project.pk)).first()
    assert untouched.public_status == untouched.status and untouched.public_progress is None
