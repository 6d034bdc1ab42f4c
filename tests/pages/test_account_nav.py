"""The account links of the site header, written in Python ({% account_nav %}, hub/accounts/templatetags/inbox_tags.py),
give the same bytes as the template they replaced (kept here as the reference): signed out on any page (with the
page to come back to), signed in with and without waiting tasks, on "My work", in both languages."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.template import RequestContext, engines
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from hub.accounts import inbox

REFERENCE = """{% load i18n inbox_tags %}{# The account links of the site header: included by base.html in the header, after the main navigation. #}
<nav class="account-nav" aria-label="{% translate 'Your account' %}">
  <ul>
  {% if user.is_authenticated %}
    <li><a href="{% url 'accounts:me' %}"{% if request.resolver_match.url_name == "me" and request.resolver_match.namespace == "accounts" %} aria-current="page"{% endif %}>{% translate "My work" %}{% inbox_count as waiting %}{% if waiting %} <span class="nav-count" id="nav-task-count">{{ waiting }}<span class="visually-hidden"> {% blocktranslate count counter=waiting %}task waiting{% plural %}tasks waiting{% endblocktranslate %}</span></span>{% endif %}</a></li>
    <li>
      <form class="logout-form" action="{% url 'accounts:logout' %}" method="post">
        {% csrf_token %}
        <button type="submit" class="link-button">{% translate "Sign out" %}</button>
      </form>
    </li>
  {% else %}
    <li><a href="{% url 'accounts:login' %}{% if request.path != '/' and request.resolver_match.namespace != 'accounts' %}?next={{ request.get_full_path|urlencode }}{% endif %}">{% translate "Sign in" %}</a></li>
  {% endif %}
  </ul>
</nav>
"""  # noqa: E501 - the template as it was, line for line

_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')


def _render(source: str, request) -> str:
    template = engines["django"].from_string(source)
    context = RequestContext(request, {"user": request.user})
    html = template.template.render(context)
    return _TOKEN.sub(r'\1TOKEN"', html)


def _request(path: str, user, *, waiting=None, resolvable=True):
    request = RequestFactory().get(path)
    request.user = user
    request.session = SessionStore()
    if waiting is not None:
        inbox.remember(request, waiting)
    if resolvable:
        request.resolver_match = resolve(request.path_info)
    return request


def _both(request) -> None:
    ours = _render("{% load inbox_tags %}{% account_nav %}", request)
    assert ours == _render(REFERENCE, request)
    assert _render("{% include 'partials/account_nav.html' %}", request) == ours


PATHS = [
    "/",
    "/members/",
    "/members/?q=a%20b&country=ID&x=%3Cb%3E",
    "/accounts/login/",
    "/governance/?as_of=2024-01-01",
]


@pytest.mark.parametrize("language", ["en", "id"])
def test_signed_out_links_are_the_templates(language):
    with translation.override(language):
        for path in PATHS:
            _both(_request(path, AnonymousUser()))
        _both(_request("/no/such/page/?a=1", AnonymousUser(), resolvable=False))  # the 404 page: no match


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "id"])
def test_signed_in_links_are_the_templates(language, personas):
    officer = personas["sumedang_officer"]
    with translation.override(language):
        for waiting in (0, 1, 7, 1234):
            for path in ("/", "/accounts/me/", "/members/sumedang/", "/accounts/tokens/"):
                _both(_request(path, officer, waiting=waiting))
        html = _render("{% load inbox_tags %}{% account_nav %}", _request("/accounts/me/", officer, waiting=3))
        assert 'aria-current="page"' in html and 'id="nav-task-count">3<' in html


@pytest.mark.django_db
def test_every_page_has_the_links(client, personas):
    html = client.get("/members/?q=x").content.decode()
    assert 'href="/accounts/login/?next=/members/%3Fq%3Dx"' in html
    client.force_login(personas["secretariat"])
    html = client.get("/members/").content.decode()
    assert 'href="/accounts/me/"' in html and 'action="/accounts/logout/"' in html
    assert html.count('name="csrfmiddlewaretoken"') == 2  # sign out, and the language form
