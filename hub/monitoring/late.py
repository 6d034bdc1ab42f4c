"""Who is late in a cycle: the one read behind the page /monitoring/late/ and the API's /late-reports.

Late means expected to report in the cycle without a submitted (or later) update (CycleFacts.late), worked
out in a few queries (late_projects), not by loading every project and update of the countries into Python.
Who may ask: the National Representatives, for their countries, and the network-wide roles (the
Secretariat, Chair, Shepherd), as hub.monitoring.policies says (can_see_late, late_country_ids).

The rows come as a lazy sequence: its length is the number of late projects, and a slice (one page)
reads that page's projects, their drafts and their members' officers only, in four queries whatever the
page's size, so that the page's Paginator and the API's pagination issue the same, constant number of queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from hub.core.labels import by_label
from hub.monitoring import policies
from hub.monitoring.counted import accepted_before, counted_projects
from hub.monitoring.filters import LateFilter
from hub.monitoring.models import REPORTED_STATES, ProgressUpdate, ReportingCycle
from hub.monitoring.notify import officers_by_member
from hub.monitoring.selectors import FINISHED, PROJECT_FIELDS, ProjectRow, UpdateRow, current_cycle
from hub.network.models import Country
from hub.projects.models import Project


@dataclass
class LateRow:
    project: ProjectRow
    cycle: ReportingCycle
    update: UpdateRow | None  # a draft, or None when the update was never started
    officers: list = field(default_factory=list)  # the member's officers with an account


class LateRows(Sequence):
    """The late projects of one cycle, in country, member, title order; a slice's rows read when asked."""

    def __init__(self, cycle: ReportingCycle, ids: list[int]):
        self.cycle, self.ids = cycle, ids

    def __len__(self) -> int:
        return len(self.ids)

    def count(self, *args) -> int:  # what Django's Paginator asks
        return len(self.ids) if not args else self.ids.count(*args)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._rows(self.ids[index])
        return self._rows([self.ids[index]])[0]

    def _rows(self, ids: list[int]) -> list[LateRow]:
        if not ids:
            return []
        found = {}
        for r in Project.objects.filter(pk__in=ids).order_by().values_list(*PROJECT_FIELDS):
            found[r[0]] = ProjectRow(
                *r[:12], recorded_on=timezone.localtime(r[12]).date(), is_demo=r[13], country_name_id=r[14]
            )
        drafts = {
            row.project_id: row
            for row in (
                UpdateRow(*values)
                for values in ProgressUpdate.objects.filter(cycle=self.cycle, project_id__in=ids).values_list(
                    "project_id", "cycle_id", "state", "status", "progress", "pk"
                )
            )
        }
        projects = [found[pid] for pid in ids if pid in found]
        officers = officers_by_member({p.member_id for p in projects})
        return [
            LateRow(project=p, cycle=self.cycle, update=drafts.get(p.id), officers=officers.get(p.member_id, []))
            for p in projects
        ]


def late_projects(cycle: ReportingCycle, country_ids: list[int]) -> tuple[list[int], int, int]:
    """(the late projects' ids in CycleFacts.ordered's order, how many projects were expected to report, how
    many members the late projects have) in the countries: CycleFacts.late and .expected in three queries.
    A counted project is expected unless it had finished before the cycle began (ended before its first day;
    completed or discontinued per its latest update accepted before, or with neither an end date nor an
    accepted update, per the catalogue); it reported after all when its update is submitted or later, so
    expected = reported + late."""
    counted = counted_projects(cycle).filter(member__country_id__in=country_ids)
    reported = ProgressUpdate.objects.filter(cycle=cycle, state__in=REPORTED_STATES).values("project_id")
    candidates = counted.exclude(pk__in=reported).exclude(end_date__lt=cycle.start_date).order_by()
    earlier = accepted_before(cycle, candidates.values("pk"))
    rows, members = [], set()
    for pid, member_id, country, member, title, status, end in candidates.values_list(
        "pk", "member_id", "member__country__name", "member__name", "title", "status", "end_date"
    ):
        before = earlier.get(pid)
        if before is not None and before[0] in FINISHED:
            continue
        if before is None and end is None and status in FINISHED:
            continue
        rows.append((country.lower(), member.lower(), title.lower(), pid))
        members.add(member_id)
    rows.sort()
    return [row[-1] for row in rows], counted.filter(pk__in=reported).count() + len(rows), len(members)


@dataclass
class LateList:
    """What the late list shows to one user: the choices, the chosen cycle, and its late projects."""

    cycles: list[ReportingCycle]  # oldest first
    countries: list[Country]  # the countries the user may list
    cycle: ReportingCycle | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (parameter, message)
    rows: LateRows | None = None
    expected: int = 0
    members: int = 0

    @property
    def overdue(self) -> bool:
        return self.cycle is not None and self.cycle.due_date < timezone.localdate()


def late_list(user, late_filter: LateFilter) -> LateList:
    """The late list ``user`` may see for the filter (None values: the current cycle, all their countries).

    Callers check ``policies.can_see_late(user)`` first; this narrows to the user's countries.
    """
    allowed = policies.late_country_ids(user)
    countries = Country.objects.order_by("name")
    if allowed is not None:
        countries = countries.filter(pk__in=allowed)
    result = LateList(cycles=list(ReportingCycle.objects.order_by("start_date")), countries=by_label(countries))
    if late_filter.cycle:
        slug = late_filter.cycle.replace("–", "-")
        result.cycle = next((c for c in result.cycles if c.slug == slug), None)
        if result.cycle is None:
            message = _("there is no reporting cycle '%(ref)s'.") % {"ref": late_filter.cycle}
            result.errors.append(("cycle", message))
    else:
        result.cycle = current_cycle(result.cycles)
    country_ids = [c.pk for c in result.countries]
    if late_filter.country:
        chosen = [c for c in result.countries if c.code == late_filter.country.upper()]
        if not chosen:
            message = _("you cannot see reports of '%(ref)s'.") % {"ref": late_filter.country}
            result.errors.append(("country", message))
        country_ids = [c.pk for c in chosen]
    if result.errors or result.cycle is None:
        return result
    late_ids, result.expected, result.members = late_projects(result.cycle, country_ids)
    result.rows = LateRows(result.cycle, late_ids)
    return result
