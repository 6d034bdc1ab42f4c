"""Links come from a memory of reversed addresses (hub/core/urlcache.py): the same links as Django's ``reverse``,
never a link remembered under another script prefix, URL configuration or argument type."""

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, set_script_prefix
from django.urls import reverse as django_reverse
from django.utils.safestring import SafeString, mark_safe

from hub.core.urlcache import reverse
from hub.network.models import Member


def _view(request):
    return HttpResponse("")


# A URL configuration where the registry's names lead elsewhere (used with override_settings below).
urlpatterns = [
    path("elsewhere/", include(([path("all/", _view, name="members")], "network"))),
]


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.django_db
def test_member_links_are_djangos(client):
    response = client.get("/members/")
    html = response.content.decode()
    members = list(Member.objects.all()[:20])
    assert members
    for member in members:
        assert member.get_absolute_url() == django_reverse("network:member", args=[member.slug])
        assert f'href="{member.get_absolute_url()}"' in html


def test_links_follow_the_script_prefix():
    # The hub mounted under /hub/ (WSGI's SCRIPT_NAME) and at the root: no link remembered from the other.
    try:
        for prefix in ("/hub/", "/", "/hub/"):
            set_script_prefix(prefix)
            assert _render("{% url 'network:members' %}") == f"{prefix}members/"
            assert reverse("network:member", args=["sumedang"]) == f"{prefix}members/sumedang/"
    finally:
        set_script_prefix("/")


def test_a_new_url_configuration_is_followed():
    assert _render("{% url 'network:members' %}") == "/members/"
    with override_settings(ROOT_URLCONF=__name__):
        assert _render("{% url 'network:members' %}") == "/elsewhere/all/"
        assert reverse("network:members") == "/elsewhere/all/"
    assert _render("{% url 'network:members' %}") == "/members/"


def test_arguments_of_another_type_are_not_confused():
    assert reverse("network:member", args=[1]) == "/members/1/"
    assert reverse("network:member", args=[True]) == "/members/True/"
    assert reverse("network:member", kwargs={"slug": "x-1"}) == django_reverse("network:member", kwargs={"slug": "x-1"})


def test_a_templates_string_literal_is_remembered_as_a_plain_string():
    # A literal in a template is a SafeString: remembered too (it was reversed anew on every page before), with
    # Django's answer, and kept apart from nothing else it could be confused with.
    from hub.core import urlcache

    urlcache.clear()
    for _ in range(2):
        assert _render("{% url 'network:member' 'sumedang' %}") == django_reverse("network:member", args=["sumedang"])
    assert any(key[0] == "network:member" and key[2] == ((SafeString, "sumedang"),) for key in urlcache._memory)
    assert reverse("opendata:download", args=[mark_safe("meetings"), "csv"]) == django_reverse(
        "opendata:download", args=["meetings", "csv"]
    )


def test_the_tag_keeps_djangos_syntax_and_errors():
    assert _render("{% url 'network:member' slug as link %}[{{ link }}]", slug="sumedang") == "[/members/sumedang/]"
    assert _render("{% url 'network:nothing' as link %}[{{ link }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        _render("{% url 'network:nothing' %}")


def _nav(html: str) -> str:
    return html[html.index('<nav class="site-nav"') : html.index("</nav>", html.index('<nav class="site-nav"'))]


@pytest.mark.django_db
def test_the_remembered_navigation_follows_the_page_and_the_language(client):
    # The navigation is rendered once per (page's section, language): each page still marks itself, and
    # a page in Bahasa Indonesia never gets the English one (or the reverse).
    for _ in range(2):
        members = _nav(client.get("/members/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
        assert members.count('aria-current="page"') == 1
        assert 'href="/members/" aria-current="page">Members<' in members
        governance = _nav(client.get("/governance/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
        assert 'href="/governance/" aria-current="page">Governance<' in governance
        assert 'href="/members/">Members<' in governance
        indonesian = client.get("/members/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
        assert 'aria-label="Utama"' in _nav(indonesian) and 'aria-current="page"' in _nav(indonesian)
        assert '<option value="id" lang="id" selected>' in indonesian
        english = client.get("/members/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert '<option value="en" lang="en" selected>' in english
        assert _nav(english) == members


def test_a_remembered_block_is_rendered_again_for_other_values():
    source = '{% remember "t" a %}[{{ a }}{{ b }}]{% endremember %}'
    assert _render(source, a=1, b="x") == "[1x]"
    assert _render(source, a=2, b="x") == "[2x]"
    # Anything not named is the block's promise to be the same: the first rendering is kept.
    assert _render(source, a=1, b="y") == "[1x]"
    assert _render('{% remember "u" a %}{{ a }}{% endremember %}', a=[1]) == "[1]"  # not a key: rendered as usual
