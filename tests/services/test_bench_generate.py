"""bench/generate.py: demo members for benchmarks, flagged is_demo, placed where the map can show them."""

import pytest
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
