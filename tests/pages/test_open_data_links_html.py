"""{% open_data_links %} writes its paragraph in Python: byte for byte what opendata/links.html gave, for every
list, with and without the page's filters and a record's fixed filter, in both languages."""

import pytest
from django.template import Context, RequestContext, Template
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import translation

from hub.opendata import datasets
from hub.opendata.templatetags.opendata import links_context

TAG = Template("{% load opendata %}{% open_data_links name %}")
TAG_FIXED = Template('{% load opendata %}{% open_data_links name member="sumedang" %}')


def _reference(request, name, **fixed) -> str:
    values = links_context(Context({"request": request}), name, **fixed)
    return get_template("opendata/links.html").render(values)


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_links_are_the_templates(language):
    names = list(datasets.datasets())
    assert "members" in names and "memberships" in names
    with translation.override(language):
        for name in names:
            for query in ("", "?q=a%20%3Cb%3E&page=2&country=ID&as_of=2024-01-01", "?nonsense=1"):
                request = RequestFactory().get("/members/" + query)
                ours = TAG.render(RequestContext(request, {"name": name}))
                assert ours == _reference(request, name)
        request = RequestFactory().get("/members/sumedang/")
        ours = TAG_FIXED.render(RequestContext(request, {"name": "memberships"}))
        assert ours == _reference(request, "memberships", member="sumedang")
        assert "member=sumedang" in ours


@pytest.mark.django_db
def test_a_filtered_list_page_links_its_filters(client):
    html = client.get("/members/", {"country": "ID"}).content.decode()
    assert 'href="/data/members.csv?country=ID"' in html


def test_the_paragraph_written_once_follows_the_query_and_the_language():
    # Kept per (list, query, language, URL configuration): a second page with other filters or in another language
    # never gets the first one's links.
    seen = {}
    for _ in range(2):
        for language in ("en", "id"):
            with translation.override(language):
                for query in ("", "?country=ID", "?country=TH"):
                    request = RequestFactory().get("/members/" + query)
                    html = TAG.render(RequestContext(request, {"name": "members"}))
                    assert html == _reference(request, "members")
                    seen.setdefault((language, query), set()).add(html)
    assert all(len(pages) == 1 for pages in seen.values())
    assert len({next(iter(pages)) for pages in seen.values()}) == 6
