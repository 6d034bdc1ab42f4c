"""The partnerships part of the reference dataset: programmes, partner organisations, rates and
partnerships load with their sources, reload without duplicating, and a bad file is refused whole with
its line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from hub.partnerships.models import ExchangeRate, Financing, Partnership, Programme
from tests.commands.test_loadreference import data_copy, load, replace_once  # noqa: F401,F811 (fixture)

pytestmark = pytest.mark.django_db


def counts():
    return {m.__name__: m.objects.count() for m in (Programme, Partnership, ExchangeRate, Financing)}


def test_reloading_changes_nothing_and_every_programme_has_sources():
    before = counts()
    output = load()
    for name in ("partners.yaml", "exchange_rates.yaml", "programmes.yaml", "partnerships.yaml"):
        line = next(line for line in output.splitlines() if name in line)
        assert " 0 created, 0 updated," in line, line
    assert counts() == before
    for programme in Programme.objects.all():
        assert programme.sources or programme.source_note, programme
    smart_jamp = Programme.objects.get(slug="smart-jamp")
    assert [m.slug for m in smart_jamp.members.all()] == ["banyuwangi"]
    assert {o.slug for o in Programme.objects.get(slug="aasctf").organisations.all()} == {"adb", "dfat"}


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("programmes.yaml", "currency: AUD", "currency: XXX", "'XXX' is not a currency the hub knows"),
        ("partnerships.yaml", "amount: 10000000", "amount: -10000000", "An amount cannot be negative."),
        ("partnerships.yaml", "date: 2023-12-20", "date: 1999-12-20", "no exchange rate of USD on or before"),
        ("partnerships.yaml", "stage: committed", "stage: disbursed", "disbursed (USD 10000000.00) is above committed"),
        ("exchange_rates.yaml", "units_per_usd: 1.338", "units_per_usd: -1", "'units_per_usd': -1 is outside"),
        ("partnerships.yaml", "partner: mlit", "partner: nobody", "no organisation with key 'nobody'"),
    ],
)
def test_a_bad_record_is_reported_with_its_line_and_nothing_of_the_file_loads(data_copy, file, old, new, message):  # noqa: F811
    line = replace_once(data_copy / file, old, new)
    before = counts()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("loadreference", "--dir", str(data_copy), stdout=io.StringIO(), stderr=err)
    report = err.getvalue()
    assert message in report, report
    # The line of the field the problem is about; a rule across rows names the record's 'financing' line.
    where = f"{file}:{line}: " if "disbursed" not in message else f"{file}:"
    assert where in report, report
    assert counts() == before
