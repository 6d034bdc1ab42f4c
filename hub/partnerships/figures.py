"""Investment figures: committed, secured and disbursed (realised) money in USD, per member, country, year
or instrument, for the network or a part of it.

One query reads the financing rows' stored USD amounts; the sums are done here in ``Decimal``, so every
total is exactly the sum of its groups, and the groups of every grouping add up to the same network total
(tests/services/test_partnerships_figures.py). Money with the network as a whole (a partnership without a
member) is its own group, "network-wide", in the member and country groupings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hub.partnerships.choices import Instrument
from hub.partnerships.models import STAGES, Financing

GROUPINGS = ("country", "member", "year", "instrument")
NETWORK_WIDE = "network"
ZERO = Decimal("0.00")


@dataclass
class Group:
    key: str
    label: str
    committed: Decimal = ZERO
    secured: Decimal = ZERO
    disbursed: Decimal = ZERO
    rows: int = 0

    def add(self, stage: str, usd: Decimal) -> None:
        setattr(self, stage, getattr(self, stage) + usd)
        self.rows += 1

    @property
    def realised(self) -> Decimal:
        return self.disbursed


@dataclass
class Figures:
    group_by: str
    groups: list[Group] = field(default_factory=list)
    total: Group = field(default_factory=lambda: Group("total", _("Total")))
    demo_rows: int = 0

    @property
    def peak(self) -> Decimal:
        return max((max(g.committed, g.secured, g.disbursed) for g in self.groups), default=ZERO)


def _key(row: dict, group_by: str) -> tuple[str, str]:
    if group_by == "year":
        year = str(row["on_date"].year)
        return year, year
    if group_by == "instrument":
        return row["instrument"], str(Instrument(row["instrument"]).label)
    if row["member__slug"] is None:
        return NETWORK_WIDE, _("Network-wide (no single member)")
    if group_by == "member":
        return row["member__slug"], row["member__name"]
    return row["member__country__code"], row["member__country__name"]


def financing_rows(queryset: QuerySet[Financing] | None = None) -> list[dict]:
    qs = queryset if queryset is not None else Financing.objects.all()
    return list(
        qs.values(
            "stage",
            "instrument",
            "on_date",
            "amount_usd",
            "is_demo",
            "member__slug",
            "member__name",
            "member__country__code",
            "member__country__name",
        )
    )


def investment(group_by: str = "country", queryset: QuerySet[Financing] | None = None) -> Figures:
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}")
    figures = Figures(group_by)
    groups: dict[str, Group] = {}
    for row in financing_rows(queryset):
        key, label = _key(row, group_by)
        group = groups.setdefault(key, Group(key, label))
        group.add(row["stage"], row["amount_usd"])
        figures.total.add(row["stage"], row["amount_usd"])
        figures.demo_rows += int(row["is_demo"])
    order = (lambda g: g.key) if group_by == "year" else (lambda g: (g.key == NETWORK_WIDE, str(g.label).lower()))
    figures.groups = sorted(groups.values(), key=order)
    return figures


def stage_totals(queryset) -> dict[str, Decimal]:
    """Committed / secured / disbursed of one partnership's or opportunity's rows (already fetched or not)."""
    totals = {stage: ZERO for stage in STAGES}
    for row in queryset:
        totals[row.stage] += row.amount_usd
    return totals
