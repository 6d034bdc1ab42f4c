"""Charts of the M&E pages that hub.core.charts does not draw: grouped columns, a line (the stacked bars by
focus area and status are hub.core.charts.stacked_bar_chart, shared with the projects list).

Pure functions like hub.core.charts: plain data in, geometry out, drawn by the templates in
templates/monitoring/charts/ (each with its data as a table, the text alternative). The PDF report draws
the same data with reportlab (hub.monitoring.report.pdf), so a number on a page is the number in print.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from hub.core.charts import format_number, nice_ticks
from hub.core.charts.plots import CHAR_WIDTH

_ids = itertools.count(1)

SERIES_COLOURS = ["#0066a1", "#b35000", "#00785a", "#7a3e9d"]


def _r(value: float) -> float:
    return round(value, 1)


def _num(value: Any) -> float:
    if value is None:
        return 0.0
    return float(value)


def columns(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    *,
    width: int = 640,
    height: int = 260,
    title: str = "",
    category_heading: str = "",
    chart_id: str | None = None,
) -> dict[str, Any]:
    """Grouped vertical columns: one group per category (e.g. a cycle), one column per series.

    A value of None is missing (no column, "—" in the table), which is not the same as 0.
    """
    top_value = max((v for _, values in series for v in values if v is not None), default=0)
    ticks = nice_ticks(top_value)
    y_top = ticks[-1]
    legend_h = 26
    left = 14 + CHAR_WIDTH * len(str(y_top))
    right, top, bottom = 10.0, legend_h + 10.0, 30.0
    plot_w, plot_h = max(width - left - right, 10), max(height - top - bottom, 10)
    group_w = plot_w / max(len(categories), 1)
    col_w = min(44.0, group_w * 0.8 / max(len(series), 1))
    groups = []
    for ci, category in enumerate(categories):
        x0 = left + ci * group_w + (group_w - col_w * len(series)) / 2
        cols = []
        for si, (name, values) in enumerate(series):
            value = values[ci]
            h = plot_h * value / y_top if y_top and value is not None else 0
            cols.append(
                {
                    "name": name,
                    "value": value,
                    "x": _r(x0 + si * col_w),
                    "width": _r(col_w - 2),
                    "y": _r(top + plot_h - h),
                    "height": _r(h),
                    "colour": SERIES_COLOURS[si % len(SERIES_COLOURS)],
                    "text_x": _r(x0 + si * col_w + (col_w - 2) / 2),
                    "text_y": _r(top + plot_h - h - 4),
                }
            )
        groups.append({"label": category, "columns": cols, "label_x": _r(left + ci * group_w + group_w / 2)})
    legend, lx = [], left
    for si, (name, _) in enumerate(series):
        legend.append(
            {"name": name, "colour": SERIES_COLOURS[si % len(SERIES_COLOURS)], "x": _r(lx), "text_x": _r(lx + 16)}
        )
        lx += 16 + len(name) * CHAR_WIDTH + 18
    table = [{"label": c, "values": [values[i] for _, values in series]} for i, c in enumerate(categories)]
    label_y = _r(top + plot_h + 18)
    return {
        **_column_marks(groups, table, label_y),
        "id": chart_id or f"chart-columns-{next(_ids)}",
        "title": title,
        "category_heading": category_heading,
        "series": [name for name, _ in series],
        "table": table,
        "groups": groups,
        "legend": legend,
        "y_ticks": [{"value": t, "y": _r(top + plot_h * (1 - t / y_top))} for t in ticks] if y_top else [],
        "plot_left": _r(left),
        "plot_right": _r(left + plot_w),
        "plot_bottom": _r(top + plot_h),
        "label_y": label_y,
        "y_label_x": _r(left - 6),
        "width": width,
        "height": height,
        "viewbox": f"0 0 {width} {height}",
        "empty": not categories,
    }


def line(
    points: Sequence[tuple[date, Any, str]],
    *,
    target: Any = None,
    baseline: Any = None,
    width: int = 560,
    height: int = 220,
    title: str = "",
    unit: str = "",
    chart_id: str | None = None,
) -> dict[str, Any]:
    """A value over time: points are (date, value, label) in date order; optional target and baseline lines."""
    data = [(d, _num(v), label, v) for d, v, label in points]
    refs = [_num(x) for x in (target, baseline) if x is not None]
    values = [v for _, v, _, _ in data] + refs
    low = min(min(values, default=0.0), 0.0)
    high = max(max(values, default=0.0), 1.0)
    ticks = nice_ticks(high - low)
    span = ticks[-1] or 1
    y_ticks = [low + t for t in ticks]
    left = 14 + CHAR_WIDTH * max(len(format_number(round(t))) for t in y_ticks)
    right, top, bottom = 16.0, 12.0, 30.0
    plot_w, plot_h = max(width - left - right, 10), max(height - top - bottom, 10)
    first = data[0][0] if data else timezone.localdate()
    last = data[-1][0] if data else first
    days = max((last - first).days, 1)
    # Room for half of the first and last axis labels, so that they are not cut at the edges.
    pad_left = max(10.0, len(data[0][2]) * CHAR_WIDTH / 2 - 6) if data else 10.0
    pad_right = max(10.0, len(data[-1][2]) * CHAR_WIDTH / 2 - right + 4) if data else 10.0

    def x_of(day: date) -> float:
        if len(data) == 1:
            return _r(left + plot_w / 2)
        return _r(left + pad_left + (plot_w - pad_left - pad_right) * (day - first).days / days)

    def y_of(value: float) -> float:
        return _r(top + plot_h * (1 - (value - low) / span))

    pts = [
        {"x": x_of(d), "y": y_of(v), "label": label, "value": format_number(raw), "date": d}
        for d, v, label, raw in data
    ]

    # Label the axis only where labels do not collide, always the first and the last; the table lists all.
    def label_span(point):
        half = len(point["label"]) * CHAR_WIDTH / 2
        return point["x"] - half, point["x"] + half

    last_end = -1e9
    final_start = label_span(pts[-1])[0] if pts else 0
    for index, point in enumerate(pts):
        start, end = label_span(point)
        is_edge = index in (0, len(pts) - 1)
        point["show_label"] = is_edge or (start > last_end + 6 and end < final_start - 6)
        if point["show_label"]:
            last_end = end
    label_y = _r(top + plot_h + 18)
    return {
        "id": chart_id or f"chart-line-{next(_ids)}",
        "title": title,
        "unit": unit,
        "points": pts,
        **_line_marks(pts, label_y),
        "path": " ".join(f"{p['x']},{p['y']}" for p in pts),
        "target": {"y": y_of(_num(target)), "value": format_number(target)} if target is not None else None,
        "baseline": {"y": y_of(_num(baseline)), "value": format_number(baseline)} if baseline is not None else None,
        "y_ticks": [{"value": format_number(round(t, 2)), "y": y_of(t)} for t in y_ticks],
        "plot_left": _r(left),
        "plot_right": _r(left + plot_w),
        "plot_top": _r(top),
        "plot_bottom": _r(top + plot_h),
        "label_y": label_y,
        "y_label_x": _r(left - 6),
        "width": width,
        "height": height,
        "viewbox": f"0 0 {width} {height}",
        "empty": not data,
    }


def _line_marks(points: list[dict], label_y: float) -> dict[str, str]:
    """The points' SVG marks and table rows as markup, written here once rather than by a template loop per
    point (a chart can have hundreds): what templates/monitoring/charts/line.html printed, byte for byte
    (coordinates as the template prints them with localisation off)."""
    marks, rows = [], []
    for p in points:
        label, value = escape(p["label"]), escape(p["value"])
        marks.append(
            f'<circle cx="{p["x"]}" cy="{p["y"]}" r="3.5" fill="#0066a1"><title>{label}: {value}</title></circle>'
        )
        if p["show_label"]:
            marks.append(f'<text x="{p["x"]}" y="{label_y}" text-anchor="middle" fill="#475467">{label}</text>')
        marks.append("\n")
        rows.append(f'<tr><th scope="row">{label}</th><td class="num">{value}</td></tr>\n')
    return {"marks": mark_safe("".join(marks)), "rows": mark_safe("".join(rows))}  # noqa: S308 (escaped above)


def _column_marks(groups: list[dict], table: list[dict], label_y: float) -> dict[str, str]:
    """The columns' SVG marks and the table's rows as markup, written once (as _line_marks): what
    templates/monitoring/charts/columns.html printed with a loop per group and column, byte for byte."""
    marks, rows = [], []
    for group in groups:
        label = escape(group["label"])
        marks.append("<g>")
        for col in group["columns"]:
            if col["value"] is None:
                continue
            value = escape(format_number(col["value"]))
            marks.append(
                f'<rect x="{col["x"]}" y="{col["y"]}" width="{col["width"]}" height="{col["height"]}" '
                f'fill="{escape(col["colour"])}"><title>{label} — {escape(col["name"])}: {value}</title></rect>'
                f'<text x="{col["text_x"]}" y="{col["text_y"]}" text-anchor="middle" fill="#1d2939" '
                f'font-size="12">{value}</text>'
            )
        marks.append(
            f'\n<text x="{group["label_x"]}" y="{label_y}" text-anchor="middle" fill="#475467">{label}</text></g>\n'
        )
    for row in table:
        cells = "".join(f'<td class="num">{"—" if v is None else escape(format_number(v))}</td>' for v in row["values"])
        rows.append(f'<tr><th scope="row">{escape(row["label"])}</th>{cells}</tr>\n')
    return {"marks": mark_safe("".join(marks)), "rows": mark_safe("".join(rows))}  # noqa: S308 (escaped above)


def _data_table(title: str, head: str, rows: str) -> str:
    """A chart's data as a table (its text alternative), as each chart's template writes it: ``head`` the header
    row's cells, ``rows`` the body's rows (already escaped)."""
    return (
        '<details class="chart-data">\n'
        f"<summary>{gettext('Data as a table')}</summary>\n"
        '<table class="chart-table">\n'
        f"<caption>{title}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{rows}</tbody>\n</table>\n</details>"
    )


def line_html(chart: dict) -> str:
    """What ``{% include "monitoring/charts/line.html" with chart=chart %}`` writes, for the active language:
    the dashboards draw up to twelve of these, and the template's ticks loop, translations and lookups cost
    more than the data (tests/pages/test_monitoring_chart_html.py checks both give the same HTML)."""
    cid = escape(chart["id"])
    out = [f'\n<figure class="chart chart-line-figure" id="{cid}">\n']
    if chart["empty"]:
        out.append(f'<p class="chart-empty empty">{gettext("No data to chart yet.")}</p>')
    else:
        first, last = chart["points"][0], chart["points"][-1]
        desc = gettext("From %(a)s (%(a_when)s) to %(b)s (%(b_when)s). The table that follows gives every value.") % {
            "a": escape(first["value"]),
            "a_when": escape(first["label"]),
            "b": escape(last["value"]),
            "b_when": escape(last["label"]),
        }
        title = escape(chart["title"])
        left, right, bottom = chart["plot_left"], chart["plot_right"], chart["plot_bottom"]
        out.append(
            f'\n<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="{escape(chart["viewbox"])}" '
            f'width="{chart["width"]}" height="{chart["height"]}" role="img" '
            f'aria-labelledby="{cid}-title {cid}-desc" font-size="12">\n'
            f'<title id="{cid}-title">{title}</title>\n'
            f'<desc id="{cid}-desc">{desc}</desc>\n'
            '<g class="chart-axis chart-axis-y" fill="#475467">\n'
        )
        label_x = chart["y_label_x"]
        for tick in chart["y_ticks"]:
            y = tick["y"]
            out.append(
                f'<line class="chart-grid" x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="#e4e7ec" '
                f'stroke-width="1"/><text x="{label_x}" y="{y}" dy="0.35em" text-anchor="end">'
                f"{escape(tick['value'])}</text>\n"
            )
        out.append(
            f'</g>\n<line class="chart-axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" '
            'stroke="#667085" stroke-width="1"/>\n'
        )
        target, baseline = chart["target"], chart["baseline"]
        if target:
            words = gettext("target %(value)s") % {"value": escape(target["value"])}
            out.append(
                f'<g><line x1="{left}" x2="{right}" y1="{target["y"]}" y2="{target["y"]}" stroke="#00785a" '
                f'stroke-width="1.5" stroke-dasharray="6 4"/><text x="{right}" y="{target["y"]}" dy="-4" '
                f'text-anchor="end" fill="#00785a">{words}</text></g>'
            )
        out.append("\n")
        if baseline:
            words = gettext("baseline %(value)s") % {"value": escape(baseline["value"])}
            out.append(
                f'<g><line x1="{left}" x2="{right}" y1="{baseline["y"]}" y2="{baseline["y"]}" stroke="#667085" '
                f'stroke-width="1" stroke-dasharray="2 3"/><text x="{left}" y="{baseline["y"]}" dx="4" dy="-4" '
                f'fill="#475467">{words}</text></g>'
            )
        out.append(
            f'\n<polyline points="{escape(chart["path"])}" fill="none" stroke="#0066a1" stroke-width="2" '
            f'stroke-linejoin="round"/>\n{chart["marks"]}</svg>\n'
            + _data_table(
                title,
                f'<th scope="col">{gettext("Period")}</th><th scope="col" class="num">{gettext("Value")}</th>',
                chart["rows"],
            )
        )
    out.append("\n</figure>\n")
    return mark_safe("".join(out))  # noqa: S308 (every value escaped; the words are the template's msgids)


def columns_html(chart: dict) -> str:
    """What ``{% include "monitoring/charts/columns.html" with chart=chart %}`` writes, for the active language
    (as line_html: tests/pages/test_monitoring_chart_html.py checks both give the same HTML)."""
    cid = escape(chart["id"])
    out = [f'\n<figure class="chart chart-columns" id="{cid}">\n']
    if chart["empty"]:
        out.append(
            '<p class="chart-empty empty">'
            f"{gettext('No reporting cycle yet: the Secretariat opens the first one.')}</p>"
        )
    else:
        title = escape(chart["title"])
        desc = (
            escape(chart["description"])
            if chart.get("description")
            else gettext("Columns per cycle; the table that follows gives the numbers.")
        )
        legend = "".join(
            f'<rect x="{item["x"]}" y="4" width="12" height="12" fill="{escape(item["colour"])}"/>'
            f'<text x="{item["text_x"]}" y="14" fill="#1d2939">{escape(item["name"])}</text>'
            for item in chart["legend"]
        )
        out.append(
            f'\n<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="{escape(chart["viewbox"])}" '
            f'width="{chart["width"]}" height="{chart["height"]}" role="img" '
            f'aria-labelledby="{cid}-title {cid}-desc" font-size="12">\n'
            f'<title id="{cid}-title">{title}</title>\n'
            f'<desc id="{cid}-desc">{desc}</desc>\n'
            f'<g class="chart-legend">{legend}</g>\n'
            '<g class="chart-axis chart-axis-y" fill="#475467">\n'
        )
        left, right, bottom, label_x = chart["plot_left"], chart["plot_right"], chart["plot_bottom"], chart["y_label_x"]
        for tick in chart["y_ticks"]:
            y = tick["y"]
            out.append(
                f'<line class="chart-grid" x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="#e4e7ec" '
                f'stroke-width="1"/><text x="{label_x}" y="{y}" dy="0.35em" text-anchor="end">'
                f"{escape(format_number(tick['value']))}</text>\n"
            )
        heading = escape(chart["category_heading"]) if chart["category_heading"] else gettext("Name")
        series = "".join(f'<th scope="col" class="num">{escape(name)}</th>' for name in chart["series"])
        out.append(
            f'</g>\n<line class="chart-axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" '
            f'stroke="#667085" stroke-width="1"/>\n{chart["marks"]}</svg>\n'
            + _data_table(title, f'<th scope="col">{heading}</th>{series}', chart["rows"])
        )
    out.append("\n</figure>\n")
    return mark_safe("".join(out))  # noqa: S308 (every value escaped; the words are the template's msgids)


def bars_html(chart: dict) -> str:
    """What ``{% include "core/charts/bars.html" with chart=chart %}`` (hub.core.charts.bar_chart) writes, for the
    active language: the dashboards draw three (tests/pages/test_monitoring_chart_html.py checks the same HTML)."""
    cid = escape(chart["id"])
    out = [f'\n<figure class="chart chart-bars" id="{cid}">\n']
    if chart["empty"]:
        out.append(f'<p class="chart-empty">{gettext("No data to chart yet.")}</p>')
    else:
        rows = chart["rows"]
        title = escape(chart["title"]) if chart["title"] else gettext("Bar chart")
        if chart["description"]:
            desc = escape(chart["description"])
        else:
            desc = ngettext(
                "One bar; the table that follows gives its value.",
                "%(counter)s bars; the table that follows gives their values.",
                len(rows),
            ) % {"counter": len(rows)}
        axis_x = rows[0]["bar_x"] if rows else ""
        label = escape(chart["label_heading"]) if chart["label_heading"] else gettext("Name")
        value = escape(chart["value_heading"]) if chart["value_heading"] else gettext("Value")
        out.append(
            f'\n<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="{escape(chart["viewbox"])}" '
            f'width="{chart["width"]}" height="{chart["height"]}" role="{"group" if chart["linked"] else "img"}" '
            f'aria-labelledby="{cid}-title {cid}-desc" font-size="12">\n'
            f'<title id="{cid}-title">{title}</title>\n'
            f'<desc id="{cid}-desc">{desc}</desc>\n'
            f'<line class="chart-axis" x1="{axis_x}" x2="{axis_x}" y1="0" y2="{chart["height"]}" stroke="#667085" '
            'stroke-width="1" aria-hidden="true"/>\n'
            f"{chart['bar_marks']()}</svg>\n"
            + _data_table(title, f'<th scope="col">{label}</th><th scope="col">{value}</th>', chart["table_rows"]())
        )
    out.append("\n</figure>\n")
    return mark_safe("".join(out))  # noqa: S308 (every value escaped; the words are the template's msgids)
