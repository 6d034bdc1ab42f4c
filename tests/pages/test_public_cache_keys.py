"""The public cache's keys (hub/core/pagecache.py) are worked out once per kind of request: what they depend on
still makes different keys, and a host is still checked on every request."""

import pytest
from django.test import override_settings

from hub.core.pagecache import HEADER

pytestmark = pytest.mark.django_db

URL = "/api/v1/members?limit=5"


def test_a_host_no_longer_allowed_is_refused_even_after_its_key_was_kept(client):
    assert client.get(URL).status_code == 200
    assert client.get(URL)[HEADER] == "HIT"
    with override_settings(ALLOWED_HOSTS=["elsewhere.example"]):
        assert client.get(URL).status_code == 400


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT_LANGUAGE": "id"},
        {"HTTP_ACCEPT": "text/csv"},
        {"wsgi.url_scheme": "https"},
    ],
)
def test_requests_that_differ_in_what_the_key_reads_get_entries_of_their_own(client, headers):
    assert client.get(URL).status_code == 200
    assert client.get(URL)[HEADER] == "HIT"
    assert client.get(URL, **headers)[HEADER] == "MISS"
    assert client.get(URL, **headers)[HEADER] == "HIT"
    assert client.get(URL + "&offset=1")[HEADER] == "MISS"
