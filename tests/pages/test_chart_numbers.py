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


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_number_filter_writes_whole_numbers_as_django_does(language):
    # Whole numbers take a short path (hub/core/charts/numbers.py): the same text as Django's numberformat.
    from django.template import engines
    from django.utils import formats, numberformat

    template = engines["django"].from_string("{% load core_tags %}{{ value|number }}")
    with translation.override(language):
        for value in [0, 7, -7, 999, 1000, -1000, 1234567, -987654321, 10**20, True]:
            django = numberformat.format(
                int(value),
                formats.get_format("DECIMAL_SEPARATOR", language),
                grouping=formats.get_format("NUMBER_GROUPING", language),
                thousand_sep=formats.get_format("THOUSAND_SEPARATOR", language),
                force_grouping=True,
                use_l10n=True,
            )
            assert template.render({"value": value}) == django
    assert template.render({"value": 1234567}) == "1,234,567"  # the default language again, not Indonesian
