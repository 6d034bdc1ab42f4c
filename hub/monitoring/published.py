"""The Secretariat's published M&E figures beside the hub's own live count, for pages and the API.

A published figure (PublishedFigure, from data/me_reports.yaml) is what a report printed; the live count
is what the hub's accepted data gives for the cycle of the same year (CycleFacts.counted, the rule the
dashboards and the annual report use). They are kept apart everywhere: different columns, different
names, and the live count only where the hub holds that cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hub.monitoring import charts
from hub.monitoring.models import PublishedFigure, ReportingCycle
from hub.monitoring.selectors import STATUS_ORDER, CycleFacts


@dataclass
class FigureRow:
    figure: PublishedFigure
    cycle: ReportingCycle | None  # the hub's cycle of the report's year, if the hub holds one
    live_projects: int | None  # projects the hub counts in that cycle (None: no such cycle)
    live_demo: int  # of which made-up demo projects

    def __getattr__(self, name: str):
        # The figure's own fields read through the row (what the API's schema reads).
        if name == "figure":
            raise AttributeError(name)
        return getattr(self.figure, name)

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        """(status, label, projects) in the usual status order, for the statuses the report gives."""
        given = self.figure.by_status or {}
        return [(s.value, capfirst(str(s.label)), given[s.value]) for s in STATUS_ORDER if s.value in given]


def published_figures() -> list[PublishedFigure]:
    return list(PublishedFigure.objects.order_by("as_of", "report_year", "pk"))


def figure_rows(facts: CycleFacts | None = None, figures: list[PublishedFigure] | None = None) -> list[FigureRow]:
    """Each published figure with the hub's live count for the cycle ending in the report's year.

    ``facts`` (the network's) is reused when the caller has it; a fixed number of queries either way.
    """
    figures = figures if figures is not None else published_figures()
    if not figures:
        return []
    if facts is None and not ReportingCycle.objects.filter(end_year__in={f.report_year for f in figures}).exists():
        return [FigureRow(figure=f, cycle=None, live_projects=None, live_demo=0) for f in figures]
    facts = facts or CycleFacts()
    by_year = {c.end_year: c for c in facts.cycles}
    rows = []
    for figure in figures:
        cycle = by_year.get(figure.report_year)
        counted = facts.counted(cycle) if cycle else []
        rows.append(
            FigureRow(
                figure=figure,
                cycle=cycle,
                live_projects=len(counted) if cycle else None,
                live_demo=sum(1 for pid in counted if facts.projects[pid].is_demo),
            )
        )
    return rows


def figures_chart(rows: list[FigureRow]) -> dict:
    """Grouped columns per report: the published figure, and the hub's live count where it has the cycle."""
    series = [(_("Published in the report"), [r.figure.projects for r in rows])]
    if any(r.live_projects is not None for r in rows):
        series.append((_("Live in the hub (accepted data)"), [r.live_projects for r in rows]))
    chart = charts.columns(
        [str(r.figure.report_year) for r in rows],
        series,
        title=_("Projects in the published M&E reports"),
        category_heading=_("Report"),
        chart_id="chart-published",
    )
    chart["description"] = _(
        "Columns per report year: the figure the report published and, where the hub holds that cycle, the "
        "hub's own count; the table that follows gives the numbers and their sources."
    )
    return chart
