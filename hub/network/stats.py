"""Read-side queries for the public pages: counts, growth and who holds which role.

Every function here issues a fixed number of queries, whatever the size of the registry.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Min, OuterRef, QuerySet, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, FirstValue, RowNumber

from hub.core.dates import Precision, format_partial
from hub.core.sqlshape import Shape
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
    """From ``day`` on, the network had ``count`` members; ``joined_count``/``left_count`` say how many
    joined and left that day, ``left`` who left and ``joined`` who joined, named only when they are at
    most ``NAMED_JOINS`` (the home page names no more)."""

    day: date
    precision: str
    count: int
    joined_count: int = 0
    left_count: int = 0
    joined: list[MemberRef] = field(default_factory=list)
    left: list[MemberRef] = field(default_factory=list)

    @property
    def label(self) -> str:
        return format_partial(self.day, self.precision)

    @property
    def change(self) -> int:
        return self.joined_count - self.left_count


# A day with more members joining than this lists no names (the table would be a wall of links).
NAMED_JOINS = 8

_PRECISION_BY_RANK = {rank: precision for precision, rank in _COARSENESS.items()}

# Each event compared with the member's previous one (LAG): +1 when it made a member of a non-member, -1
# the reverse, 0 otherwise. Per day: how many joined and left, and the coarsest precision of its events
# (kind 0); then the members who left and, on days with few, those who joined (kind 1 / 2), oldest
# event first. The database does the walk: Python reads a row per day and a few names, not every event.
_GROWTH_SQL = """
WITH ev AS (
    SELECT e.id, e.member_id, e.counts_from AS day,
        CASE WHEN (CASE WHEN e.counts_from = e.effective_date THEN e.effective_date_precision
                   ELSE e.not_before_precision END) = %(year)s THEN 0
             WHEN (CASE WHEN e.counts_from = e.effective_date THEN e.effective_date_precision
                   ELSE e.not_before_precision END) = %(month)s THEN 1
             ELSE 2 END AS rnk,
        e.status,
        LAG(e.status) OVER (PARTITION BY e.member_id ORDER BY e.counts_from, e.id) AS prev
    FROM {events} e
    WHERE e.counts_from <= %(until)s
), tr AS (
    SELECT id, member_id, day, rnk,
        CASE WHEN status = %(member)s AND (prev IS NULL OR prev <> %(member)s) THEN 1
             WHEN prev = %(member)s AND status <> %(member)s THEN -1
             ELSE 0 END AS delta
    FROM ev
), days AS (
    SELECT day, SUM(CASE WHEN delta = 1 THEN 1 ELSE 0 END) AS joined,
        SUM(CASE WHEN delta = -1 THEN 1 ELSE 0 END) AS gone, MIN(rnk) AS rnk
    FROM tr GROUP BY day
)
SELECT day, 0 AS kind, 0 AS id, joined, gone, rnk, NULL AS name, NULL AS slug FROM days
    WHERE joined > 0 OR gone > 0
UNION ALL
SELECT tr.day, CASE WHEN tr.delta = -1 THEN 1 ELSE 2 END, tr.id, 0, 0, 0, m.name, m.slug
    FROM tr JOIN days ON days.day = tr.day JOIN {members} m ON m.id = tr.member_id
    WHERE tr.delta = -1 OR (tr.delta = 1 AND days.joined <= %(named)s)
ORDER BY 1, 2, 3
"""


def growth(until: date) -> list[GrowthStep]:
    """Member count after each day on which it changed, up to ``until``, in one query that reads a row
    per such day and the names the table shows (see ``_GROWTH_SQL``).

    A partial date counts from its first day, as everywhere in the hub ("joined 2026" counts from
    1 January 2026), and the step keeps the precision so that the text never shows an invented day.
    """
    qn = connection.ops.quote_name
    sql = _GROWTH_SQL.format(events=qn(MembershipEvent._meta.db_table), members=qn(Member._meta.db_table))
    params = {
        "until": until,
        "member": MembershipStatus.MEMBER.value,
        "year": Precision.YEAR.value,
        "month": Precision.MONTH.value,
        "named": NAMED_JOINS,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    steps: list[GrowthStep] = []
    count = 0
    for day, kind, _id, joined, gone, rank, name, slug in rows:
        if isinstance(day, str):  # SQLite hands dates back as text from a raw query
            day = date.fromisoformat(day)
        if kind == 0:
            count += joined - gone
            precision = _PRECISION_BY_RANK[rank]
            steps.append(GrowthStep(day=day, precision=precision, count=count, joined_count=joined, left_count=gone))
        elif kind == 1:
            steps[-1].left.append(MemberRef(name, slug))
        else:
            steps[-1].joined.append(MemberRef(name, slug))
    return steps


def _map_members(on: date) -> QuerySet:
    """The query of ``map_members``.

    Status and join date come from the membership events up to ``on``, as
    ``Member.objects.members_on(on).with_join()`` works them out, but with window functions over the
    events rather than a subquery per member: the latest event's status, and the first day counted of the
    events that made it a member.
    """
    per_member = {"partition_by": [F("member_id")]}
    latest_first = [F("counts_from").desc(), F("pk").desc()]
    return (
        MembershipEvent.objects.filter(counts_from__lte=on)
        .order_by()
        .annotate(
            rank=Window(RowNumber(), order_by=latest_first, **per_member),
            status_on=Window(FirstValue("status"), order_by=latest_first, **per_member),
            joined_date=Window(Min(Case(When(status=MembershipStatus.MEMBER, then=F("counts_from")))), **per_member),
        )
        .filter(rank=1, status_on=MembershipStatus.MEMBER)
        .values(
            "joined_date",
            pk=F("member_id"),
            name=F("member__name"),
            slug=F("member__slug"),
            latitude=F("member__latitude"),
            longitude=F("member__longitude"),
            country__code=F("member__country__code"),
            country__name=F("member__country__name"),
            country__name_id=F("member__country__name_id"),
        )
    )


# Compiled once per process (hub/core/sqlshape.py): the same SQL on every request.
_MAP_MEMBERS = Shape("network.map_members", _map_members)


def map_members(on: date) -> list[dict]:
    """The members on ``on`` as plain rows for the map (name, slug, coordinates, joined_date, country
    code and name), oldest members first, in one query (``_map_members`` says how)."""
    rows = _MAP_MEMBERS.list(on=on)
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
