"""Every list costs the same number of queries whatever the page size: no query per item."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# A count and a page.
MAX_QUERIES = 2


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/countries", {}),
        ("/api/v1/members", {}),
        ("/api/v1/members", {"as_of": "2024-06-30", "country": "TH"}),
        ("/api/v1/memberships", {}),
        ("/api/v1/organisations", {}),
        ("/api/v1/people", {}),
        ("/api/v1/role-terms", {}),
        ("/api/v1/role-terms", {"as_of": "2024-06-25"}),
    ],
)
def test_list_query_count_does_not_grow_with_the_page(client, django_assert_max_num_queries, url, params):
    counts, sizes = {}, {}
    for limit in (500, 5):
        with django_assert_max_num_queries(MAX_QUERIES), CaptureQueriesContext(connection) as queries:
            response = client.get(url, {**params, "limit": limit})
        assert response.status_code == 200
        counts[limit] = len(queries)
        sizes[limit] = len(response.json()["items"])
    assert sizes[500] > sizes[5] == 5, "the reference data should fill more than one small page"
    assert counts[500] == counts[5]
