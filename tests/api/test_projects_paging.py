"""The projects list pages its ids first (hub.core.api.PageIdsFirst): any page, at any offset and with any
filter, holds exactly the rows of the whole list at those positions, in the list's order, with their annotations."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/projects"


def whole(client, **filters) -> dict:
    body = client.get(URL, {**filters, "limit": 500}).json()
    assert body["count"] == len(body["items"]) > 3, "the reference data has projects to page through"
    return body


@pytest.mark.parametrize("filters", [{}, {"country": "ID"}, {"status": "ongoing"}, {"q": "a"}])
def test_pages_at_every_offset_are_slices_of_the_whole_list(client, filters):
    expected = whole(client, **filters)
    for limit in (1, 3):
        stitched = []
        for offset in range(0, expected["count"] + limit, limit):
            body = client.get(URL, {**filters, "limit": limit, "offset": offset}).json()
            assert body["count"] == expected["count"]
            assert len(body["items"]) == max(0, min(limit, expected["count"] - offset))
            stitched.extend(body["items"])
        assert stitched == expected["items"]  # same order, same fields, status and progress included


def test_an_offset_past_the_end_is_an_empty_page(client):
    expected = whole(client)
    body = client.get(URL, {"limit": 50, "offset": expected["count"] + 10}).json()
    assert body == {"items": [], "count": expected["count"]}
