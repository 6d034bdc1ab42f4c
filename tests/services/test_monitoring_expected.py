"""Who is expected to report in a cycle: a project reported completed stops being expected, unless it
reports again, so that "accepted of expected" never passes 100 %."""

import pytest

from hub.monitoring import services
from hub.monitoring.selectors import CycleFacts
from tests.services.test_monitoring_support import COMMAND, accepted, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db


def test_a_finished_project_is_not_expected_but_counts_when_it_reports_again(personas):
    earlier = open_cycle(2024)
    accepted(personas, cycle=earlier, status="completed", progress=100)
    services.close_cycle(actor=COMMAND, cycle=earlier)
    later = open_cycle(2025)
    project = wa_kepo()

    facts = CycleFacts(member_ids=[project.member_id])
    assert project.pk not in facts.expected(later)
    assert project.pk not in facts.late(later)

    accepted(personas, cycle=later, status="completed", progress=100)
    figures = CycleFacts(member_ids=[project.member_id]).figures(later)
    assert project.pk in CycleFacts(member_ids=[project.member_id]).expected(later)
    assert figures.accepted <= figures.expected
