"""The M&E report's section on partnerships and investment: the cycle's money in the CSV table
"investment", the XLSX sheet and the PDF, the same bytes for the same data, and no draft's money."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from hub.monitoring import report
from hub.network.models import Member
from hub.partnerships import services
from tests.partnerships_factories import make_opportunity, make_partnership
from tests.services.test_monitoring_support import open_cycle

pytestmark = pytest.mark.django_db


def _csv(cycle) -> list[list[str]]:
    return list(csv.reader(io.StringIO(report.render(cycle, "csv", table="investment").content.decode())))


def test_the_cycle_money_is_in_every_format_and_files_repeat_byte_for_byte(personas):
    cycle = open_cycle(2024)  # October 2023 to September 2024: USASCP's "over $10 million" of December 2023
    secretariat = personas["secretariat"]
    partnership = make_partnership(secretariat, title="Flood sensors", members=[Member.objects.get(slug="sumedang")])
    services.record_financing(
        actor=secretariat,
        parent=partnership,
        data={
            "stage": "committed",
            "instrument": "loan",
            "amount": "1585500000",
            "currency": "IDR",
            "on_date": "2024-02-01",
            "evidence": "Loan agreement",
        },
    )
    draft = make_opportunity(personas["sumedang_officer"])
    services.record_financing(
        actor=secretariat,
        parent=draft,
        data={
            "stage": "committed",
            "instrument": "grant",
            "amount": "5",
            "currency": "USD",
            "on_date": "2024-02-02",
            "evidence": "draft money",
        },
    )
    rows = _csv(cycle)
    assert rows[0][:4] == ["cycle", "date", "stage", "instrument"]
    body = {r[7]: r for r in rows[1:]}
    assert set(body) == {"Flood sensors", "US-ASEAN Smart Cities Partnership programming for ASCN cities"}
    assert body["Flood sensors"][8:13] == ["1585500000.00", "IDR", "15855", "2024-01-01", "100000.00"]
    assert body["US-ASEAN Smart Cities Partnership programming for ASCN cities"][4] == "network"
    assert sum(Decimal(r[12]) for r in rows[1:]) == Decimal("10100000.00")

    for fmt in ("pdf", "xlsx", "csv"):
        first = report.render(cycle, fmt, table="investment").content
        assert first == report.render(cycle, fmt, table="investment").content, fmt
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(report.render(cycle, "xlsx").content))
    assert workbook["Investment"]["H2"].value in body
    pdf = report.render(cycle, "pdf").content
    assert b"%PDF" in pdf[:8]


def test_a_cycle_without_money_says_so(personas):
    cycle = open_cycle(2022)
    assert _csv(cycle) == [_csv(cycle)[0]]
    from hub.monitoring.report.data import build

    assert build(cycle).sections["investment"] == []
