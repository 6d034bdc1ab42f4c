"""The M&E dashboards' charts and published-reports section, each drawn (its data and its HTML) again only
when the rows it shows differ from the last drawing's (hub.core.drawn.drawn_from).

The first request after a write (issue 10, target 2) still reads every row the page shows, but a write that
changed none of a chart's rows leaves its drawing as it is: the geometry, the number formatting and the markup
(hub/monitoring/charts.py, hub/core/charts) are a pure function of those rows and the active language. Each
drawing's key holds everything its ``draw`` reads; names carry the dashboard's level, so that the country and
the member dashboards (one slot per level) never take the network's drawing and the network's stays put.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hub.core.charts import bar_chart, stacked_bar_chart
from hub.core.drawn import drawn_from
from hub.monitoring import charts
from hub.monitoring.models import PublishedFigure
from hub.monitoring.published import FigureRow, figures_chart
from hub.monitoring.selectors import STATUS_ORDER
from hub.projects.chart import stacked_chart_html


def status_series() -> list[tuple[str, str]]:
    return [(s.value, capfirst(str(s.label))) for s in STATUS_ORDER]


def _drawn(name: str, rows: Any, make: Callable[[], dict], to_html: Callable[[dict], str]) -> tuple[dict, str]:
    """(chart, its HTML): ``make()`` and ``to_html`` again only when ``rows`` differ from the last drawing's."""

    def draw():
        chart = make()
        return chart, to_html(chart)

    return drawn_from(f"monitoring.{name}", rows, draw)


def dashboard_charts(level: str, figures, series: list[dict], breakdown_rows: list, breakdown_title: str) -> dict:
    """The context of dashboard.html's charts: each chart's dict (what the template reads of it) and its HTML."""
    focus_rows = tuple((area.label, tuple(counts.items())) for area, counts in figures.by_focus)
    focus, focus_html = _drawn(
        f"{level}.focus",
        focus_rows,
        lambda: stacked_bar_chart(
            [{"label": label, "values": dict(counts)} for label, counts in focus_rows],
            [{"key": key, "label": label} for key, label in status_series()],
            bar_height=24,
            title=_("Projects by focus area and status"),
            label_heading=_("Focus area"),
            chart_id="chart-focus",
            width=760,
        ),
        stacked_chart_html,  # the markup of core/charts/stacked.html
    )
    status_names = dict(status_series())
    status_rows = tuple((status_names[k], v) for k, v in figures.by_status.items())
    statuses, statuses_html = _drawn(
        f"{level}.status",
        status_rows,
        lambda: bar_chart(
            list(status_rows),
            width=460,
            chart_id="chart-status",
            title=_("Projects by status"),
            label_heading=_("Status"),
            value_heading=_("Projects"),
        ),
        charts.bars_html,
    )
    breakdown_rows = tuple(breakdown_rows)
    breakdown, breakdown_html = _drawn(
        f"{level}.breakdown",
        (breakdown_title, breakdown_rows),
        lambda: bar_chart(
            list(breakdown_rows),
            width=460,
            chart_id="chart-breakdown",
            title=breakdown_title,
            value_heading=_("Projects"),
        ),
        charts.bars_html,
    )
    cycle_rows = tuple((r["cycle"].label, r["projects"], r["accepted"], r["expected"], r["submitted"]) for r in series)
    growth, growth_html = _drawn(f"{level}.growth", cycle_rows, lambda: _growth(cycle_rows), charts.columns_html)
    flow, flow_html = _drawn(f"{level}.flow", cycle_rows, lambda: _flow(cycle_rows), charts.columns_html)
    return {
        "focus_chart": focus,
        "focus_chart_html": focus_html,
        "status_chart": statuses,
        "status_chart_html": statuses_html,
        "breakdown_chart": breakdown,
        "breakdown_chart_html": breakdown_html,
        "growth_chart": growth,
        "growth_chart_html": growth_html,
        "flow_chart": flow,
        "flow_chart_html": flow_html,
    }


def _growth(rows: tuple) -> dict:
    return charts.columns(
        [r[0] for r in rows],
        [
            (_("Projects counted"), [r[1] for r in rows]),
            (_("Updates accepted"), [r[2] for r in rows]),
        ],
        title=_("Projects and accepted updates per cycle"),
        category_heading=_("Cycle"),
        chart_id="chart-cycles",
    )


def _flow(rows: tuple) -> dict:
    return charts.columns(
        [r[0] for r in rows],
        [
            (_("Expected to report"), [r[3] for r in rows]),
            (_("Submitted"), [r[4] for r in rows]),
            (_("Accepted"), [r[2] for r in rows]),
        ],
        title=_("Updates submitted and accepted per cycle"),
        category_heading=_("Cycle"),
        chart_id="chart-flow",
    )


def indicator_charts(level: str, entries: list[dict]) -> list[dict]:
    """Each indicator's line chart (indicator_series' entries), drawn again only when its values differ."""
    indicators = []
    for position, entry in enumerate(entries):
        indicator = entry["indicator"]
        points = tuple((v.period_end, v.value, v.period_label) for v in entry["values"])
        key = (indicator.pk, indicator.name, indicator.unit, indicator.target, indicator.baseline, points)
        chart, chart_html = _drawn(
            f"{level}.indicator.{position}",
            key,
            lambda indicator=indicator, points=points: charts.line(
                list(points),
                target=indicator.target,
                baseline=indicator.baseline,
                title=f"{indicator.name} ({indicator.unit})",
                unit=indicator.unit,
                chart_id=f"chart-indicator-{indicator.pk}",
            ),
            charts.line_html,
        )
        indicators.append({"indicator": indicator, "chart": chart, "chart_html": chart_html, "values": entry["values"]})
    return indicators


_FIGURE_FIELDS = tuple(f.attname for f in PublishedFigure._meta.concrete_fields)


def published_section(request: HttpRequest, rows: list[FigureRow]) -> dict:
    """The network dashboard's published reports (partials/published.html, its status chart): drawn again only
    when a report's figures, the hub's comparison lines or the query string (which the section's download links
    carry, {% open_data_links %}) differ."""
    key = (
        tuple(sorted(request.GET.lists())),
        tuple((tuple(getattr(r.figure, name) for name in _FIGURE_FIELDS), tuple(r.lines)) for r in rows),
    )

    def draw():
        with_status = [r for r in rows if r.status_rows]
        status_chart, status_html = None, ""
        if with_status:
            latest = with_status[-1]
            status_chart = bar_chart(
                [(label, n) for _key, label, n in latest.status_rows],
                width=460,
                chart_id="chart-published-status",
                title=_("Projects by status in the %(report)s (published)") % {"report": latest.figure.title},
                label_heading=_("Status"),
                value_heading=_("Projects"),
            )
            status_html = charts.bars_html(status_chart)
        context = {"request": request, "published_rows": rows, "published_chart": figures_chart(rows)}
        return render_to_string("monitoring/partials/published.html", context), status_chart, status_html

    html, status_chart, status_html = drawn_from("monitoring.published", key, draw)
    return {
        "published_rows": rows,
        "published_html": html,
        "published_status_chart": status_chart,
        "published_status_chart_html": status_html,
    }
