"""hub.core.compiled.rows keeps a query's SQL, never its rows: a second call with the same key runs the kept
SQL (without building the QuerySet again) and sees what was written in between; an empty filter gives no rows;
dates and decimals come converted as the ORM gives them."""

from datetime import date
from decimal import Decimal

import pytest

from hub.core import compiled, sqlmemo
from hub.network.models import Country

pytestmark = pytest.mark.django_db


def test_the_sql_is_kept_and_the_rows_are_fresh(monkeypatch):
    monkeypatch.setattr(sqlmemo, "CHECK", False)  # the suite's check builds on every call: count builds without it
    builds = []

    def build():
        builds.append(1)
        return Country.objects.filter(code="ID").values_list("name", "asean_joined")

    first = compiled.rows(("test-country",), build)
    Country.objects.filter(code="ID").update(name="Renamed", asean_joined=date(1967, 8, 8))
    second = compiled.rows(("test-country",), build)
    assert first != second
    assert second == [("Renamed", date(1967, 8, 8))] == list(build())
    assert len(builds) == 2  # once compiled, once for the comparison above


def test_a_key_that_leaves_out_an_input_fails_the_check():
    assert sqlmemo.CHECK  # on for the whole suite (tests/conftest.py)
    for code in ("ID", "TH"):
        if code == "ID":
            compiled.rows(("test-incomplete",), lambda: Country.objects.filter(code=code).values_list("name"))
        else:
            with pytest.raises(sqlmemo.IncompleteKey):
                compiled.rows(("test-incomplete",), lambda: Country.objects.filter(code=code).values_list("name"))
    assert compiled.rows(("test-complete", "TH"), lambda: Country.objects.filter(code="TH").values_list("code")) == [
        ("TH",)
    ]


def test_an_empty_filter_and_converted_values():
    assert compiled.rows(("test-empty",), lambda: Country.objects.filter(pk__in=[]).values_list("pk")) == []
    from django.db.models import DecimalField, Value

    found = compiled.rows(
        ("test-decimal",),
        lambda: (
            Country.objects.filter(code="ID")
            .annotate(d=Value(Decimal("1.50"), output_field=DecimalField()))
            .values_list("d")
        ),
    )
    assert found == [(Decimal("1.50"),)]


def fields(instance) -> dict:
    return {k: v for k, v in instance.__dict__.items() if k != "_state"} | {"adding": instance._state.adding}


def test_instances_are_the_querysets():
    from hub.monitoring.models import ReportingCycle
    from tests.services.test_monitoring_support import open_cycle

    open_cycle(2025)

    made = compiled.instances(("test-countries",), Country, lambda: Country.objects.order_by("name"))
    expected = list(Country.objects.order_by("name"))
    assert made == expected
    assert [fields(c) for c in made] == [fields(c) for c in expected]
    few = compiled.instances(("test-few",), Country, lambda: Country.objects.order_by("code"), fields=("code", "name"))
    only = list(Country.objects.only("code", "name").order_by("code"))
    assert [(c.pk, c.code, c.name, c.get_deferred_fields()) for c in few] == [
        (c.pk, c.code, c.name, c.get_deferred_fields()) for c in only
    ]
    cycles = compiled.instances(("test-cycles",), ReportingCycle, lambda: ReportingCycle.objects.order_by("pk"))
    assert cycles and [fields(c) for c in cycles] == [fields(c) for c in ReportingCycle.objects.order_by("pk")]
