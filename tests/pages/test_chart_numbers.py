"""Chart figures on a page follow the page's language: "1,234" in English, "1.234" in Bahasa Indonesia."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from hub.monitoring.tallies import refresh_members
from hub.network.models import Member
from hub.projects.models import Project
from tests.pages.helpers import section, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_discontinued_projects():
    """Enough projects (made-up, so marked demo) for a four-digit count on the dashboard's status chart."""
    member = Member.objects.get(slug="sumedang")
    Project.objects.bulk_create(
        Project(slug=f"demo-l10n-{i}", member=member, title=f"Demo project {i}", status="discontinued", is_demo=True)
        for i in range(1200)
    )
    refresh_members([member.pk])  # bulk_create skips the model signals that keep the tallies
    return Project.objects.filter(status="discontinued").count()


@pytest.fixture(autouse=True)
def english_afterwards():
    """Requests in Indonesian leave the language active in this thread: later tests expect English."""
    yield
    translation.deactivate()


def status_chart(response) -> str:
    assert response.status_code == 200
    return section(text(response), "chart-status")


def figures_shown(chart: str) -> list[str]:
    """The numbers of the chart's table and of the value labels in its SVG."""
    return re.findall(r"<td>([^<]*)</td>", chart) + re.findall(r'class="chart-bar-value"[^>]*>([^<]*)<', chart)


def test_dashboard_figures_follow_the_page_language(client, many_discontinued_projects):
    english = f"{many_discontinued_projects:,}"
    indonesian = english.replace(",", ".")
    assert english != indonesian  # four digits or more

    chart = status_chart(client.get("/monitoring/", {"cycle": "now"}))
    assert figures_shown(chart).count(english) == 2

    # Asked for by the browser (Accept-Language)...
    response = client.get("/monitoring/", {"cycle": "now"}, HTTP_ACCEPT_LANGUAGE="id")
    assert response["Content-Language"] == "id"
    chart = status_chart(response)
    assert figures_shown(chart).count(indonesian) == 2
    assert english not in chart

    # ...or by the language cookie (the footer's language switcher).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    response = client.get("/monitoring/", {"cycle": "now"})
    assert response["Content-Language"] == "id"
    chart = status_chart(response)
    assert figures_shown(chart).count(indonesian) == 2
    assert english not in chart
