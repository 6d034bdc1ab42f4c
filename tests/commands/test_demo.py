"""``loaddemo``: invented projects and reporting, flagged everywhere, replaceable and removable, never
touching the registry, the reference projects or a closed cycle with real reporting."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from hub.monitoring import services
from hub.monitoring.models import ProgressUpdate, ReportingCycle
from hub.network.models import Member, MembershipEvent
from hub.projects.models import Indicator, IndicatorValue, Project
from tests.services.test_monitoring_support import COMMAND, DRAFT, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("loaddemo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _fingerprint() -> list[tuple]:
    return sorted(
        ProgressUpdate.objects.filter(is_demo=True).values_list(
            "project__slug", "cycle__slug", "state", "progress", "status"
        )
    )


def test_everything_it_makes_is_flagged_and_the_registry_is_untouched():
    members_before = Member.objects.count(), MembershipEvent.objects.count()
    real_projects = set(Project.objects.filter(is_demo=False).values_list("pk", "version"))

    output = _run("--per-member", "1", "--cycles", "1")

    demo = Project.objects.filter(is_demo=True)
    current = Member.objects.members_on(timezone.localdate()).filter(is_demo=False).count()
    assert demo.count() == current > 30
    assert f"Demo data: {current} projects" in output
    assert all(title.endswith("(demo)") for title in demo.values_list("title", flat=True))
    assert not Project.objects.filter(is_demo=False, title__endswith="(demo)").exists()
    assert not Indicator.objects.filter(project__is_demo=True, is_demo=False).exists()
    assert not IndicatorValue.objects.filter(indicator__project__is_demo=True, is_demo=False).exists()
    assert IndicatorValue.objects.filter(is_demo=True).exists()  # accepted figures were published
    updates = ProgressUpdate.objects.filter(project__is_demo=True)
    assert updates.exists() and not updates.filter(is_demo=False).exists()
    assert {"accepted"} <= set(updates.values_list("state", flat=True))
    assert (Member.objects.count(), MembershipEvent.objects.count()) == members_before
    assert set(Project.objects.filter(is_demo=False).values_list("pk", "version")) == real_projects


def test_the_updates_went_through_the_review_chain():
    _run("--per-member", "1", "--cycles", "1")
    accepted = ProgressUpdate.objects.filter(is_demo=True, state="accepted").first()
    assert [r.action for r in accepted.reviews.order_by("at", "pk")] == ["submit", "endorse", "accept"]
    returned = ProgressUpdate.objects.filter(is_demo=True, reviews__action="return").first()
    if returned is not None:  # the seed decides whether one was returned
        assert returned.state == "draft"
    past = ReportingCycle.objects.filter(end_date__lt=timezone.localdate()).order_by("-end_year").first()
    assert past.state == "closed"


def test_running_twice_gives_the_same_data_and_remove_deletes_it():
    _run("--per-member", "1", "--cycles", "1")
    first = _fingerprint()
    output = _run("--per-member", "1", "--cycles", "1")
    assert "Replaced" in output
    assert _fingerprint() == first
    assert "Removed" in _run("--remove")
    assert not Project.objects.filter(is_demo=True).exists()
    assert not ProgressUpdate.objects.filter(is_demo=True).exists()
    assert not IndicatorValue.objects.filter(is_demo=True).exists()


def test_a_closed_cycle_with_real_reporting_is_left_alone():
    today = timezone.localdate()
    end_year = (today.year + 1 if today.month >= 10 else today.year) - 1
    cycle = open_cycle(end_year)
    real = services.create_update(actor=COMMAND, project=wa_kepo(), cycle=cycle, data=dict(DRAFT))
    services.close_cycle(actor=COMMAND, cycle=cycle)

    output = _run("--per-member", "1", "--cycles", "1")

    assert f"Closed cycles left alone: {cycle.label}" in output
    assert list(ProgressUpdate.objects.filter(cycle=cycle)) == [real]


def test_demo_projects_say_so_on_their_pages():
    _run("--per-member", "1", "--cycles", "0")
    project = Project.objects.filter(is_demo=True).first()
    page = Client().get(project.get_absolute_url()).content.decode()
    assert "Demo data: made up for demonstrations, not real." in page


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError, match="per-member"):
        _run("--per-member", "0")
    with pytest.raises(CommandError, match="cycles"):
        _run("--cycles", "11")


def test_demo_updates_say_so_on_their_pages():
    _run("--per-member", "1", "--cycles", "1")
    update = ProgressUpdate.objects.filter(is_demo=True, state="accepted").first()
    page = Client().get(f"/monitoring/updates/{update.pk}/").content.decode()
    assert "Demo data: made up for demonstrations, not real." in page
    listing = Client().get("/monitoring/updates/").content.decode()
    assert '<span class="badge">demo</span>' in listing
