"""Defect 7: a source is an http(s) address, through every channel, by one validator (hub.core.inputs)."""

from __future__ import annotations

import pytest

from hub.core.inputs import is_web_address
from hub.meetings.models import Meeting
from hub.network.models import Member, Organisation, Person
from hub.projects.models import Project
from tests.services.test_meetings_factories import make_meeting

pytestmark = pytest.mark.django_db

BAD = ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "//evil.example/x", "/local"]


@pytest.mark.parametrize("address", BAD)
@pytest.mark.parametrize(
    ("url", "model", "lookup"),
    [
        ("/api/v1/members/{pk}", Member, {"slug": "sumedang"}),
        ("/api/v1/organisations/{pk}", Organisation, {"slug": "gov-sumedang"}),
        ("/api/v1/people/{pk}", Person, {}),
        ("/api/v1/projects/{pk}", Project, {"slug": "homecare-dottorota"}),
        ("/api/v1/meetings/{pk}", Meeting, None),
    ],
)
def test_a_source_that_is_no_web_address_is_refused(token_client, personas, address, url, model, lookup):
    client = token_client(personas["secretariat"])
    if lookup is None:
        record = make_meeting(personas["secretariat"])
    else:
        record = model.objects.filter(**lookup).order_by("pk").first()
    response = client.patch(url.format(pk=record.pk), {"sources": [address]}, content_type="application/json")
    assert response.status_code == 422, response.content
    assert any(item["loc"][-1] == "sources" for item in response.json()["detail"])
    record.refresh_from_db()
    assert address not in record.sources


def test_an_alternative_reading_with_a_script_source_is_refused(token_client, personas):
    client = token_client(personas["secretariat"])
    member = Member.objects.get(slug="sumedang")
    response = client.patch(
        f"/api/v1/members/{member.pk}",
        {"alternatives": [{"reading": "x", "sources": ["javascript:alert(1)"], "note": ""}]},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_the_one_rule():
    assert is_web_address("https://asean.org/asean-smart-cities-network/")
    assert is_web_address("http://example.org")
    assert not any(is_web_address(a) for a in [*BAD, "ftp://example.org/x", "https://", " https://x.org", 3])
