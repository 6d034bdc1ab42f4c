"""Runs of fixed template text are rendered once per language and URL configuration (hub/core/templatefold.py):
the same output as Django's own rendering, never one language's (or one value's) output given to another."""

import pytest
from django.template import Context, Engine
from django.template.loader import get_template
from django.test import override_settings
from django.utils import translation

from hub.core import templatefold
from hub.core.templatefold import FoldedNode, fold

SOURCE = (
    "{% load i18n static %}<p>{% translate 'Meetings' %} · {% url 'meetings:list' %} · {% static 'css/hub.css' %}"
    " · {% blocktranslate trimmed %}\n  Clear filters\n{% endblocktranslate %}</p>"
    "{% for n in numbers %}<i>{% translate 'Home' %}{{ n }}</i>{% endfor %}"
    "{% if flag %}{% translate 'Search' %}{% else %}{{ word }}{% endif %}"
    "{% translate 'Home' as home %}[{{ home }}]{% translate word %}{% url 'network:member' slug %}"
)


def _engine() -> Engine:
    from django.template import engines

    return engines["django"].engine


def _pair():
    """The same source compiled twice: folded, and as Django leaves it."""
    engine = _engine()
    plain, folded = engine.from_string(SOURCE), engine.from_string(SOURCE)
    fold(folded.nodelist)
    return plain, folded


def test_a_folded_template_renders_as_django_does_in_each_language():
    plain, folded = _pair()
    assert folded.nodelist.get_nodes_by_type(FoldedNode)
    for language in ("en", "id", "en", "id"):
        for flag, word, slug in ((True, "Members", "sumedang"), (False, "<b>", "bandung")):
            with translation.override(language):
                context = {"numbers": [1, 2], "flag": flag, "word": word, "slug": slug}
                expected = plain.render(Context(context))
                assert folded.render(Context(context)) == expected
    with translation.override("id"):
        assert "Pertemuan" in folded.render(Context({"numbers": [], "slug": "x"}))  # Meetings


def test_only_fixed_nodes_are_folded():
    _, folded = _pair()
    inside = [type(node).__name__ for run in folded.nodelist.get_nodes_by_type(FoldedNode) for node in run.nodelist]
    fixed = {"TextNode", "LoadNode", "TranslateNode", "BlockTranslateNode", "RememberedURLNode", "StaticNode"}
    assert set(inside) <= fixed
    # A translation with `as`, of a variable, a link with a variable argument: left as they were.
    kept = [type(node).__name__ for node in folded.nodelist]
    assert kept.count("TranslateNode") == 2 and "RememberedURLNode" in kept


def test_the_loader_folds_every_template_once_and_pages_are_unchanged(client):
    template = get_template("base.html").template
    assert template._hub_folded and template.nodelist.get_nodes_by_type(FoldedNode)
    assert get_template("base.html").template is template


@pytest.mark.django_db
def test_a_page_is_the_same_with_and_without_folding(client):
    pages = {}
    for enabled in (True, False, True):
        templatefold.enabled = enabled
        try:
            for language in ("en", "id"):
                response = client.get("/meetings/", headers={"accept-language": language})
                body = response.content.decode()
                body = body[: body.index('name="csrfmiddlewaretoken"')]  # the token differs on every page
                pages.setdefault(language, set()).add(body)
        finally:
            templatefold.enabled = True
    assert all(len(bodies) == 1 for bodies in pages.values())
    assert pages["en"] != pages["id"]


def test_a_setting_change_forgets_the_outputs():
    engine = _engine()
    template = engine.from_string("{% url 'network:members' %}")
    fold(template.nodelist)
    assert template.render(Context()) == "/members/"
    with override_settings(ROOT_URLCONF="tests.pages.test_url_memory"):
        assert template.render(Context()) == "/elsewhere/all/"
    assert template.render(Context()) == "/members/"


@pytest.mark.django_db
def test_the_pages_csrf_token_is_a_fresh_mask_of_the_visitors_secret():
    # {% csrf_token %} (hub/core/templatetags/memory.py) masks the secret as Django does, with its own draw of the
    # mask: each page a new token, every one of them accepted, the cookie sent again as Django sends it.
    import re

    from django.middleware.csrf import _unmask_cipher_token
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    first = client.get("/meetings/")
    secret = first.cookies["csrftoken"].value
    tokens = set()
    for _ in range(3):
        response = client.get("/meetings/")
        assert response.cookies["csrftoken"].value == secret  # renewed, as django.middleware.csrf.get_token does
        found = re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', response.content.decode())
        assert found and all(_unmask_cipher_token(token) == secret for token in found)
        tokens.update(found)
    assert len(tokens) == 3
    answer = client.post(
        "/i18n/setlang/", {"language": "id", "next": "/meetings/", "csrfmiddlewaretoken": tokens.pop()}
    )
    assert answer.status_code == 302
    assert client.post("/i18n/setlang/", {"language": "id", "csrfmiddlewaretoken": "x" * 64}).status_code == 403
