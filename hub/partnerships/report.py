"""The M&E report's section on partnerships and investment: the money committed, secured and disbursed
whose day falls in the cycle, from public records only (a partnership's money, or a published
opportunity's), in a fixed order so that the same data gives the same files.

hub.monitoring.report.data.build puts ``investment_lines(cycle)`` into ReportData.investment; the CSV/XLSX
table "investment" (hub.monitoring.report.tables) and the PDF section read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from hub.network.models import Country
from hub.partnerships.models import STAGES, Financing
from hub.partnerships.money import plain

COLUMNS = [
    "cycle",
    "date",
    "stage",
    "instrument",
    "country_code",
    "member",
    "for",
    "title",
    "amount",
    "currency",
    "rate_units_per_usd",
    "rate_date",
    "amount_usd",
    "demo",
]


@dataclass(frozen=True, slots=True)
class InvestmentLine:
    on_date: date
    stage: str
    instrument: str
    country_code: str
    country_name: str
    member_name: str
    parent_kind: str
    title: str
    amount: Decimal
    currency: str
    rate_value: Decimal
    rate_date: date
    amount_usd: Decimal
    is_demo: bool


def investment_lines(cycle) -> list[InvestmentLine]:
    rows = (
        Financing.objects.visible_to(None)
        .filter(on_date__gte=cycle.start_date, on_date__lte=cycle.end_date)
        .with_related()
        .order_by("on_date", "member__country__code", "member__name", "pk")
    )
    lines = []
    for f in rows:
        parent = f.partnership or f.opportunity
        lines.append(
            InvestmentLine(
                on_date=f.on_date,
                stage=f.stage,
                instrument=f.instrument,
                country_code=f.member.country.code if f.member_id else "",
                country_name=f.member.country.name if f.member_id else "",
                member_name=f.member.name if f.member_id else "",
                parent_kind="partnership" if f.partnership_id else "opportunity",
                title=parent.title,
                amount=f.amount,
                currency=f.currency,
                rate_value=f.rate_value,
                rate_date=f.rate_date,
                amount_usd=f.amount_usd,
                is_demo=f.is_demo,
            )
        )
    return lines


def table_rows(data) -> Iterator[list[Any]]:
    for line in data.investment:
        yield [
            data.cycle.slug,
            line.on_date.isoformat(),
            line.stage,
            line.instrument,
            line.country_code or "network",
            line.member_name,
            line.parent_kind,
            line.title,
            plain(line.amount),
            line.currency,
            f"{line.rate_value.normalize():f}",
            line.rate_date.isoformat(),
            plain(line.amount_usd),
            "yes" if line.is_demo else "",
        ]


def totals_by_country(lines: list[InvestmentLine]) -> tuple[list[tuple[str, dict]], dict]:
    """[(country name or "", {stage: USD})] sorted by name (network-wide last), and the total; the names in
    the active language (the PDF's), the lines keep English for the CSV."""
    names = Country.objects.labels() if lines else {}
    groups: dict[str, dict[str, Decimal]] = {}
    total = {stage: Decimal("0.00") for stage in STAGES}
    for line in lines:
        name = names.get(line.country_code, line.country_name) if line.country_code else ""
        group = groups.setdefault(name, {stage: Decimal("0.00") for stage in STAGES})
        group[line.stage] += line.amount_usd
        total[line.stage] += line.amount_usd
    ordered = sorted(groups.items(), key=lambda item: (item[0] == "", item[0].lower()))
    return ordered, total
