"""The pagination of the lists ({% page_links %} in partials/pagination.html) gives the same bytes as the
template it replaced (kept here as the reference): first, middle, last and only page, with the query's other
parameters kept, in both languages."""

import pytest
from django.core.paginator import Paginator
from django.template import RequestContext, engines
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import translation

REFERENCE = """{% load i18n %}{% if page_obj.has_other_pages %}
<nav class="pagination" aria-label="{% translate 'Pages' %}">
  <ul>
    {% if page_obj.has_previous %}
      <li><a href="{% querystring page=1 %}">{% translate "First" %}</a></li>
      <li><a href="{% querystring page=page_obj.previous_page_number %}" rel="prev">{% translate "Previous" %}</a></li>
    {% endif %}
    <li><span aria-current="page">{% blocktranslate with number=page_obj.number total=page_obj.paginator.num_pages %}Page {{ number }} of {{ total }}{% endblocktranslate %}</span></li>
    {% if page_obj.has_next %}
      <li><a href="{% querystring page=page_obj.next_page_number %}" rel="next">{% translate "Next" %}</a></li>
      <li><a href="{% querystring page=page_obj.paginator.num_pages %}">{% translate "Last" %}</a></li>
    {% endif %}
  </ul>
</nav>
{% endif %}
"""  # noqa: E501 - as it was


def _render(source_or_template, request, page_obj) -> str:
    context = RequestContext(request, {"page_obj": page_obj})
    if isinstance(source_or_template, str):
        return engines["django"].from_string(source_or_template).template.render(context)
    return source_or_template.template.render(context)


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_pagination_is_the_templates(language):
    partial = get_template("partials/pagination.html")
    with translation.override(language):
        for count in (0, 5, 25, 26, 80, 1234):
            paginator = Paginator(range(count), 25)
            for number in sorted({1, 2, paginator.num_pages}):
                if number > paginator.num_pages:
                    continue
                page_obj = paginator.page(number)
                for query in ("", "?page=2", "?q=a%20%3Cb%3E&country=ID&page=3", "?x=1&x=2&page=abc"):
                    request = RequestFactory().get("/members/" + query)
                    expected = _render(REFERENCE, request, page_obj)
                    assert _render(partial, request, page_obj) == expected
                    assert _render("{% include 'partials/pagination.html' %}", request, page_obj) == expected
        request = RequestFactory().get("/members/")
        assert _render(partial, request, None) == _render(REFERENCE, request, None) == "\n"


@pytest.mark.django_db
def test_a_list_page_links_its_pages(client):
    html = client.get("/members/", {"country": "", "page": "2"}).content.decode()
    assert 'href="?country=&amp;page=1"' in html and 'rel="prev"' in html
