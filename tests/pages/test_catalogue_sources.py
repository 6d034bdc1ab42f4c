"""Every string the code marks for translation is in the Indonesian catalogue, translated (no database).

`make messages` only extracts what xgettext can see: a call named as one of its keywords (``_``, ``gettext``,
``gettext_lazy``, ``gettext_noop``, ``ngettext``, ``pgettext``…) with string literals as its message arguments.
A string passed through an f-string, a ``%``/``format`` expression, a variable, or a function imported under
another name (``ngettext as _n``, ``N_ = gettext_noop``) is never extracted: the page then stays in English,
and a later `make messages --no-obsolete` silently drops its translation. These tests read the Python source
under hub/ and config/ with ``ast`` and every template with Django's own ``templatize`` (what makemessages
feeds xgettext), and fail naming file:line for each message that is missing, empty or fuzzy in
locale/id/LC_MESSAGES/django.po, and for each call makemessages cannot read.

To fix a failure: write the call with a literal (mark a message kept in a table or returned by a function
with ``gettext_noop("…")`` where it is written, and translate it where it is shown), run `make messages`,
fill the new entries' msgstr in Indonesian (locale/README.md, "Words") and run `make messages` again.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from django.conf import settings

from tests.pages.catalogue import Message, index, python_messages, read_po, template_messages, untranslated

BASE = Path(settings.BASE_DIR)
PYTHON_ROOTS = ("hub", "config")
TEMPLATE_GLOBS = ("templates/**/*", "hub/**/templates/**/*")


def _basemap_country_names() -> list[str]:
    path = BASE / "data" / "geo" / "sea-basemap.json"
    return [country["name"] for country in json.loads(path.read_text(encoding="utf-8"))["countries"]]


def _amount_problems() -> list[str]:
    from decimal import Decimal

    from hub.partnerships.money import MAX_AMOUNT, amount_problem

    amounts = [(None, True), (Decimal("-1"), True), (MAX_AMOUNT + 1, True), (Decimal("1.234"), True)]
    return [amount_problem(amount, required=required) for amount, required in amounts]


def _focus_area_labels() -> list[str]:
    from hub.projects.models import FOCUS_AREA_LABELS

    return [str(label) for label in FOCUS_AREA_LABELS.values()]


def _wrapped() -> list[str]:
    return []  # its callers' gettext_noop("…") arguments are checked as every other call


# Calls that look a message up at run time, each with where its messages are marked for makemessages and the
# messages it can be given (checked against the catalogue here; the data dictionary's meanings need the
# database: tests/pages/test_opendata_meanings.py). Keyed by file and the call's source text.
RUNTIME_LOOKUPS = {
    ("hub/core/charts/geo.py", "gettext(c['name'])"): _basemap_country_names,  # gettext_noop list in geo.py
    ("hub/core/rowhtml.py", "_(message)"): _wrapped,  # word(gettext_noop("…")) at every call
    ("hub/monitoring/official_figures.py", "_(names[code])"): _focus_area_labels,  # FOCUS_AREA_LABELS
    ("hub/opendata/dictionary.py", "_(column.description)"): list,  # hub/opendata/meanings.py
    ("hub/partnerships/services.py", "_(problem)"): _amount_problems,  # gettext_noop in money.py
}


def all_python_messages() -> tuple[list[Message], list[str]]:
    messages, problems = [], []
    for root in PYTHON_ROOTS:
        for path in sorted((BASE / root).rglob("*.py")):
            relative, source = path.relative_to(BASE).as_posix(), path.read_text(encoding="utf-8")
            found, wrong = python_messages(relative, source, lookups=RUNTIME_LOOKUPS.keys())
            messages += found
            problems += wrong
    return messages, problems


def template_files() -> list[Path]:
    found = {path for pattern in TEMPLATE_GLOBS for path in BASE.glob(pattern)}
    return sorted(path for path in found if path.is_file() and path.suffix in {".html", ".txt"})


@pytest.fixture(scope="module")
def catalogue() -> dict[tuple[str | None, str], dict]:
    return index(read_po())


HOW_TO_FIX = "see this module's docstring and locale/README.md"


def test_every_gettext_call_in_python_is_one_makemessages_reads():
    _, problems = all_python_messages()
    assert problems == [], f"{HOW_TO_FIX}:\n" + "\n".join(problems)


def test_every_message_in_python_has_an_indonesian_translation(catalogue):
    messages, _ = all_python_messages()
    assert len(messages) > 1000
    wrong = untranslated(messages, catalogue)
    assert wrong == [], f"{HOW_TO_FIX}:\n" + "\n".join(wrong)


def test_every_message_in_templates_has_an_indonesian_translation(catalogue):
    templates = template_files()
    assert len(templates) > 100
    messages = [
        message
        for path in templates
        for message in template_messages(path.relative_to(BASE).as_posix(), path.read_text(encoding="utf-8"))
    ]
    assert len(messages) > 1000
    wrong = untranslated(messages, catalogue)
    assert wrong == [], f"{HOW_TO_FIX}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("key", list(RUNTIME_LOOKUPS), ids=lambda key: key[0])
def test_every_message_a_runtime_lookup_can_be_given_is_translated(catalogue, key):
    path, call = key
    source = (BASE / path).read_text(encoding="utf-8")
    assert any(isinstance(n, ast.Call) and ast.unparse(n) == call for n in ast.walk(ast.parse(source))), (
        f"{path} no longer has {call}: update RUNTIME_LOOKUPS"
    )
    messages = [Message(path, call, msgid) for msgid in RUNTIME_LOOKUPS[key]()]
    assert untranslated(messages, catalogue) == []


def test_the_python_reader_sees_what_makemessages_sees():
    """The reader finds the messages of each kind of call, and flags each kind of call makemessages misses."""
    source = """
from django.utils.translation import gettext as _, ngettext as _n, pgettext_lazy
from django.utils import translation
N_ = translation.gettext_noop
_("plain"); pgettext_lazy("ctx", "in context"); translation.ngettext("one", "many", 2)
_(f"hello {name}"); _("a %s" % b); _(label); _n("x", "xs", 2); N_("marked")
"""
    messages, problems = python_messages("hub/probe.py", source)
    assert [(m.where, m.context, m.msgid, m.plural) for m in messages] == [
        ("hub/probe.py:5", None, "plain", None),
        ("hub/probe.py:5", "ctx", "in context", None),
        ("hub/probe.py:5", None, "one", "many"),
    ]
    assert [p.split(": ", 1)[0] for p in problems] == ["hub/probe.py:6"] * 5
    assert "f-string" in problems[0] and "expression" in problems[1] and "non-literal" in problems[2]
    assert "as '_n'" in problems[3] and "as 'N_'" in problems[4]


def test_the_template_reader_sees_what_makemessages_sees():
    source = """<p>{% translate "Hello" %}</p>
{% translate "May" context "month" %} {{ _("Close") }}
{% blocktranslate trimmed count n=items|length %}
  One of {{ n }} at 50%
{% plural %}
  All {{ n }}
{% endblocktranslate %}"""
    assert [(m.where, m.context, m.msgid, m.plural) for m in template_messages("t.html", source)] == [
        ("t.html:1", None, "Hello", None),
        ("t.html:2", "month", "May", None),
        ("t.html:2", None, "Close", None),
        ("t.html:3", None, "One of %(n)s at 50%%", "All %(n)s"),
    ]
