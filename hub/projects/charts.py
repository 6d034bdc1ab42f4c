"""A stacked horizontal bar chart (projects by focus area × status): plain data in, geometry out.

Drawn by templates/projects/charts/stacked.html, in the style of hub.core.charts (SVG with presentation
attributes and classes, numbers drawn inside ``{% localize off %}``, a table as text alternative).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from hub.core.charts.plots import CHAR_WIDTH, FONT_SIZE

_ids = itertools.count(1)


def _r(value: float) -> float:
    return round(value, 1)


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
    """rows: [{"label", "url" (or None), "values": {series key: number}, "urls": {series key: url}}];
    series: [{"key", "label", "colour"}] in stacking order. Bars are proportional to the largest row total.
    """
    gap = round(bar_height * 0.4) if gap is None else gap
    totals = [sum(max(float(r["values"].get(s["key"], 0) or 0), 0) for s in series) for r in rows]
    scale_max = max(totals, default=0.0)
    longest_label = max((len(str(r["label"])) for r in rows), default=0)
    label_col = max(min(longest_label * CHAR_WIDTH + 10, width * 0.4), 40.0)
    value_col = len(str(int(scale_max))) * CHAR_WIDTH + 12
    bar_space = max(width - label_col - value_col, 10.0)
    legend_height = 24.0
    top = legend_height + 8.0

    # Legend: one swatch and label per series, left to right.
    legend, x = [], 0.0
    for s in series:
        legend.append({**s, "x": _r(x), "text_x": _r(x + 16), "y": 4.0, "text_y": _r(4 + FONT_SIZE * 0.85)})
        x += 16 + len(str(s["label"])) * CHAR_WIDTH + 18

    out_rows = []
    for index, (row, total) in enumerate(zip(rows, totals, strict=True)):
        y = top + index * (bar_height + gap)
        segments, cursor = [], label_col
        for s in series:
            value = max(float(row["values"].get(s["key"], 0) or 0), 0)
            if value <= 0:
                continue
            w = bar_space * value / scale_max if scale_max else 0
            segments.append(
                {
                    "key": s["key"],
                    "label": s["label"],
                    "colour": s["colour"],
                    "value": int(value) if value.is_integer() else value,
                    "x": _r(cursor),
                    "width": _r(w),
                    "url": (row.get("urls") or {}).get(s["key"]),
                }
            )
            cursor += w
        label = str(row["label"])
        max_chars = max(int((label_col - 10) / CHAR_WIDTH), 3)
        out_rows.append(
            {
                "label": label,
                "display_label": label if len(label) <= max_chars else label[: max_chars - 1].rstrip() + "\u2026",
                "url": row.get("url"),
                "values": [row["values"].get(s["key"], 0) or 0 for s in series],
                "total": int(total) if float(total).is_integer() else total,
                "segments": segments,
                "y": _r(y),
                "bar_height": bar_height,
                "label_x": _r(label_col - 8),
                "text_y": _r(y + bar_height / 2 + FONT_SIZE * 0.35),
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
        "series": list(series),
        "legend": legend,
        "rows": out_rows,
        "axis_x": _r(label_col),
        "axis_top": _r(top - 4),
        "empty": not rows or scale_max == 0,
    }
