"""The network dashboard's charts and published-reports section are drawn again only when the rows they show
differ (hub/monitoring/dashboard_charts.py, hub.core.drawn.drawn_from): a write of any kind, even one the
services never see, shows on the next read, and an unchanged drawing prints the same bytes."""

import re

import pytest

from hub.monitoring.models import PublishedFigure
from tests.pages.helpers import section, text

pytestmark = pytest.mark.django_db


def test_reading_the_dashboard_twice_gives_the_same_page(client):
    first, second = (re.sub(r'value="[^"]{64}"', "", text(client.get("/monitoring/"))) for _ in range(2))
    assert first == second  # the CSRF token aside
    assert 'id="chart-published"' in first and 'id="chart-status"' in first


def test_the_published_section_follows_a_queryset_update(client):
    before = text(client.get("/monitoring/"))
    figure = PublishedFigure.objects.order_by("report_year").last()
    year = figure.report_year
    assert f'data-figure="published-{year}">{figure.projects}<' in before
    PublishedFigure.objects.filter(pk=figure.pk).update(projects=figure.projects + 1000, title="Zzqx report")
    after = text(client.get("/monitoring/"))
    assert f'data-figure="published-{year}">{figure.projects + 1000}<' in after
    assert "Zzqx report" in section(after, "published-figures")
    assert "Zzqx report" in section(after, "chart-published-status")  # the latest report's status chart


def test_the_indicator_charts_follow_a_queryset_update(client, personas):
    from hub.projects.models import IndicatorValue

    html = text(client.get("/monitoring/"))
    found = re.search(r'id="chart-indicator-(\d+)"', html)
    if found is None:
        pytest.skip("no indicator with two dated public values in this database")
    pk = int(found.group(1))
    value = IndicatorValue.objects.filter(indicator_id=pk).order_by("period_end").last()
    IndicatorValue.objects.filter(pk=value.pk).update(value=987654)
    after = section(text(client.get("/monitoring/")), f"chart-indicator-{pk}")
    assert "987,654" in after or "987654" in after
