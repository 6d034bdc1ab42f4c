"""Read-side queries for the public pages: counts, growth and who holds which role.

Every function here issues a fixed number of queries, whatever the size of the registry.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from hub.core.dates import Precision, format_partial
from hub.core.urlcache import reverse  # remembered: called for every row of a list
from hub.network.models import Country, Member, MembershipEvent, MembershipStatus, Role, RoleTerm

# ASCN was founded at the 32nd ASEAN Summit in April 2018: the growth chart starts there.
NETWORK_START = date(2018, 4, 1)

# Coarsest first: when several events share a first day, the row shows the least precise text.
_COARSENESS = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


def members_count(on: date) -> int:
    return Member.objects.members_on(on).count()


def countries_with_member_counts(on: date) -> QuerySet[Country]:
    """Every country, annotated ``members_count``: its members on ``on`` (zero included), in one query."""
    per_country = (
        Member.objects.members_on(on)
        .filter(country=OuterRef("pk"))
        .order_by()
        .values("country")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Country.objects.annotate(
        members_count=Coalesce(Subquery(per_country, output_field=IntegerField()), Value(0))
    ).order_by("name")


@dataclass(frozen=True)
class MemberRef:
    """Enough of a member to name and link it, read without building a model instance."""

    name: str
    slug: str

    def get_absolute_url(self) -> str:
        return reverse("network:member", args=[self.slug])


@dataclass
class GrowthStep:
    """From ``day`` on, the network had ``count`` members; ``joined``/``left`` say what changed."""

    day: date
    precision: str
    count: int
    joined: list[MemberRef] = field(default_factory=list)
    left: list[MemberRef] = field(default_factory=list)

    @property
    def label(self) -> str:
        return format_partial(self.day, self.precision)

    @property
    def change(self) -> int:
        return len(self.joined) - len(self.left)


def membership_events(until: date) -> list[tuple]:
    """Every membership event up to ``until``, oldest first, as plain rows (day, precision, status,
    member id, member name, member slug), in one query: growth and the map both read them, and a
    model instance per event would cost more than the whole page."""
    rows = (
        MembershipEvent.objects.filter(counts_from__lte=until)
        .order_by("counts_from", "pk")
        .values_list(
            "counts_from",
            "effective_date",
            "effective_date_precision",
            "not_before_precision",
            "status",
            "member_id",
            "member__name",
            "member__slug",
        )
    )
    # An event bounded by another source counts from its bound, shown at the bound's precision (0002).
    return [
        (day, bound_precision if day != first else precision, *rest)
        for day, first, precision, bound_precision, *rest in rows
    ]


def growth(until: date, events: list[tuple] | None = None) -> list[GrowthStep]:
    """Member count after each day on which it changed, up to ``until``, in one query (none when
    given the ``membership_events(until)`` already read).

    A partial date counts from its first day, as everywhere in the hub ("joined 2026" counts from
    1 January 2026), and the step keeps the precision so that the text never shows an invented day.
    """
    if events is None:
        events = membership_events(until)
    status: dict[int, str] = {}
    by_day: dict[date, list[tuple]] = defaultdict(list)
    for event in events:
        by_day[event[0]].append(event)

    steps: list[GrowthStep] = []
    count = 0
    for day in sorted(by_day):
        joined, left = [], []
        for _day, _precision, event_status, member_id, name, slug in by_day[day]:
            was_member = status.get(member_id) == MembershipStatus.MEMBER
            status[member_id] = event_status
            is_member = event_status == MembershipStatus.MEMBER
            if is_member and not was_member:
                joined.append(MemberRef(name, slug))
                count += 1
            elif was_member and not is_member:
                left.append(MemberRef(name, slug))
                count -= 1
        if not joined and not left:
            continue
        precision = min((e[1] for e in by_day[day]), key=lambda p: _COARSENESS.get(p, 2))
        steps.append(GrowthStep(day=day, precision=precision, count=count, joined=joined, left=left))
    return steps


def map_members(on: date, events: list[tuple] | None = None) -> list[dict]:
    """The members on ``on`` as plain rows for the map (name, slug, coordinates, joined_date, country
    code and name), oldest members first.

    Status and join date come from the membership events (``membership_events(on)``, read here if not
    given), as ``Member.objects.members_on(on).with_join()`` works them out, but without a subquery per
    member; one more query reads where the members are.
    """
    if events is None:
        events = membership_events(on)
    status: dict[int, str] = {}
    joined: dict[int, date] = {}
    for day, _precision, event_status, member_id, _name, _slug in events:
        if day > on:
            break
        status[member_id] = event_status
        if event_status == MembershipStatus.MEMBER:
            joined.setdefault(member_id, day)
    rows = [
        {**row, "joined_date": joined[row["pk"]]}
        for row in Member.objects.order_by().values(
            "pk", "name", "slug", "latitude", "longitude", "country__code", "country__name", "country__name_id"
        )
        if status.get(row["pk"]) == MembershipStatus.MEMBER
    ]
    rows.sort(key=lambda row: (row["joined_date"], row["name"]))
    return rows


def join_group(joined: date | None) -> str:
    """The period a member joined in, for telling new members from the founding ones on the map."""
    if joined is None:
        return "unknown"
    if joined.year <= 2018:
        return "2018"
    if joined.year <= 2024:
        return "2019-2024"
    return "2025-"


def current_terms(on: date, roles: list[str], *, defer: list[str] = ()) -> dict[str, list[RoleTerm]]:
    """Terms of the given roles held on ``on``, per role, in one query; ``defer``: fields left unread."""
    terms: dict[str, list[RoleTerm]] = {role: [] for role in roles}
    queryset = RoleTerm.objects.held_on(on).filter(role__in=roles).with_related().defer(*defer)
    for term in queryset.order_by("role", "start_date"):
        terms[term.role].append(term)
    return terms


def group_by_role(terms, *, keep_empty: bool = False) -> list[tuple[str, str, list[RoleTerm]]]:
    """(role value, role label, terms) in the order of ``Role``; roles without terms only if ``keep_empty``."""
    grouped: dict[str, list[RoleTerm]] = defaultdict(list)
    for term in terms:
        grouped[term.role].append(term)
    return [(role.value, role.label, grouped[role.value]) for role in Role if keep_empty or grouped.get(role.value)]
