"""A visitor filters a list on its page and downloads that filtered list (hub.opendata)."""

import csv
import io
import json

import pytest

pytestmark = pytest.mark.e2e


def test_downloading_the_filtered_members_list_from_its_page(page):
    page.goto("/members/")
    page.get_by_label("Country").select_option(label="Indonesia")
    page.get_by_role("button", name="Show members").click()
    page.wait_for_url("**/members/?*country=ID*")
    links = page.locator("p.open-data-links")
    assert "filtered" in links.inner_text()

    with page.expect_download() as info:
        links.get_by_role("link", name="CSV", exact=True).click()
    download = info.value
    assert download.suggested_filename == "ascn-members.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    names = {row["name"] for row in rows}
    assert {row["country.code"] for row in rows} == {"ID"}
    assert "Sumedang" in names and "Bangkok" not in names
    assert len(rows) == 6  # as the page lists them

    with page.expect_download() as info:
        links.get_by_role("link", name="JSON", exact=True).click()
    items = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert sorted(item["name"] for item in items) == sorted(names)


def test_the_data_page_offers_the_whole_dataset(page):
    page.goto("/data/")
    assert page.get_by_role("heading", name="Data dictionary").is_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the data package (ZIP)").click()
    assert info.value.suggested_filename.startswith("ascn-hub-open-data-")
