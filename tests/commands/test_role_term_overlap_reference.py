"""The reference role terms load unchanged under the one-holder-a-day rule: 71 created on an empty registry
(20 from the news sources, 50 more and one split Shepherd term from the NR/CSCO list of 31 January 2026 and the
8th meeting), the July 2023 Shepherd handover kept as the sources date it (both terms name that month), Indonesia's
two Shepherd terms meeting in 2025, nothing clashing."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Q

from hub.meetings.models import DecisionEffect
from hub.network import services
from hub.network.models import RoleTerm

pytestmark = pytest.mark.django_db


def test_loadreference_creates_the_71_role_terms_as_the_sources_say_and_none_clashes():
    DecisionEffect.objects.filter(Q(role_term__isnull=False) | Q(ended_term__isnull=False)).delete()
    RoleTerm.objects.all().delete()
    out = io.StringIO()
    call_command("loadreference", stdout=out, stderr=io.StringIO())
    assert "role_terms.yaml: 71 created, 0 updated, 0 unchanged" in out.getvalue()
    terms = RoleTerm.objects.select_related("country", "organisation", "person")
    assert [term for term in terms if services.clashing_terms(term)] == []
    shepherds = RoleTerm.objects.filter(role="shepherd").order_by("start_date")
    assert [(t.country.code, t.start_display, t.end_display) for t in shepherds] == [
        ("SG", "2018-04", "2023-07"),
        ("ID", "2023-07", "2025"),
        ("ID", "2025", "2027"),
    ]
    in_july = RoleTerm.objects.held_on(date(2023, 7, 12)).filter(role="shepherd")
    assert sorted(in_july.values_list("country__code", flat=True)) == ["ID", "SG"]
