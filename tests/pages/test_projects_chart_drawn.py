"""The /projects/ chart is drawn again only when its counts, the filter or the focus areas differ
(hub.core.drawn.drawn_from in projects.views.project_list): a change of the counts shows on the next read."""

import pytest

from hub.monitoring.models import CountryTally
from tests.pages.helpers import section, text

pytestmark = pytest.mark.django_db


def test_the_projects_chart_follows_its_counts(client):
    first = section(text(client.get("/projects/")), "projects-by-focus-status")
    assert first == section(text(client.get("/projects/")), "projects-by-focus-status")
    # The tallies the chart reads, changed behind the services' back: the next read shows it.
    row = CountryTally.objects.filter(cycle=None, focus_area__isnull=False, counted__gt=0).first()
    CountryTally.objects.filter(pk=row.pk).update(counted=row.counted + 7654)
    after = section(text(client.get("/projects/")), "projects-by-focus-status")
    assert after != first and "7," in after
    # Another filter is another drawing; back to the first filter, the counts of now.
    assert section(text(client.get("/projects/", {"status": "completed"})), "projects-by-focus-status") != after
    assert section(text(client.get("/projects/")), "projects-by-focus-status") == after
