"""Each row's page address in the members and projects lists (hub.core.api.slug_page_url: reverse() once per
request, then the row's slug) is what the record's own get_absolute_url() gives, made absolute, in the
language the request gets."""

import pytest
from django.utils import translation

from hub.network.models import Member
from hub.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize(("url", "model"), [("/api/v1/members", Member), ("/api/v1/projects", Project)])
def test_list_rows_link_to_their_own_pages(client, url, model, language):
    body = client.get(url, {"limit": 500}, headers={"accept-language": language}).json()
    assert body["items"], "the reference data has rows"
    by_slug = {obj.slug: obj for obj in model.objects.all()}
    with translation.override(language):
        for item in body["items"]:
            assert item["url"] == "http://testserver" + by_slug[item["slug"]].get_absolute_url()


def test_a_slug_that_is_not_plain_goes_through_reverse(rf):
    from django.urls import NoReverseMatch

    from hub.core.api import slug_page_url

    request = rf.get("/api/v1/members")
    assert slug_page_url({"request": request}, "network:member", "sumedang") == "http://testserver/members/sumedang/"
    assert slug_page_url(None, "network:member", "sumedang") == "/members/sumedang/"
    with pytest.raises(NoReverseMatch):  # as reverse() itself: never a link the site does not have
        slug_page_url({"request": request}, "network:member", "kota bandung")
