"""Read side of monitoring & evaluation: public progress, timelines, and the figures per cycle.

``CycleFacts`` is the one definition of "which projects count in a cycle" shared by the dashboards, the
who-is-late list, the reminders and the annual report, so that their numbers always agree. It reads a
fixed handful of queries (projects, focus areas, membership events, updates, cycles) whatever the
number of projects, and works out the rest in Python:

- a project **counts in a cycle** when its member was a member on the cycle's last day and the project
  had started by then (or, with no start date, had been recorded in the hub by then); a project with an
  accepted update in the cycle always counts. Projects stay counted once finished, as the Secretariat's
  M&E reports count them (134 projects in 2025: 108 ongoing, 18 completed, 8 planning);
- its **status in a cycle** is the one its update accepted in that cycle gives, else its latest
  accepted update before, else the catalogue's status;
- it **is expected to report** in a cycle when it counts and had not finished before the cycle began
  (ended before its first day, or completed/discontinued per an earlier accepted update or, with no
  end date and no accepted update, per the catalogue);
- it **has reported** when its update for the cycle is submitted, endorsed or accepted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.db.models import Q
from django.utils import timezone

from hub.monitoring.cycle_rows import FINISHED, PROJECT_FIELDS, STATUS_ORDER, CycleFigures, ProjectRow, UpdateRow
from hub.monitoring.models import (
    REPORTED_STATES,
    ProgressUpdate,
    ReportingCycle,
    UpdateState,
)
from hub.network.models import MembershipEvent, MembershipStatus
from hub.projects.models import FocusArea, Project


class CycleFacts:
    """The facts behind every M&E figure for a set of projects (the network, a country or a member)."""

    def __init__(self, *, country_ids=None, member_ids=None, project_q: Q | None = None, include_demo: bool = True):
        projects = Project.objects.all()
        if project_q is not None:
            projects = projects.filter(project_q)
        if country_ids is not None:
            projects = projects.filter(member__country_id__in=country_ids)
        if member_ids is not None:
            projects = projects.filter(member_id__in=member_ids)
        if not include_demo:
            projects = projects.filter(is_demo=False)
        self.cycles = list(ReportingCycle.objects.order_by("start_date"))
        self.focus_areas = list(FocusArea.objects.order_by("position", "pk"))
        rows = projects.values_list(*PROJECT_FIELDS)
        self.projects: dict[int, ProjectRow] = {}
        for r in rows:
            self.projects[r[0]] = ProjectRow(
                *r[:12], recorded_on=timezone.localtime(r[12]).date(), is_demo=r[13], country_name_id=r[14]
            )
        through = Project.focus_areas.through.objects.filter(project__in=projects).values_list(
            "project_id", "focusarea_id"
        )
        for project_id, focus_id in through:
            self.projects[project_id].focus_ids.append(focus_id)
        member_ids_here = {p.member_id for p in self.projects.values()}
        self.events: dict[int, list[tuple[date, str]]] = defaultdict(list)
        events = MembershipEvent.objects.filter(member_id__in=projects.values("member_id"))
        for member_id, status, day in events.order_by("counts_from", "pk").values_list(
            "member_id", "status", "counts_from"
        ):
            if member_id in member_ids_here:
                self.events[member_id].append((day, status))
        self.updates: dict[int, dict[int, UpdateRow]] = defaultdict(dict)  # cycle id -> project id -> row
        for values in ProgressUpdate.objects.filter(project__in=projects).values_list(
            "project_id", "cycle_id", "state", "status", "progress", "pk"
        ):
            row = UpdateRow(*values)
            self.updates[row.cycle_id][row.project_id] = row
        self._counted: dict[int, tuple[int, ...]] = {}  # cycle id -> counted(cycle): the facts do not change
        self._upto: list[dict[int, UpdateRow]] | None = None  # _accepted_upto()
        self._position: dict[int, int] = {}

    # -- per project --

    def member_status_on(self, member_id: int, day: date) -> str | None:
        status = None
        for when, value in self.events.get(member_id, []):
            if when > day:
                break
            status = value
        return status

    def _accepted_before(self, cycle: ReportingCycle, project_id: int, *, inclusive: bool) -> UpdateRow | None:
        """The project's latest accepted update in the cycles that began by this one (this one too if inclusive)."""
        upto = self._accepted_upto()
        position = self._position.get(cycle.pk)
        if position is None:  # a cycle these facts did not read: walk back as the memo would
            for other in reversed(self.cycles):
                if other.start_date > cycle.start_date or (other.pk == cycle.pk and not inclusive):
                    continue
                row = self.updates.get(other.pk, {}).get(project_id)
                if row is not None and row.state == UpdateState.ACCEPTED:
                    return row
            return None
        if not inclusive:
            position -= 1
        return upto[position].get(project_id) if position >= 0 else None

    def _accepted_upto(self) -> list[dict[int, UpdateRow]]:
        """Per cycle (in start order): project id -> its latest accepted update up to that cycle. Worked out once,
        so a status or progress "in a cycle" is a lookup, not a walk over the cycles (the big report asks
        hundreds of thousands of times)."""
        if self._upto is None:
            self._position = {c.pk: i for i, c in enumerate(self.cycles)}
            upto, latest = [], {}
            for other in self.cycles:
                latest = dict(latest)
                for pid, row in self.updates.get(other.pk, {}).items():
                    if row.state == UpdateState.ACCEPTED:
                        latest[pid] = row
                upto.append(latest)
            self._upto = upto
        return self._upto

    def accepted_in(self, cycle: ReportingCycle) -> dict[int, UpdateRow]:
        """Project id -> its latest accepted update up to this cycle (a project without one is absent): what
        status_in and progress_in read, for loops over every project of a cycle."""
        upto = self._accepted_upto()
        if cycle.pk in self._position:
            return upto[self._position[cycle.pk]]
        return {pid: row for pid in self.projects if (row := self._accepted_before(cycle, pid, inclusive=True))}

    def accepted_before(self, cycle: ReportingCycle, project_id: int) -> UpdateRow | None:
        """The project's latest update accepted in a cycle before this one (the report's progress gains)."""
        return self._accepted_before(cycle, project_id, inclusive=False)

    def status_in(self, cycle: ReportingCycle, project_id: int) -> str:
        row = self._accepted_before(cycle, project_id, inclusive=True)
        return row.status if row else self.projects[project_id].status

    def progress_in(self, cycle: ReportingCycle, project_id: int) -> int | None:
        row = self._accepted_before(cycle, project_id, inclusive=True)
        return row.progress if row else None

    # -- per cycle --

    def counted(self, cycle: ReportingCycle) -> list[int]:
        """Projects that count in the cycle, in a stable order (country, member, title).

        Worked out once per cycle (figures, expected, late and the report all start from it)."""
        if cycle.pk not in self._counted:
            accepted = {pid for pid, u in self.updates.get(cycle.pk, {}).items() if u.state == UpdateState.ACCEPTED}
            ids = []
            for p in self.projects.values():
                started = (p.start_date or p.recorded_on) <= cycle.end_date
                is_member = self.member_status_on(p.member_id, cycle.end_date) == MembershipStatus.MEMBER
                if p.id in accepted or (started and is_member):
                    ids.append(p.id)
            self._counted[cycle.pk] = tuple(self.ordered(ids))
        return list(self._counted[cycle.pk])

    def count_in(self, cycle: ReportingCycle) -> tuple[int, int]:
        """(projects counted in the cycle, of them demo): as Tallies.count_in."""
        counted = self.counted(cycle)
        return len(counted), sum(1 for pid in counted if self.projects[pid].is_demo)

    def ordered(self, ids) -> list[int]:
        return sorted(ids, key=lambda i: self._sort_key(self.projects[i]))

    @staticmethod
    def _sort_key(p: ProjectRow):
        return (p.country_name.lower(), p.member_name.lower(), p.title.lower(), p.id)

    def expected(self, cycle: ReportingCycle) -> list[int]:
        result = []
        in_cycle = self.updates.get(cycle.pk, {})
        for pid in self.counted(cycle):
            p = self.projects[pid]
            if (u := in_cycle.get(pid)) is not None and u.state in REPORTED_STATES:
                result.append(pid)  # it reported after all, so "accepted of expected" never passes 100 %
                continue
            if p.end_date and p.end_date < cycle.start_date:
                continue
            earlier = self._accepted_before(cycle, pid, inclusive=False)
            if earlier is not None and earlier.status in FINISHED:
                continue
            if earlier is None and p.end_date is None and p.status in FINISHED:
                continue
            result.append(pid)
        return result

    def update_in(self, cycle: ReportingCycle, project_id: int) -> UpdateRow | None:
        return self.updates.get(cycle.pk, {}).get(project_id)

    def late(self, cycle: ReportingCycle) -> list[int]:
        """Expected projects without a submitted (or later) update in the cycle."""
        return [
            pid
            for pid in self.expected(cycle)
            if (u := self.update_in(cycle, pid)) is None or u.state not in REPORTED_STATES
        ]

    def figures(self, cycle: ReportingCycle | None) -> CycleFigures:
        """Key figures for a cycle (or, with None, for today from the latest accepted updates)."""
        if cycle is None:
            ids = self.ordered(self.projects)
            statuses = {pid: self._status_now(pid) for pid in ids}
            progress = [p for pid in ids if (p := self._progress_now(pid)) is not None]
            expected = reported = accepted = 0
        else:
            ids = self.counted(cycle)
            latest = self.accepted_in(cycle)
            statuses = {pid: row.status if (row := latest.get(pid)) else self.projects[pid].status for pid in ids}
            progress = [row.progress for pid in ids if (row := latest.get(pid)) is not None]
            in_cycle = self.updates.get(cycle.pk, {})
            expected = len(self.expected(cycle))
            reported = sum(1 for u in in_cycle.values() if u.state in REPORTED_STATES)
            accepted = sum(1 for u in in_cycle.values() if u.state == UpdateState.ACCEPTED)
        by_status = {s.value: 0 for s in STATUS_ORDER}
        by_status.update(Counter(statuses.values()))
        focus_counts: dict[int, Counter] = {f.pk: Counter() for f in self.focus_areas}
        countries: Counter = Counter()
        names: dict[str, str] = {}
        for pid in ids:
            p = self.projects[pid]
            for focus_id in p.focus_ids:
                focus_counts[focus_id][statuses[pid]] += 1
            countries[p.country_code] += 1
            names[p.country_code] = p.country_label
        return CycleFigures(
            cycle=cycle,
            projects=len(ids),
            reported=reported,
            accepted=accepted,
            expected=expected,
            members=len({self.projects[pid].member_id for pid in ids}),
            countries=len(countries),
            by_status=by_status,
            by_focus=[(f, {s.value: focus_counts[f.pk][s.value] for s in STATUS_ORDER}) for f in self.focus_areas],
            by_country=sorted(((code, names[code], n) for code, n in countries.items()), key=lambda r: r[1]),
            average_progress=round(sum(progress) / len(progress), 1) if progress else None,
        )

    def _latest_accepted_row(self, project_id: int) -> UpdateRow | None:
        upto = self._accepted_upto()  # per cycle in start order: the last holds each project's latest
        return upto[-1].get(project_id) if upto else None

    def _status_now(self, project_id: int) -> str:
        row = self._latest_accepted_row(project_id)
        return row.status if row else self.projects[project_id].status

    def _progress_now(self, project_id: int) -> int | None:
        row = self._latest_accepted_row(project_id)
        return row.progress if row else None

    def series(self) -> list[dict]:
        """Per cycle, oldest first: projects counted, expected, updates submitted (or later) and accepted."""
        result = []
        for cycle in self.cycles:
            in_cycle = self.updates.get(cycle.pk, {})
            result.append(
                {
                    "cycle": cycle,
                    "projects": len(self.counted(cycle)),
                    "expected": len(self.expected(cycle)),
                    "submitted": sum(1 for u in in_cycle.values() if u.state in REPORTED_STATES),
                    "accepted": sum(1 for u in in_cycle.values() if u.state == UpdateState.ACCEPTED),
                }
            )
        return result


def current_cycle(cycles: list[ReportingCycle] | None = None, today: date | None = None) -> ReportingCycle | None:
    """The cycle a dashboard shows by default: the one running today, else the latest that has begun."""
    today = today or timezone.localdate()
    cycles = cycles if cycles is not None else list(ReportingCycle.objects.order_by("start_date"))
    running = [c for c in cycles if c.start_date <= today <= c.end_date]
    if running:
        return running[0]
    begun = [c for c in cycles if c.start_date <= today]
    return begun[-1] if begun else (cycles[0] if cycles else None)
