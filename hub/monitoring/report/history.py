"""The M&E report's comparison with earlier cycles, in two series kept apart because they count on
different bases:

- the **published reports** of the ASEAN Secretariat up to this cycle's year, as printed (PublishedFigure,
  data/me_reports.yaml: 77 → 86 → 108 → 134 projects in 2022–2025), each beside the hub's count of the
  same report's project list (ProjectReportEntry rows, hub.projects.official; demo data never);
- the **hub's own cycles** up to this one: projects counted, members and countries with projects, updates
  accepted (CycleFacts' counts, from the tallies: facts.py; demo projects counted and said).

A fixed number of queries (the published figures, one count of their rows, one sum of the tallies per
cycle) whatever the network's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hub.monitoring.models import PublishedFigure, ReportingCycle
from hub.monitoring.report.facts import ReportFacts
from hub.projects.official import report_counts


@dataclass(frozen=True, slots=True)
class PublishedRow:
    year: int
    title: str
    projects: int  # as the report printed it
    hub_count: int  # the hub's count of that report's rows
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CycleRow:
    label: str
    slug: str
    projects: int
    members: int
    countries: int
    accepted: int
    demo: int  # demo projects among the projects
    current: bool  # the report's own cycle


@dataclass
class History:
    published: list[PublishedRow] = field(default_factory=list)
    cycles: list[CycleRow] = field(default_factory=list)

    @property
    def growth(self) -> str:
        """The published series as a reader says it: "77 → 86 → 108 → 134"."""
        return " → ".join(str(row.projects) for row in self.published)


def build_history(facts: ReportFacts, cycle: ReportingCycle) -> History:
    figures = list(PublishedFigure.objects.filter(report_year__lte=cycle.end_year).order_by("report_year", "as_of"))
    latest = {f.report_year: f for f in figures}  # a later reading of the same year replaces an earlier one
    counts = report_counts(list(latest)) if latest else {}
    published = [
        PublishedRow(
            year=year,
            title=f.title,
            projects=f.projects,
            hub_count=counts[year].total if year in counts else 0,
            sources=tuple(f.sources or ()),
        )
        for year, f in sorted(latest.items())
    ]
    cycles = []
    sums = facts.cycle_rows()
    for other in facts.cycles:
        if other.start_date > cycle.start_date:
            continue
        row = sums.get(other.pk, {})
        cycles.append(
            CycleRow(
                label=other.label,
                slug=other.slug,
                projects=row.get("projects", 0),
                members=row.get("members", 0),
                countries=row.get("countries", 0),
                accepted=row.get("accepted", 0),
                demo=row.get("demo", 0),
                current=other.pk == cycle.pk,
            )
        )
    return History(published=published, cycles=cycles)
