"""What the annual M&E report reads of the network for one cycle, in a fixed number of queries whatever its size.

The figures (counts by status, focus area and country, members and countries with projects, the history of
the cycles, progress by focus area) come from the pre-computed tallies (hub/monitoring/tallies.py: CycleFacts'
counts kept per member and country in every write's transaction), summed by the database. Only what the
report lists one line at a time is read as rows, as plain values in one query each:

- the appendix: the projects that count in the cycle (hub/monitoring/counted.py ``counted_projects``:
  CycleFacts.counted's rule as a query), with their focus areas and their status and progress in the cycle;
- each project's latest update accepted in an earlier cycle (counted.py ``accepted_before``: one window
  query), for the appendix's status in the cycle and the highlights' progress gains.

CycleFacts stays the one definition of the rules (selectors.py); the tests compare the report with it.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, Sum

from hub.monitoring.counted import accepted_before, counted_projects
from hub.monitoring.models import CountryTally, CycleTally, ReportingCycle
from hub.monitoring.selectors import CycleFigures
from hub.monitoring.tallies import Tallies
from hub.network.models import Country
from hub.projects.models import ProjectStatus


class ReportFacts:
    """The report's figures for the network from the tallies: those of the cycle and of the previous one,
    the comparison with earlier cycles, progress by focus area, the members with projects counted."""

    def __init__(self, cycle: ReportingCycle):
        self.cycle = cycle
        self.tallies = Tallies()
        self.cycles = self.tallies.cycles
        self.focus_areas = self.tallies.focus_areas
        earlier = [c for c in self.cycles if c.start_date < cycle.start_date]
        self.previous = earlier[-1] if earlier else None
        self._labels: dict[str, str] | None = None

    def labels(self) -> dict[str, str]:
        """Country code -> its name in the active language (one query, looked up once per country)."""
        if self._labels is None:
            self._labels = Country.objects.labels()
        return self._labels

    def figures(self, cycle: ReportingCycle) -> CycleFigures:
        """CycleFacts.figures(cycle) from the tallies; the countries named in the reader's language."""
        figures = self.tallies.figures(cycle)
        labels = self.labels()
        figures.by_country = sorted(
            ((code, labels.get(code, name), n) for code, name, n in figures.by_country), key=lambda r: r[1]
        )
        return figures

    def count_in(self, cycle: ReportingCycle) -> tuple[int, int]:
        return self.tallies.count_in(cycle)

    def cycle_rows(self) -> dict[int, dict[str, int]]:
        """Per cycle id: projects counted, of them demo, updates accepted, members and countries with projects."""
        rows = (
            CountryTally.objects.filter(cycle__isnull=False, focus_area=None, status="")
            .values("cycle_id")
            .annotate(
                projects=Sum("counted"),
                demo=Sum("demo"),
                accepted=Sum("accepted"),
                members=Sum("members"),
                countries=Count("pk", filter=Q(counted__gt=0)),
            )
            .order_by()
        )
        return {r["cycle_id"]: r for r in rows}

    def by_focus(self, cycles: list[ReportingCycle]) -> dict[int, dict[int, dict[str, int]]]:
        """Per cycle id and focus area id: projects counted, completed ones, and the sum and number of the
        accepted progress figures (for the average), as CycleFacts works them out per project."""
        found: dict[int, dict[int, dict[str, int]]] = defaultdict(
            lambda: defaultdict(lambda: {"projects": 0, "completed": 0, "progress_sum": 0, "progress_n": 0})
        )
        rows = (
            CountryTally.objects.filter(cycle__in=[c.pk for c in cycles], focus_area__isnull=False)
            .exclude(status="")
            .values("cycle_id", "focus_area_id", "status")
            .annotate(n=Sum("counted"), progress_sum=Sum("progress_sum"), progress_n=Sum("progress_n"))
            .order_by()
        )
        for r in rows:
            entry = found[r["cycle_id"]][r["focus_area_id"]]
            entry["projects"] += r["n"]
            entry["completed"] += r["n"] if r["status"] == ProjectStatus.COMPLETED else 0
            entry["progress_sum"] += r["progress_sum"]
            entry["progress_n"] += r["progress_n"]
        return found

    def members_counted(self, cycle: ReportingCycle) -> list[tuple[int, str, str]]:
        """(member id, name, country's English name) of the members with projects counted in the cycle."""
        rows = CycleTally.objects.filter(cycle=cycle, focus_area=None, counted__gt=0)
        return list(rows.values_list("member_id", "member__name", "member__country__name").distinct().order_by())


__all__ = ["ReportFacts", "accepted_before", "counted_projects"]
