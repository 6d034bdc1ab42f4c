"""The M&E dashboards' charts written in Python (hub/monitoring/charts.py: line_html, columns_html) give, byte
for byte, what their templates (monitoring/charts/line.html, columns.html) give for the same chart: with and
without target and baseline, one point or many, markup in the words, thousand-grouped figures, empty, in
English and Bahasa Indonesia."""

from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from hub.core.charts import bar_chart
from hub.monitoring import charts

pytestmark = pytest.mark.django_db


def line_charts() -> list[dict]:
    days = [date(2023, 9, 30), date(2024, 9, 30), date(2025, 3, 31), date(2025, 9, 30)]
    return [
        charts.line(
            [(d, Decimal(v), f"FY{d.year}") for d, v in zip(days, ["12.5000", "1234.5", "0", "2500000"], strict=True)],
            target=Decimal("3000000"),
            baseline=Decimal("10.25"),
            title="Households <connected> & \"more\" 'too' (%)",
            unit="%",
            chart_id="chart-indicator-7",
        ),
        charts.line([(days[0], 4, "Q<1>"), (days[1], -2, "Q&2")], title="Negative", baseline=0),
        charts.line([(days[0], 1, "only")], target=5, title="One point"),
        charts.line([], title="Nothing yet"),
    ]


def column_charts() -> list[dict]:
    return [
        charts.columns(
            ["2023–2024", "2024–2025 <open>"],
            [("Projects counted", [1234, 5]), ("Updates & more", [None, 0]), ("Third", [7, 12000])],
            title="Projects & updates",
            category_heading="Cycle <x>",
            chart_id="chart-cycles",
        ),
        charts.columns(["2022"], [("One", [3])]),
        {**charts.columns(["a"], [("b", [1])], title="Described"), "description": "Words & <markup>"},
        charts.columns([], [("Projects counted", [])], title="Empty"),
    ]


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_line_chart_written_in_python_is_the_templates(language):
    with translation.override(language):
        for chart in line_charts():
            assert charts.line_html(chart) == render_to_string("monitoring/charts/line.html", {"chart": chart})


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_column_chart_written_in_python_is_the_templates(language):
    with translation.override(language):
        for chart in column_charts():
            assert charts.columns_html(chart) == render_to_string("monitoring/charts/columns.html", {"chart": chart})


def bar_charts() -> list[dict]:
    return [
        bar_chart(
            [("Ongoing", 1234), ("Planning <soon>", 3), ("Completed", 0)],
            width=460,
            chart_id="chart-status",
            title="Projects & status",
            label_heading="Status <s>",
            value_heading="Projects",
        ),
        bar_chart([("Indonesia", 12, "/monitoring/country/id/"), ("Viet Nam & co", 1, "/x/?a=1&b=2")], width=460),
        bar_chart([("One", 1)], description="Words & <markup>"),
        bar_chart([], title="Nothing"),
    ]


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_bar_chart_written_in_python_is_the_templates(language):
    with translation.override(language):
        for chart in bar_charts():
            assert charts.bars_html(chart) == render_to_string("core/charts/bars.html", {"chart": chart})


# The projects loop of monitoring/dashboard.html (member dashboards) before it became {{ projects|project_rows }}.
PROJECTS_LOOP = """{% load i18n monitoring_tags %}{% for p in projects %}
      <tr><th scope="row"><a href="{{ p.get_absolute_url }}">{{ p.title }}</a>{% if p.is_demo %} <span class="badge">{% translate "demo" %}</span>{% endif %}</th>
        <td>{% for f in p.focus_areas.all %}{{ f.label }}{% if not forloop.last %}, {% endif %}{% endfor %}</td>
        <td>{{ p.public_status_label|capfirst }}</td>
        <td>{% include "monitoring/partials/progress.html" with value=p.public_progress %}</td>
        <td>{{ p.public_cycle|cycle_label|default:"—" }}</td></tr>
    {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_member_projects_written_in_python_are_the_templates(language):
    from django.template import Context, Template

    from hub.monitoring.rows import project_rows
    from hub.monitoring.selectors import annotate_public_progress
    from hub.projects.models import FocusArea, Project, ProjectStatus

    member = Project.objects.values_list("member_id", flat=True).first()
    extra = Project.objects.create(
        member_id=member, slug="rows-x", title='Rows & <b>"x"</b>', status="planning", is_demo=True
    )
    extra.focus_areas.set(FocusArea.objects.all()[:2])
    projects = list(
        annotate_public_progress(Project.objects.filter(member_id=member))
        .prefetch_related("focus_areas")
        .order_by("title")
    )
    names = dict(ProjectStatus.choices)
    for p in projects:
        p.public_status_label = names.get(p.public_status, p.public_status)
    assert len(projects) >= 2 and any(p.is_demo for p in projects)
    with translation.override(language):
        assert project_rows(projects) == Template(PROJECTS_LOOP).render(Context({"projects": projects}))
