"""The projects list's chart written in Python: the markup of ``{% include "core/charts/stacked.html" %}``.

The shared template draws the list's 6 bars × 4 statuses with some 700 variable lookups and 170 ``|number``
filters, a tenth of the page's time; this writes the same bytes from the same chart dictionary
(hub.core.charts.stacked_bar_chart), each figure formatted once. The template stays the chart's markup for the
other pages (and the reference for this one): tests/pages/test_projects_chart_html.py checks that both give
the same HTML, in English and Bahasa Indonesia, linked or not, empty or not.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub.core.charts import format_number
from hub.projects.rows import esc


def stacked_chart_html(chart: dict) -> SafeString:
    """What ``{% include "core/charts/stacked.html" with chart=chart %}`` writes, for the active language."""
    numbers: dict = {}

    def number(value) -> str:
        # ``{{ value|number }}``: the language's grouping, escaped; each figure formatted once.
        if value not in numbers:
            numbers[value] = esc(format_number(value))
        return numbers[value]

    cid = esc(chart["id"])
    title = esc(chart["title"] or _("Stacked bar chart"))
    out = [f'\n<figure class="chart chart-stacked" id="{cid}">\n']
    if chart["empty"]:
        out.append(f'<p class="chart-empty empty">{esc(_("No data to chart yet."))}</p>')
    else:
        rows = chart["rows"]
        if chart["description"]:
            desc = esc(chart["description"])
        else:
            desc = ngettext(
                "One bar split by status; the table that follows gives the numbers.",
                "%(counter)s bars split by status; the table that follows gives the numbers.",
                len(rows),
            ) % {"counter": len(rows)}
        # {% localize off %}: coordinates as Python writes them (str of int or float).
        out.append(
            f'\n<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="{esc(chart["viewbox"])}"'
            f' width="{chart["width"]}" height="{chart["height"]}"'
            f' role="{"group" if chart["linked"] else "img"}" aria-labelledby="{cid}-title {cid}-desc" font-size="12">'
            f'\n<title id="{cid}-title">{title}</title>\n<desc id="{cid}-desc">{desc}</desc>'
            '\n<g class="chart-legend" aria-hidden="true">\n'
        )
        for item in chart["legend"]:
            out.append(
                f'<rect class="chart-swatch chart-swatch--{esc(item["key"])}" x="{item["x"]}" y="{item["y"]}"'
                f' width="12" height="12" fill="{esc(item["colour"])}"/><text x="{item["text_x"]}" y="{item["text_y"]}"'
                f' fill="#1d2939">{esc(item["label"])}</text>\n'
            )
        out.append(
            f'</g>\n<line class="chart-axis" x1="{chart["axis_x"]}" x2="{chart["axis_x"]}" y1="{chart["axis_top"]}"'
            f' y2="{chart["height"]}" stroke="#667085" stroke-width="1" aria-hidden="true"/>\n'
        )
        for row in rows:
            label, total, text_y = esc(row["label"]), number(row["total"]), row["text_y"]
            url = row["url"]
            out.append('<g class="chart-row">\n')
            if url:
                out.append(f'<a href="{esc(url)}" class="chart-bar-link" aria-label="{label}: {total}">')
            out.append(
                f'<text class="chart-bar-label" x="{row["label_x"]}" y="{text_y}" text-anchor="end" fill="#1d2939">'
                f"<title>{label}: {total}</title>{esc(row['display_label'])}</text>"
            )
            if url:
                out.append("</a>")
            out.append("\n")
            for seg in row["segments"]:
                value, seg_label = number(seg["value"]), esc(seg["label"])
                if seg["url"]:
                    out.append(
                        f'<a href="{esc(seg["url"])}" class="chart-bar-link"'
                        f' aria-label="{label}, {seg_label}: {value}">'
                    )
                out.append(
                    f'<rect class="chart-bar chart-bar--{esc(seg["key"])}" x="{seg["x"]}" y="{row["y"]}"'
                    f' width="{seg["width"]}" height="{row["bar_height"]}" fill="{esc(seg["colour"])}"'
                    f' stroke="#ffffff" stroke-width="1"><title>{label}, {seg_label}: {value}</title></rect>'
                )
                if seg["show_value"]:
                    out.append(
                        f'<text class="chart-segment-value" x="{seg["text_x"]}" y="{text_y}" text-anchor="middle"'
                        f' fill="#ffffff" font-weight="600" aria-hidden="true">{value}</text>'
                    )
                if seg["url"]:
                    out.append("</a>")
                out.append("\n")
            hidden = ' aria-hidden="true"' if url else ""
            out.append(
                f'<text class="chart-bar-value" x="{row["total_x"]}" y="{text_y}" fill="#1d2939"'
                f' font-weight="600"{hidden}>{total}</text>\n</g>\n'
            )
        label_heading = esc(chart["label_heading"] or _("Name"))
        total_heading = esc(chart["total_heading"] or _("Total"))
        series = "".join(f'<th scope="col" class="num">{esc(s["label"])}</th>' for s in chart["series"])
        out.append(
            f'</svg>\n<details class="chart-data">\n<summary>{esc(_("Data as a table"))}</summary>'
            f'\n<table class="chart-table">\n<caption>{title}</caption>'
            f'\n<thead><tr><th scope="col">{label_heading}</th>{series}'
            f'<th scope="col" class="num">{total_heading}</th></tr></thead>\n<tbody>\n'
        )
        for row in rows:
            label = esc(row["label"])
            head = f'<a href="{esc(row["url"])}">{label}</a>' if row["url"] else label
            cells = "".join(f'<td class="num">{number(value)}</td>' for value in row["values"])
            out.append(f'<tr><th scope="row">{head}</th>{cells}<td class="num">{number(row["total"])}</td></tr>\n')
        out.append("</tbody>\n</table>\n</details>")
    out.append("\n</figure>\n")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped or fixed markup
