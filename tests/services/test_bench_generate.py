"""bench/generate.py: demo members for benchmarks, flagged is_demo, placed where the map can show them."""

import pytest
from django.db import transaction
from django.utils import timezone

from bench.generate import generate_members
from hub.core.charts import basemap
from hub.network.models import Member


def _located(**filters):
    return [
        (m.country_id, float(m.latitude), float(m.longitude))
        for m in Member.objects.filter(**filters).exclude(latitude=None)
    ]


@pytest.mark.django_db
def test_demo_members_are_flagged_members_near_a_real_member_of_their_country():
    real = _located(is_demo=False)
    generate_members(300)
    demo = Member.objects.filter(is_demo=True)
    assert demo.count() == 300
    assert Member.objects.members_on(timezone.localdate()).filter(is_demo=True).count() == 300
    lon_min, lat_min, lon_max, lat_max = basemap()["bbox"]
    for country_id, lat, lon in _located(is_demo=True):
        assert lat_min < lat < lat_max and lon_min < lon < lon_max
        anchors = [(a, b) for c, a, b in real if c == country_id]
        assert anchors, country_id
        # within about five standard deviations of one of the country's real members
        assert min(abs(lat - a) + abs(lon - b) for a, b in anchors) < 9


@pytest.mark.django_db
def test_uniform_layout_spreads_members_over_the_region_and_bad_layouts_are_refused():
    generate_members(200, layout="uniform")
    points = _located(is_demo=True)
    assert all(-9 <= lat <= 20 and 95 <= lon <= 125 for _, lat, lon in points)
    assert min(lon for _, _, lon in points) < 100 and max(lon for _, _, lon in points) > 120
    with pytest.raises(ValueError, match="layout"):
        generate_members(1, layout="sideways")


class _Undo(Exception):
    pass


def _generated(**sizes) -> tuple[dict, list]:
    """Generate in a savepoint, read what was made, undo it: the next run starts from the same data."""
    from bench.generate import generate_network
    from hub.monitoring.models import ProgressUpdate
    from hub.projects.models import IndicatorValue, Project

    real = set(Project.objects.values_list("pk", flat=True))
    try:
        with transaction.atomic():
            made = generate_network(**sizes)
            generated = Project.objects.exclude(pk__in=real)
            assert not generated.filter(is_demo=False).exists()
            assert not ProgressUpdate.objects.filter(project__in=generated, is_demo=False).exists()
            assert not IndicatorValue.objects.filter(indicator__project__in=generated, is_demo=False).exists()
            rows = list(generated.order_by("slug").values_list("slug", "title", "member__slug", "status", "start_date"))
            rows.append(ProgressUpdate.objects.filter(project__in=generated).count())
            raise _Undo
    except _Undo:
        return made, rows


@pytest.mark.django_db
def test_the_large_network_is_demo_flagged_sized_and_deterministic():
    sizes = {"members": 60, "projects": 400, "cycles": 5, "values": 3000, "seed": 3}
    made, first = _generated(**sizes)
    assert made == {"members": 60, "projects": 400, "updates": made["updates"], "values": 3000, "cycles": 5}
    assert made["updates"] > 400
    assert _generated(**sizes)[1] == first
    assert _generated(**{**sizes, "seed": 4})[1] != first
