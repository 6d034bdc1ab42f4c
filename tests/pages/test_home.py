"""Home: the network at a glance."""

import pytest
from django.utils import timezone

from hub.network.models import Member
from tests.pages.helpers import section, text


@pytest.fixture
def home(client, django_assert_max_num_queries):
    # Six more for the network's work: focus areas, accepted progress, two meetings, cycles and their
    # counts (meetings/templatetags/home_work.py).
    with django_assert_max_num_queries(12):
        response = client.get("/")
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_home_shows_members_today(home):
    today = timezone.localdate()
    expected = Member.objects.members_on(today).count()
    # The reference dataset has 38 members from 2026 on (Dili joined in 2026).
    assert expected == 38
    assert home.context["members_today"] == 38
    assert '<span class="stat__number">38</span>' in text(home)


@pytest.mark.django_db
def test_home_map_has_a_linked_point_per_member_grouped_by_join_period(home):
    html = text(home)
    figure = section(html, "members-map")
    assert figure.startswith("<figure")
    assert "<svg" in figure
    assert figure.count('class="map-point-link"') == 38
    assert 'href="/members/sumedang/"' in figure
    # New members look different from the founding ones.
    assert "map-point--2018" in figure and "map-point--2019-2024" in figure and "map-point--2025" in figure
    assert "Founding member (2018)" in figure


@pytest.mark.django_db
def test_home_growth_chart_and_its_table(home):
    html = text(home)
    figure = section(html, "growth-chart")
    assert figure.startswith("<figure")
    assert "<svg" in figure and "chart-line" in figure
    table = section(html, "growth-table")
    # 26 founding members, then 29, 31, 35, 37 and 38; dates as precise as the sources. Denpasar and Semarang
    # joined in 2025 but not before October (the M&E report 2025 counts 35 cities in September 2025).
    for label, count in [("2023-07", 29), ("2024-06", 31), ("2025", 35), ("2025-10", 37), ("2026", 38)]:
        assert f'<th scope="row">{label}</th>' in table
        assert f'<td class="num">{count}</td>' in table
    assert [s.count for s in home.context["steps"]] == [26, 29, 31, 35, 37, 38]
    # The chart's own points carry the partial date, never an invented day.
    assert [p["label"] for p in home.context["growth"]["points"]][-1] == "2026"


@pytest.mark.django_db
def test_home_bar_chart_links_countries(home):
    bars = section(text(home), "members-by-country")
    assert 'href="/countries/id/"' in bars
    assert "Indonesia" in bars


@pytest.mark.django_db
def test_home_shows_current_chair_and_shepherd(home):
    html = text(home)
    today = timezone.localdate()
    chairs = [t.country.code for t in home.context["chairs"]]
    shepherds = [t.country.code for t in home.context["shepherds"]]
    if today.year == 2026:
        assert chairs == ["PH"]
    assert shepherds == ["ID"]
    assert "Who leads the network now" in html
    # The disputed-readings link shows only for a term with other readings (Indonesia's first term has one).
    assert ('href="/governance/#history-shepherd"' in html) == any(t.alternatives for t in home.context["shepherds"])
