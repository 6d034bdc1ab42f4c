import pytest

pytestmark = pytest.mark.e2e


def test_home_shows_the_map_and_the_growth_chart(page):
    page.goto("/")
    members_map = page.locator("#members-map svg")
    members_map.wait_for()
    assert members_map.is_visible()
    assert page.locator("#members-map a.map-point-link circle").count() == 38
    chart = page.locator("#growth-chart svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100


def test_filtering_the_members_list_by_country(page):
    page.goto("/members/")
    assert page.get_by_role("link", name="Bangkok", exact=True).count() == 1
    page.get_by_label("Country").select_option(label="Indonesia")
    page.get_by_role("button", name="Show members").click()
    page.wait_for_url("**/members/?*country=ID*")
    names = page.locator("#members-table tbody tr th").all_inner_texts()
    names = [name.strip() for name in names]
    assert "Sumedang" in names
    assert "Bangkok" not in names
    assert len(names) == 6
