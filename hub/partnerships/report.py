"""The M&E report's section on partnerships and investment: the money committed, secured and disbursed
whose day falls in the cycle, from public records only (a partnership's money, or a published
opportunity's), in a fixed order so that the same data gives the same files.

Registered as the report section "investment" (hub.monitoring.report.sections) in PartnershipsConfig.ready:
the report's build keeps ``investment_lines(cycle)`` in ReportData.sections["investment"]; the CSV/XLSX
table "investment", the PDF section and the executive summary read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub.monitoring.report.sections import ReportSection, register
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
    for line in data.sections.get("investment", []):
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


def _usd(amount: Decimal) -> str:
    from hub.core.charts import format_number

    return format_number(amount.quantize(Decimal("1")))


def summary(lines: list[InvestmentLine]) -> list[str]:
    if not lines:
        return [_("No money was recorded as committed, secured or disbursed in this cycle.")]
    _groups, total = totals_by_country(lines)
    text = ngettext(
        "Investment recorded in the cycle (%(n)s record): USD %(committed)s committed, %(secured)s secured and "
        "%(disbursed)s disbursed.",
        "Investment recorded in the cycle (%(n)s records): USD %(committed)s committed, %(secured)s secured and "
        "%(disbursed)s disbursed.",
        len(lines),
    ) % {"n": len(lines), **{stage: _usd(total[stage]) for stage in STAGES}}
    demo = sum(1 for line in lines if line.is_demo)
    if demo:
        text += " " + _("(%(n)s of the records are demo data)") % {"n": demo}
    return [text]


def figures(lines: list[InvestmentLine]) -> list[tuple[str, object]]:
    _groups, total = totals_by_country(lines)
    return [
        (_("Investment committed (USD)"), float(total["committed"])),
        (_("Investment secured (USD)"), float(total["secured"])),
        (_("Investment disbursed (USD)"), float(total["disbursed"])),
    ]


def pdf(lines: list[InvestmentLine], s: dict) -> list:
    """Partnerships and investment in the cycle, per country, in USD."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Spacer

    from hub.monitoring.report.pdf_draw import TEXT_W, _p, _table

    story = [CondPageBreak(50 * mm), _p(_("Partnerships and investment in the cycle"), s["h1"])]
    if not lines:
        return [*story, _p(_("No money was recorded as committed, secured or disbursed in this cycle."), s["body"])]
    groups, total = totals_by_country(lines)
    rows = [[_("Country"), _("Committed (USD)"), _("Secured (USD)"), _("Disbursed, realised (USD)")]]
    for name, sums in [*groups, (_("Total"), total)]:
        rows.append([name or _("Network-wide (no single member)"), *(f"{sums[k]:,.2f}" for k in sums)])
    note = _(
        "Each amount is converted once at its stored rate and rounded to the cent, half up; the rows are in "
        "the table 'investment' of the CSV and XLSX."
    )
    return [
        *story,
        _p(note, s["small"]),
        Spacer(1, 2 * mm),
        _table(rows, [TEXT_W * w for w in (0.34, 0.2, 0.18, 0.28)], numeric=(1, 2, 3)),
    ]


SECTION = ReportSection(
    key="investment",
    order=10,
    collect=investment_lines,
    summary=summary,
    figures=figures,
    pdf=pdf,
    table=("Investment", COLUMNS, table_rows),
)


def register_section() -> None:
    register(SECTION)
