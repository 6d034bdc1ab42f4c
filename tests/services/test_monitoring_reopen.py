"""Reopening an accepted update, through the services: back to draft, public data falls back, all logged."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from hub.core.models import ChangeEntry
from hub.monitoring import services
from hub.monitoring.models import ProgressUpdate, ReviewStep, UpdateValue
from hub.monitoring.selectors import CycleFacts, annotate_public_progress, project_timeline
from hub.projects.models import Indicator, IndicatorValue, Project
from tests.services.test_monitoring_support import COMMAND, DRAFT, accepted, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db


def _public(project: Project) -> tuple:
    p = annotate_public_progress(Project.objects.filter(pk=project.pk)).get()
    return p.public_status, p.public_progress, p.public_cycle


def _with_value(personas, *, cycle, value: str, **data) -> ProgressUpdate:
    project = wa_kepo()
    indicator, _ = Indicator.objects.get_or_create(project=project, name="Messages answered", unit="messages")
    update = services.create_update(
        actor=personas["sumedang_officer"],
        project=project,
        cycle=cycle,
        data={**DRAFT, **data},
        values=[{"indicator": indicator.pk, "value": value}],
    )
    update = services.submit(actor=personas["sumedang_officer"], update=update)
    update = services.endorse(actor=personas["indonesia_nr"], update=update)
    return services.accept(actor=personas["secretariat"], update=update)


def test_reopening_falls_back_to_the_previous_accepted_update(personas, django_capture_on_commit_callbacks):
    project = wa_kepo()
    older = _with_value(personas, cycle=open_cycle(2025), value="9000", status="ongoing", progress=50)
    newer = _with_value(personas, cycle=open_cycle(2026), value="12500", status="completed", progress=100)
    indicator = Indicator.objects.get(project=project, name="Messages answered")
    assert _public(project) == ("completed", 100, "2025-2026")
    assert sorted(IndicatorValue.objects.filter(indicator=indicator).values_list("value", flat=True)) == [
        Decimal("9000"),
        Decimal("12500"),
    ]
    withdrawn = UpdateValue.objects.get(update=newer).published

    with django_capture_on_commit_callbacks(execute=True):
        reopened = services.reopen(
            actor=personas["secretariat"], update=newer, comment="The 12,500 counts two portals twice."
        )

    assert reopened.state == "draft"
    assert reopened.accepted_at is None and reopened.endorsed_at is None and reopened.submitted_at is None
    # Public status, progress and figures fall back to the 2024–2025 update.
    assert _public(project) == ("ongoing", 50, "2024-2025")
    assert list(IndicatorValue.objects.filter(indicator=indicator).values_list("value", flat=True)) == [Decimal("9000")]
    assert UpdateValue.objects.get(update=newer).published is None
    assert ChangeEntry.objects.filter(action="delete", object_id=str(withdrawn.pk), note__contains="reopened").exists()
    facts = CycleFacts(member_ids=[project.member_id])
    assert facts.status_in(facts.cycles[-1], project.pk) == "ongoing"
    assert not ProgressUpdate.objects.visible_to(None).filter(pk=newer.pk).exists()
    assert ProgressUpdate.objects.visible_to(None).filter(pk=older.pk).exists()

    # Review history and change log both record the step, with the comment.
    step = ReviewStep.objects.filter(update=newer).order_by("-at", "-pk").first()
    assert (step.action, step.from_state, step.to_state, step.acting_as) == (
        "reopen",
        "accepted",
        "draft",
        "secretariat",
    )
    assert step.comment == "The 12,500 counts two portals twice."
    entry = ChangeEntry.objects.for_object(newer).filter(action="transition").order_by("-at", "-pk").first()
    assert entry.changes["state"] == ["accepted", "draft"]
    assert entry.note.startswith("reopen: accepted → draft") and "counts two portals" in entry.note
    # The authors see the comment on their draft; the officers and the National Representative are told.
    timeline = project_timeline(project, personas["sumedang_officer"])
    assert timeline["entries"][0]["return_comment"] == "The 12,500 counts two portals twice."
    assert "Reopened" in mail.outbox[-1].subject
    assert {"officer@sumedang.example", "nr@kemendagri.example"} <= set(mail.outbox[-1].to)

    # The authors correct it; it goes through the whole chain again and is published anew.
    services.edit_update(
        actor=personas["sumedang_officer"],
        update=reopened,
        data={"progress": 95},
        values=[{"indicator": indicator.pk, "value": "11000"}],
    )
    again = services.submit(actor=personas["sumedang_officer"], update=ProgressUpdate.objects.get(pk=newer.pk))
    again = services.endorse(actor=personas["indonesia_nr"], update=again)
    services.accept(actor=personas["secretariat"], update=again)
    assert _public(project) == ("completed", 95, "2025-2026")
    assert IndicatorValue.objects.filter(indicator=indicator, value=Decimal("11000")).exists()
    actions = list(ReviewStep.objects.filter(update=newer).order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["submit", "endorse", "accept", "reopen", "submit", "endorse", "accept"]
    # The public sees that it was reopened (not why, nor by whom); returns stay private.
    public_steps = [r.action for r in project_timeline(project, None)["entries"][0]["reviews"]]
    assert "reopen" in public_steps


def test_reopening_is_refused_to_others_and_in_the_wrong_state(personas):
    update = accepted(personas)
    for name in ("sumedang_officer", "indonesia_nr", "thailand_nr", "partner"):
        with pytest.raises(PermissionDenied, match="Secretariat reopens"):
            services.reopen(actor=personas[name], update=update, comment="No.")
    with pytest.raises(ValidationError) as refused:
        services.reopen(actor=personas["secretariat"], update=update, comment="   ")
    assert "comment" in refused.value.message_dict
    update.refresh_from_db()
    assert update.state == "accepted"

    draft_again = services.reopen(actor=personas["secretariat"], update=update, comment="Wrong progress.")
    with pytest.raises(services.WrongState, match="Only an accepted update"):
        services.reopen(actor=personas["secretariat"], update=draft_again, comment="Twice.")
    assert ReviewStep.objects.filter(update=update, action="reopen").count() == 1


def test_a_closed_cycle_must_be_opened_again_before_reopening(personas):
    update = accepted(personas)
    services.close_cycle(actor=COMMAND, cycle=update.cycle)
    update = ProgressUpdate.objects.select_related("cycle").get(pk=update.pk)
    with pytest.raises(services.WrongState, match="open the cycle again first"):
        services.reopen(actor=personas["secretariat"], update=update, comment="Late correction.")
    services.open_cycle(actor=personas["secretariat"], cycle=update.cycle)
    update = ProgressUpdate.objects.select_related("cycle").get(pk=update.pk)
    assert services.reopen(actor=personas["secretariat"], update=update, comment="Late correction.").state == "draft"


def test_a_stale_version_is_refused(personas):
    update = accepted(personas)
    with pytest.raises(services.Conflict):
        services.reopen(
            actor=personas["secretariat"], update=update, comment="Fix.", expected_version=update.version - 1
        )
