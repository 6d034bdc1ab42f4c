"""The projects list's chart written in Python (hub/projects/chart.py) gives, byte for byte, what the shared
template core/charts/stacked.html gives for the same chart: the list's own chart (filtered or not, with a
thousand-grouped figure), a chart without links, title, description or headings, one with markup in its words,
and an empty one, in English and Bahasa Indonesia."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from hub.core.charts import stacked_bar_chart
from hub.projects.chart import stacked_chart_html
from hub.projects.filters import ProjectFilter
from hub.projects.models import Project
from hub.projects.views import focus_status_chart

pytestmark = pytest.mark.django_db

STATUSES = [
    {"key": "planning", "label": "planning"},
    {"key": "ongoing", "label": "ongoing"},
    {"key": "completed", "label": "completed"},
]


def template_html(chart) -> str:
    return render_to_string("core/charts/stacked.html", {"chart": chart})


def charts() -> list[dict]:
    listed = ProjectFilter().apply(Project.objects.all())
    return [
        focus_status_chart(listed, {}),
        focus_status_chart(ProjectFilter(q="smart").apply(Project.objects.all()), {"q": "smart"}),
        focus_status_chart(ProjectFilter(country="ID").apply(Project.objects.all()), {"country": "ID"}),
        stacked_bar_chart(
            [
                {"label": "A very long focus area name that is cut short", "values": {"planning": 1234, "ongoing": 2}},
                {"label": "<Short> & \"quoted\" 'one'", "values": {"completed": 0.5, "ongoing": 7}},
                {"label": "Nothing", "values": {}},
            ],
            STATUSES,
        ),
        stacked_bar_chart(
            [{"label": "One", "url": "/x/?a=1&b=<2>", "values": {"ongoing": 3}, "urls": {"ongoing": '/y/?s="o"'}}],
            [{"key": "ongoing", "label": "on <going>", "colour": "#123456"}],
            title="Title & <more>",
            description="Description & <more>",
            label_heading="Label & co",
            total_heading="Sum & co",
        ),
        stacked_bar_chart([], STATUSES),
        stacked_bar_chart([{"label": "Zero", "values": {"planning": 0}}], STATUSES),
    ]


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_chart_written_in_python_is_the_templates(language):
    with translation.override(language):
        for chart in charts():
            assert stacked_chart_html(chart) == template_html(chart)


def test_the_list_page_shows_the_chart_the_template_draws(client):
    html = client.get("/projects/").content.decode()
    chart = focus_status_chart(ProjectFilter().apply(Project.objects.all()), {})
    assert template_html(chart) in html
