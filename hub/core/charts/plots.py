"""Step chart (growth over time) and horizontal bar chart: plain data in, geometry for templates out.

All lengths are in SVG user units, which equal CSS pixels when the chart is drawn at its own width.
Text widths cannot be measured without a browser, so they are estimated from character counts
(CHAR_WIDTH per character at the templates' 12px font), generously.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe

from hub.core.charts.numbers import format_number, number_length

CHAR_WIDTH = 7.0  # estimated average advance of one character at font-size 12, in px
FONT_SIZE = 12

_ids = itertools.count(1)


def nice_ticks(top: float, *, target: int = 5) -> list[int]:
    """Integer ticks from 0 up to at least top, spaced 1, 2 or 5 times a power of ten, about target of them."""
    top = max(float(top), 1.0)
    raw = top / max(target, 1)
    magnitude = 10 ** max(0, math.floor(math.log10(raw))) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(int(step), 1)
    last = int(math.ceil(top / step)) * step
    return list(range(0, last + 1, step))


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise TypeError(f"not a date: {value!r}")


def _r(value: float) -> float:
    return round(value, 1)


def step_chart(
    series: Iterable[Sequence[Any]],
    *,
    width: int = 640,
    height: int = 240,
    end: date | None = None,
    count_heading: str = "",
    title: str = "",
    description: str = "",
    chart_id: str | None = None,
) -> dict[str, Any]:
    """Everything core/charts/step.html draws: a count that changes on given dates (e.g. members).

    series: (date, count) pairs in date order; each count holds from its date until the next one.
    Several pairs on one date keep the last. A third item, if given, is the text the tooltips and
    the table show for that date instead of the full date (e.g. "2018" for a date known only to the
    year). end: draw the last count on, flat, until this date (e.g. today); without it the line
    stops at the last change. count_heading heads the table's count column (default "Count");
    title and description are the SVG's <title> and <desc>.

    The x axis runs from 1 January of the first year to 1 January after the last date shown, with
    a tick on each (or every n-th) 1 January; the y axis from 0 to a round number at or above the
    largest count.
    """
    by_date: dict[date, tuple[Any, str]] = {}
    for entry in sorted(series, key=lambda e: _as_date(e[0])):
        by_date[_as_date(entry[0])] = (entry[1], str(entry[2]) if len(entry) > 2 and entry[2] else "")
    data = [(when, count) for when, (count, _) in by_date.items()]

    chart: dict[str, Any] = {
        "id": chart_id or f"chart-step-{next(_ids)}",
        "count_heading": count_heading,
        "title": title,
        "description": description,
        "width": width,
        "height": height,
        "viewbox": f"0 0 {width} {height}",
        "empty": not data,
        "points": [],
        "line": "",
        "x_ticks": [],
        "y_ticks": [],
        "final_count": data[-1][1] if data else None,
        "first_date": data[0][0] if data else None,
        "last_date": data[-1][0] if data else None,
    }
    if not data:
        return chart

    last_date = data[-1][0]
    line_end = max(_as_date(end), last_date) if end is not None else last_date
    x_start = date(data[0][0].year, 1, 1)
    x_end = date(line_end.year + 1, 1, 1)
    y_values = nice_ticks(max(count for _, count in data))
    y_top = y_values[-1]

    left = 14 + CHAR_WIDTH * number_length(y_top)
    right, top, bottom = 20.0, 12.0, 28.0
    plot_w, plot_h = max(width - left - right, 10), max(height - top - bottom, 10)
    span = (x_end - x_start).days

    def x_of(day: date) -> float:
        return _r(left + plot_w * (day - x_start).days / span)

    def y_of(count: float) -> float:
        return _r(top + plot_h * (1 - count / y_top))

    vertices: list[tuple[float, float]] = []
    for i, (when, count) in enumerate(data):
        x, y = x_of(when), y_of(count)
        corners = [(x, vertices[-1][1]), (x, y)] if i else [(x, y)]  # flat until this date, then up or down
        for corner in corners:
            if not vertices or vertices[-1] != corner:
                vertices.append(corner)
        chart["points"].append({"date": when, "label": by_date[when][1], "count": count, "x": x, "y": y})
    if line_end > last_date and x_of(line_end) != vertices[-1][0]:
        vertices.append((x_of(line_end), vertices[-1][1]))
    chart["line"] = " ".join(f"{x},{y}" for x, y in vertices)

    years = list(range(x_start.year, x_end.year + 1))
    every = next(n for n in (1, 2, 5, 10, 20, 50, 100) if len(years) / n <= 10)
    chart["x_ticks"] = [{"year": year, "x": x_of(date(year, 1, 1))} for year in years if (year - years[0]) % every == 0]
    chart["y_ticks"] = [{"value": value, "y": y_of(value)} for value in y_values]
    chart.update(
        plot_left=_r(left),
        plot_right=_r(left + plot_w),
        plot_top=_r(top),
        plot_bottom=_r(top + plot_h),
        y_label_x=_r(left - 6),
        x_tick_y=_r(top + plot_h + 5),
        x_label_y=_r(top + plot_h + 18),
        line_end=line_end,
    )
    return chart


def bar_chart(
    rows: Iterable[Sequence[Any]],
    *,
    width: int = 640,
    bar_height: int = 22,
    gap: int | None = None,
    max_value: float | None = None,
    label_heading: str = "",
    value_heading: str = "",
    title: str = "",
    description: str = "",
    chart_id: str | None = None,
) -> dict[str, Any]:
    """Everything core/charts/bars.html draws: one horizontal bar per (label, value, url or None).

    Bars are proportional to value / max_value (the largest value unless given); a negative or
    missing value draws no bar. Labels sit right-aligned in a column left of the bars; one too long
    for the column is shortened with an ellipsis (the full text stays in the tooltip and the table).
    label_heading and value_heading head the table's columns (defaults "Name" and "Value").
    """
    items = []
    for row in rows:
        label, value = row[0], row[1]
        url = row[2] if len(row) > 2 else None
        items.append({"label": str(label), "value": value, "url": url or None})
    gap = round(bar_height * 0.4) if gap is None else gap
    numbers = [float(i["value"]) for i in items if _is_number(i["value"])]
    scale_max = float(max_value) if max_value else max([n for n in numbers if n > 0], default=0.0)

    longest_label = max((len(i["label"]) for i in items), default=0)
    longest_value = max((number_length(i["value"]) for i in items), default=1)
    label_col = min(longest_label * CHAR_WIDTH + 10, width * 0.4)
    label_col = max(label_col, 40.0)
    value_col = longest_value * CHAR_WIDTH + 12
    bar_space = max(width - label_col - value_col, 10.0)
    max_chars = max(int((label_col - 10) / CHAR_WIDTH), 3)

    top = 4.0
    for index, item in enumerate(items):
        value = float(item["value"]) if _is_number(item["value"]) else 0.0
        fraction = max(value, 0.0) / scale_max if scale_max > 0 else 0.0
        fraction = min(fraction, 1.0)
        y = top + index * (bar_height + gap)
        bar_w = _r(bar_space * fraction)
        label = item["label"]
        item.update(
            display_label=label if len(label) <= max_chars else label[: max_chars - 1].rstrip() + "\u2026",
            fraction=fraction,
            y=_r(y),
            bar_x=_r(label_col),
            bar_width=bar_w,
            bar_height=bar_height,
            label_x=_r(label_col - 8),
            text_y=_r(y + bar_height / 2 + FONT_SIZE * 0.35),
            value_x=_r(label_col + bar_w + 6),
        )
    height = top * 2 + len(items) * bar_height + max(len(items) - 1, 0) * gap

    return {
        "id": chart_id or f"chart-bars-{next(_ids)}",
        "label_heading": label_heading,
        "value_heading": value_heading,
        "title": title,
        "description": description,
        "width": width,
        "height": _r(height),
        "viewbox": f"0 0 {width} {_r(height)}",
        "rows": items,
        "linked": any(i["url"] for i in items),
        "empty": not items,
        "max_value": scale_max,
        "bar_space": _r(bar_space),
        # Ready-made markup of the bars and of the table's rows, written when the template reads it (in the
        # language then active, as the template's ``number`` filter did): a template loop cost more.
        "bar_marks": lambda: _bar_marks(items),
        "table_rows": lambda: _bar_table_rows(items),
    }


def _bar_marks(items: list[dict]) -> SafeString:
    """The bars of core/charts/bars.html, numbers as ``{% localize off %}`` writes them."""
    marks = []
    for row in items:
        label, value = escape(row["label"]), escape(format_number(row["value"]))
        url = row["url"]
        opening = f'<a href="{escape(url)}" class="chart-bar-link" aria-label="{label}: {value}">' if url else "<g>"
        marks.append(
            f"{opening}<title>{label}: {value}</title>\n"
            f'<text class="chart-bar-label" x="{row["label_x"]}" y="{row["text_y"]}" text-anchor="end" fill="#1d2939">'
            f"{escape(row['display_label'])}</text>\n"
            f'<rect class="chart-bar" x="{row["bar_x"]}" y="{row["y"]}" width="{row["bar_width"]}"'
            f' height="{row["bar_height"]}" fill="#1849a9"/>\n'
            f'<text class="chart-bar-value" x="{row["value_x"]}" y="{row["text_y"]}" fill="#475467">{value}</text>\n'
            f"{'</a>' if url else '</g>'}\n"
        )
    return mark_safe("".join(marks))  # noqa: S308 - escaped values and fixed markup


def _bar_table_rows(items: list[dict]) -> SafeString:
    """The rows of the bar chart's table."""
    rows = []
    for row in items:
        label, url = escape(row["label"]), row["url"]
        name = f'<a href="{escape(url)}">{label}</a>' if url else label
        rows.append(f'<tr><th scope="row">{name}</th><td>{escape(format_number(row["value"]))}</td></tr>\n')
    return mark_safe("".join(rows))  # noqa: S308 - escaped values and fixed markup


def _is_number(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False
