"""The hub's own counts of the projects each published ASCN M&E report listed, from the loaded rows.

Counted from ProjectReportEntry (data/me_projects.yaml and data/projects.yaml), never from demo projects:
a report year's total, by the appendix's status (listed / ongoing or planning / completed), by focus area
and by country. hub.monitoring.published sets these beside the figures the reports print.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from hub.core import compiled
from hub.projects.models import ProjectReportEntry


@dataclass
class ReportCounts:
    year: int
    total: int = 0
    by_status: Counter = field(default_factory=Counter)  # ReportStatus value -> projects
    by_focus_area: Counter = field(default_factory=Counter)  # focus area code -> projects
    by_country: Counter = field(default_factory=Counter)  # country code -> projects


def report_counts(years: list[int] | None = None) -> dict[int, ReportCounts]:
    """Each report year's counts, in one query whatever the number of rows."""

    def build():
        rows = ProjectReportEntry.objects.real().filter(is_demo=False)
        if years is not None:
            rows = rows.filter(report_year__in=years)
        return (
            rows.values_list("report_year", "status", "focus_area__code", "project__member__country__code")
            .annotate(n=Count("id"))
            .order_by()
        )

    # The SQL depends on the years alone: compiled once (hub/core/compiled.py), run on every call.
    grouped = compiled.rows(("report-counts", None if years is None else tuple(years)), build)
    counts: dict[int, ReportCounts] = {}
    for year, status, area, country, n in grouped:
        c = counts.setdefault(year, ReportCounts(year))
        c.total += n
        c.by_status[status] += n
        c.by_focus_area[area] += n
        c.by_country[country] += n
    return counts
