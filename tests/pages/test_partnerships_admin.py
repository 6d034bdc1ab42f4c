"""The admin of partnerships: lists work with bounded queries; a rate entered there is logged and used."""

from datetime import date
from decimal import Decimal

import pytest

from hub.core.models import ChangeEntry
from hub.partnerships.models import ExchangeRate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["exchangerate", "programme", "partnership", "financing", "opportunity"])
def test_admin_lists(admin_client, django_assert_max_num_queries, name):
    with django_assert_max_num_queries(12):
        assert admin_client.get(f"/admin/partnerships/{name}/").status_code == 200


def test_a_rate_entered_in_the_admin_is_logged(admin_client):
    response = admin_client.post(
        "/admin/partnerships/exchangerate/add/",
        {
            "currency": "KHR",
            "rate_date": "2025-01-01",
            "units_per_usd": "4100",
            "note": "test",
            "sources": "[]",
            "confidence": "low",
            "source_note": "typed by the operator",
        },
    )
    assert response.status_code == 302, response.content[:500]
    rate = ExchangeRate.objects.get(currency="KHR", rate_date=date(2025, 1, 1))
    assert rate.units_per_usd == Decimal("4100")
    assert ChangeEntry.objects.for_object(rate).get().via == "admin"
    bad = admin_client.post(
        "/admin/partnerships/exchangerate/add/",
        {"currency": "KHR", "rate_date": "2025-02-01", "units_per_usd": "-1", "sources": "[]", "confidence": "low"},
    )
    assert bad.status_code == 200 and not ExchangeRate.objects.filter(rate_date=date(2025, 2, 1)).exists()
