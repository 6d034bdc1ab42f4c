"""The one stacked horizontal bar chart (e.g. projects by focus area × status): plain data in, geometry out.

Drawn by core/charts/stacked.html; used by the projects list (segments link to the filtered list) and the M&E
dashboards (the counts of a cycle). A series without its own colour takes the status palette's (palette.py),
so a status has one colour on every page.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from hub.core.charts.palette import STATUS_COLOURS
from hub.core.charts.plots import CHAR_WIDTH, FONT_SIZE

_ids = itertools.count(1)

FALLBACK_COLOUR = "#0066a1"  # a series that is not a status and names no colour
LEGEND_HEIGHT = 24.0
SWATCH = 12.0


def _r(value: float) -> float:
    return round(value, 1)


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def stacked_bar_chart(
    rows: Sequence[dict[str, Any]],
    series: Sequence[dict[str, Any]],
    *,
    width: int = 640,
    bar_height: int = 22,
    gap: int | None = None,
    title: str = "",
    description: str = "",
    label_heading: str = "",
    total_heading: str = "",
    chart_id: str | None = None,
) -> dict[str, Any]:
    """Everything core/charts/stacked.html draws.

    rows: [{"label", "url" (optional), "values": {series key: number}, "urls": {series key: url} (optional)}];
    series: [{"key", "label", "colour" (optional: the status colour of the key)}] in stacking order. Bars are
    proportional to the largest row total; a segment wide enough shows its number inside. ``linked`` tells the
    template that the chart holds links (then it is a group of labelled links, not one image).
    """
    gap = round(bar_height * 0.4) if gap is None else gap
    series = [{**s, "colour": s.get("colour") or STATUS_COLOURS.get(s["key"], FALLBACK_COLOUR)} for s in series]

    def value_of(row, key) -> float:
        return max(float(row["values"].get(key, 0) or 0), 0.0)

    totals = [sum(value_of(r, s["key"]) for s in series) for r in rows]
    scale_max = max(totals, default=0.0)
    longest_label = max((len(str(r["label"])) for r in rows), default=0)
    label_col = max(min(longest_label * CHAR_WIDTH + 10, width * 0.4), 40.0)
    value_col = len(str(int(scale_max))) * CHAR_WIDTH + 12
    bar_space = max(width - label_col - value_col, 10.0)
    max_chars = max(int((label_col - 10) / CHAR_WIDTH), 3)
    top = LEGEND_HEIGHT + 8.0

    # Legend: one swatch and label per series, from the bars' left edge if it fits there, else from the left.
    widths = [SWATCH + 4 + len(str(s["label"])) * CHAR_WIDTH + 18 for s in series]
    x = label_col if label_col + sum(widths) <= width else 0.0
    legend = []
    for s, w in zip(series, widths, strict=True):
        legend.append({**s, "x": _r(x), "text_x": _r(x + SWATCH + 4), "y": 4.0, "text_y": _r(4 + FONT_SIZE * 0.85)})
        x += w

    linked = False
    out_rows = []
    for index, (row, total) in enumerate(zip(rows, totals, strict=True)):
        y = top + index * (bar_height + gap)
        text_y = _r(y + bar_height / 2 + FONT_SIZE * 0.35)
        segments, cursor = [], label_col
        for s in series:
            value = value_of(row, s["key"])
            if value <= 0:
                continue
            w = bar_space * value / scale_max if scale_max else 0
            url = (row.get("urls") or {}).get(s["key"]) or None
            linked = linked or bool(url)
            shown = _plain(value)
            segments.append(
                {
                    "key": s["key"],
                    "label": s["label"],
                    "colour": s["colour"],
                    "value": shown,
                    "x": _r(cursor),
                    "width": _r(w),
                    "url": url,
                    "show_value": w >= len(str(shown)) * CHAR_WIDTH + 6,
                    "text_x": _r(cursor + w / 2),
                }
            )
            cursor += w
        label = str(row["label"])
        linked = linked or bool(row.get("url"))
        out_rows.append(
            {
                "label": label,
                "display_label": label if len(label) <= max_chars else label[: max_chars - 1].rstrip() + "\u2026",
                "url": row.get("url") or None,
                "values": [_plain(value_of(row, s["key"])) for s in series],
                "total": _plain(total),
                "segments": segments,
                "y": _r(y),
                "bar_height": bar_height,
                "label_x": _r(label_col - 8),
                "text_y": text_y,
                "total_x": _r(cursor + 6),
            }
        )
    height = top + len(rows) * bar_height + max(len(rows) - 1, 0) * gap + 4
    return {
        "id": chart_id or f"chart-stacked-{next(_ids)}",
        "title": title,
        "description": description,
        "label_heading": label_heading,
        "total_heading": total_heading,
        "width": width,
        "height": _r(height),
        "viewbox": f"0 0 {width} {_r(height)}",
        "series": series,
        "legend": legend,
        "rows": out_rows,
        "linked": linked,
        "axis_x": _r(label_col),
        "axis_top": _r(top - 4),
        "empty": not rows or scale_max == 0,
    }
