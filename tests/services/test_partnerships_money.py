"""Money: conversion to USD with the stored rate and its date, the rounding rule, the checks on amounts,
and totals that equal the sum of their parts at every level (member, country, network; year, instrument)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hub.network.models import Member
from hub.partnerships import services
from hub.partnerships.figures import investment
from hub.partnerships.models import ExchangeRate, Financing
from hub.partnerships.money import to_usd
from tests.partnerships_factories import make_opportunity, make_partnership

pytestmark = pytest.mark.django_db


def rate(currency: str, day: str, units: str) -> ExchangeRate:
    return ExchangeRate.objects.create(
        currency=currency, rate_date=date.fromisoformat(day), units_per_usd=Decimal(units), source_note="test"
    )


ROW = {"stage": "committed", "instrument": "grant", "currency": "THB", "on_date": "2025-05-02", "evidence": "letter"}


@pytest.mark.parametrize(
    ("amount", "units", "usd"),
    [
        ("100.00", "3", "33.33"),  # 33.333… down
        ("200.00", "3", "66.67"),  # 66.666… up
        ("0.01", "2", "0.01"),  # 0.005 exactly: half up, not to even
        ("0.03", "2", "0.02"),  # 0.015: half up
        ("1000000000000.00", "25000", "40000000.00"),
        ("0.00", "1.5", "0.00"),
    ],
)
def test_rounding_is_to_the_cent_half_up(amount, units, usd):
    assert to_usd(Decimal(amount), Decimal(units)) == Decimal(usd)


def test_a_conversion_stores_the_rate_of_its_day_or_the_latest_before(personas):
    officer = personas["sumedang_officer"]
    partnership = make_partnership(officer, members=[Member.objects.get(slug="sumedang")])
    rate("THB", "2025-01-01", "30")
    rate("THB", "2025-06-01", "40")
    may = services.record_financing(actor=officer, parent=partnership, data={**ROW, "amount": "1000"})
    june = services.record_financing(
        actor=officer, parent=partnership, data={**ROW, "amount": "1000", "on_date": "2025-06-01"}
    )
    assert (may.rate_value, may.rate_date, may.amount_usd) == (Decimal("30"), date(2025, 1, 1), Decimal("33.33"))
    assert (june.rate_value, june.rate_date, june.amount_usd) == (Decimal("40"), date(2025, 6, 1), Decimal("25.00"))
    # A later rate does not change a stored conversion.
    ExchangeRate.objects.filter(currency="THB", rate_date=date(2025, 1, 1)).update(units_per_usd=Decimal("99"))
    may.refresh_from_db()
    assert may.amount_usd == Decimal("33.33") and may.rate_value == Decimal("30")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "-1"}, "amount"),
        ({"amount": "99999999999999999"}, "amount"),
        ({"amount": "12.345"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"currency": "ABC"}, "currency"),
        ({"currency": "KHR"}, "currency"),  # known currency, but no rate stored
        ({"on_date": "2025-02-30"}, "on_date"),
        ({"stage": "promised"}, "stage"),
        ({"evidence": " "}, "evidence"),
        ({"stage": "disbursed", "on_date": "2099-01-01"}, "on_date"),
    ],
)
def test_bad_financing_is_refused_at_its_field_and_nothing_is_written(personas, change, field):
    officer = personas["sumedang_officer"]
    partnership = make_partnership(officer, members=[Member.objects.get(slug="sumedang")])
    rate("THB", "2025-01-01", "30")
    with pytest.raises(ValidationError) as caught:
        services.record_financing(actor=officer, parent=partnership, data={**ROW, "amount": "10", **change})
    assert field in caught.value.message_dict
    assert not Financing.objects.filter(partnership=partnership).exists()


def test_disbursed_never_above_committed(personas):
    officer = personas["sumedang_officer"]
    partnership = make_partnership(officer, members=[Member.objects.get(slug="sumedang")])
    rate("THB", "2025-01-01", "30")
    services.record_financing(actor=officer, parent=partnership, data={**ROW, "amount": "300"})
    services.record_financing(actor=officer, parent=partnership, data={**ROW, "stage": "disbursed", "amount": "300"})
    with pytest.raises(ValidationError, match="above committed"):
        services.record_financing(actor=officer, parent=partnership, data={**ROW, "stage": "disbursed", "amount": "1"})
    assert partnership.financing.count() == 2


def test_partnership_dates_in_the_wrong_order_are_refused(personas):
    with pytest.raises(ValidationError) as caught:
        make_partnership(personas["secretariat"], start="2024-06", end="2023")
    assert "end" in caught.value.message_dict


def test_totals_equal_the_sum_of_their_parts_at_every_level(personas):
    """Random amounts in three currencies over members of three countries, two years and the network as a
    whole: every grouping adds up to the same network total, each country's members add up to the country."""
    secretariat = personas["secretariat"]
    rate("THB", "2025-01-01", "33.3")
    rate("SGD", "2025-01-01", "1.37")
    rate("IDR", "2025-01-01", "15987")
    members = list(Member.objects.filter(slug__in=["sumedang", "dki-jakarta", "bangkok", "chiang-mai", "singapore"]))
    generator = random.Random(8)
    network_wide = make_partnership(secretariat, title="Network programme")
    for member in members:
        partnership = make_partnership(secretariat, title=f"With {member.name}", members=[member])
        for _ in range(6):
            amount = Decimal(generator.randint(1, 10**9)) / 100
            currency = generator.choice(["THB", "SGD", "IDR", "USD"])
            day = generator.choice(["2025-03-04", "2026-07-08"])
            services.record_financing(
                actor=secretariat,
                parent=partnership,
                data={
                    **ROW,
                    "amount": f"{amount:.2f}",
                    "currency": currency,
                    "on_date": day,
                    "stage": "committed",
                    "instrument": generator.choice(["grant", "loan", "ppp"]),
                },
            )
    services.record_financing(actor=secretariat, parent=network_wide, data={**ROW, "amount": "0.05", "currency": "SGD"})
    rows = Financing.objects.exclude(ref_key__isnull=False)
    stored = sum(rows.values_list("amount_usd", flat=True), Decimal("0"))
    totals = {}
    for group_by in ("country", "member", "year", "instrument"):
        figures = investment(group_by, rows)
        assert sum(g.committed for g in figures.groups) == figures.total.committed == stored
        totals[group_by] = figures
    by_member = {g.key: g.committed for g in totals["member"].groups}
    for country in totals["country"].groups:
        slugs = [m.slug for m in members if m.country.code == country.key] if country.key != "network" else ["network"]
        assert sum(by_member[s] for s in slugs) == country.committed
    assert {g.key for g in totals["country"].groups} == {"ID", "TH", "SG", "network"}
    assert totals["country"].groups[-1].key == "network"  # network-wide money is its own group, listed last


def test_the_reference_figure_of_the_network():
    """What the closing note reports: from data/partnerships.yaml, USD 10,000,000.00 committed (USASCP's
    "over $10 million", network-wide), nothing secured or disbursed."""
    figures = investment("country", Financing.objects.filter(ref_key__isnull=False))
    assert (figures.total.committed, figures.total.secured, figures.total.disbursed) == (
        Decimal("10000000.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )


def test_an_opportunity_is_converted_with_its_rate(personas):
    opportunity = make_opportunity(personas["sumedang_officer"], amount="15855000000", currency="IDR")
    stored = ExchangeRate.objects.filter(currency="IDR").order_by("-rate_date").first()
    assert opportunity.usd_rate == stored.units_per_usd and opportunity.usd_rate_date == stored.rate_date
    assert opportunity.amount_usd == to_usd(Decimal("15855000000"), stored.units_per_usd)
