"""Who is late in a cycle: the one read behind the page /monitoring/late/ and the API's /late-reports.

Late means expected to report in the cycle without a submitted (or later) update (CycleFacts.late).
Who may ask: the National Representatives, for their countries, and the network-wide roles (the
Secretariat, Chair, Shepherd), as hub.monitoring.policies says (can_see_late, late_country_ids).

The rows come as a lazy sequence: its length is the number of late projects, and a slice (one page)
reads the officers of that page's members only, in two queries whatever the page's size, so that the
page's Paginator and the API's pagination issue the same, constant number of queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from hub.core.labels import by_label
from hub.monitoring import policies
from hub.monitoring.filters import LateFilter
from hub.monitoring.models import ReportingCycle
from hub.monitoring.notify import officers_by_member
from hub.monitoring.selectors import CycleFacts, ProjectRow, UpdateRow, current_cycle
from hub.network.models import Country


@dataclass
class LateRow:
    project: ProjectRow
    cycle: ReportingCycle
    update: UpdateRow | None  # a draft, or None when the update was never started
    officers: list = field(default_factory=list)  # the member's officers with an account


class LateRows(Sequence):
    """The late projects of one cycle, in country, member, title order; officers read per slice."""

    def __init__(self, facts: CycleFacts, cycle: ReportingCycle, ids: list[int]):
        self.facts, self.cycle, self.ids = facts, cycle, ids

    def __len__(self) -> int:
        return len(self.ids)

    def count(self, *args) -> int:  # what Django's Paginator asks
        return len(self.ids) if not args else self.ids.count(*args)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._rows(self.ids[index])
        return self._rows([self.ids[index]])[0]

    def _rows(self, ids: list[int]) -> list[LateRow]:
        projects = [self.facts.projects[pid] for pid in ids]
        officers = officers_by_member({p.member_id for p in projects}) if projects else {}
        return [
            LateRow(
                project=p,
                cycle=self.cycle,
                update=self.facts.update_in(self.cycle, p.id),
                officers=officers.get(p.member_id, []),
            )
            for p in projects
        ]


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
    facts = CycleFacts(country_ids=country_ids)
    late_ids = facts.late(result.cycle)
    result.rows = LateRows(facts, result.cycle, late_ids)
    result.expected = len(facts.expected(result.cycle))
    result.members = len({facts.projects[pid].member_id for pid in late_ids})
    return result
