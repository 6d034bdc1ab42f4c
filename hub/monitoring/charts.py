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
