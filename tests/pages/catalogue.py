"""The Indonesian catalogue (locale/id/LC_MESSAGES/django.po) and the messages the source marks for it, read as
makemessages reads them: no gettext tools needed (tests/pages/test_i18n.py, test_catalogue_sources.py)."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation.template import templatize

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def read_po(path: Path = PO_FILE) -> list[dict]:
    """A tiny .po reader: each entry's msgctxt, msgid, msgid_plural, msgstr[n] and flags."""
    entries, entry, field = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry is not None and "msgid" in entry:  # (an obsolete entry leaves only its flags)
                entries.append(entry)
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue  # obsolete entries
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field] += _unquote(line)
        else:
            keyword, value = line.split(" ", 1)
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                field = ("msgstr", int(match.group(1)))
                entry["msgstr"][field[1]] = _unquote(value)
            elif keyword == "msgstr":
                field = ("msgstr", 0)
                entry["msgstr"][0] = _unquote(value)
            else:
                field = keyword
                entry[field] = _unquote(value)
    return entries


def index(entries: list[dict]) -> dict[tuple[str | None, str], dict]:
    """The entries by (msgctxt, msgid), without the header."""
    return {(e.get("msgctxt"), e["msgid"]): e for e in entries if e["msgid"]}


# The translation functions of django.utils.translation that take messages: (context, singular, plural)
# positions of their message arguments.
FUNCTIONS = {
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
# The names makemessages asks xgettext to extract (Django's --keyword list and xgettext's Python defaults).
KEYWORDS = {**FUNCTIONS, "_": (None, 0, None)}
# The hub's own wrappers around gettext: their argument is a message marked where it is written, so a call
# must pass ``gettext_noop("…")`` (xgettext does not know the wrapper's name).
WRAPPERS = {("hub.core.rowhtml", "word")}


@dataclass(frozen=True)
class Message:
    where: str  # file:line
    call: str
    msgid: str
    context: str | None = None
    plural: str | None = None


# --- Python ------------------------------------------------------------------------------------------


class _Names(ast.NodeVisitor):
    """What each name of a module means: a translation function, the translation module, or a wrapper."""

    def __init__(self):
        self.functions: dict[str, str] = {}  # local name -> function of django.utils.translation
        self.modules: set[str] = set()  # local names of django.utils.translation
        self.wrappers: set[str] = set()

    def visit_ImportFrom(self, node):
        for alias in node.names:
            local = alias.asname or alias.name
            if node.module == "django.utils.translation" and alias.name in FUNCTIONS:
                self.functions[local] = alias.name
            elif node.module == "django.utils" and alias.name == "translation":
                self.modules.add(local)
            elif (node.module, alias.name) in WRAPPERS:
                self.wrappers.add(local)

    def visit_Import(self, node):
        for alias in node.names:
            if alias.name == "django.utils.translation" and alias.asname:
                self.modules.add(alias.asname)

    def visit_Assign(self, node):  # N_ = gettext_noop, t = translation.gettext
        function = self.function_of(node.value)
        for target in node.targets:
            if function and isinstance(target, ast.Name):
                self.functions[target.id] = function

    def function_of(self, func) -> str | None:
        if isinstance(func, ast.Name):
            return self.functions.get(func.id)
        if isinstance(func, ast.Attribute) and func.attr in FUNCTIONS:
            value = func.value
            dotted = ast.unparse(value)
            if dotted in self.modules or dotted == "django.utils.translation":
                return func.attr
        return None


def _called_name(func) -> str | None:
    """The name xgettext sees before the parenthesis (it reads ``translation.gettext(…)`` as ``gettext``)."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _why_not_literal(node) -> str:
    if isinstance(node, ast.JoinedStr):
        return "takes an f-string (makemessages extracts its braces, never the text shown)"
    if isinstance(node, ast.BinOp | ast.Call):
        return f"takes an expression ({ast.unparse(node)[:60]}): apply % or format() to the translation instead"
    return f"takes a non-literal argument ({ast.unparse(node)[:60]}), which makemessages cannot extract"


def python_messages(relative: str, source: str, lookups=frozenset()) -> tuple[list[Message], list[str]]:
    """The literal messages of one module's translation calls, and the calls makemessages cannot read;
    ``lookups``: the (file, call's source) of the calls that look a message up at run time, on purpose."""
    module = relative.removesuffix(".py").replace("/", ".")
    tree = ast.parse(source, relative)
    names = _Names()
    names.visit(tree)
    names.wrappers.update(name for home, name in WRAPPERS if home == module)  # its own calls of it
    messages, problems = [], []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        where, call = f"{relative}:{node.lineno}", ast.unparse(node)
        called = _called_name(node.func)
        if isinstance(node.func, ast.Name) and node.func.id in names.wrappers:
            problems.extend(_wrapper_problems(node, names, where, call, relative, lookups))
            continue
        function = names.function_of(node.func)
        if function is None:
            continue
        if called not in KEYWORDS:
            problems.append(f"{where}: {call[:80]} calls {function} as {called!r}, a name makemessages does not read")
            continue
        if (relative, call) in lookups:
            continue
        spec = FUNCTIONS[function]
        args = [node.args[i] if i is not None and i < len(node.args) else None for i in spec]
        wrong = [arg for arg in args if arg is not None and _literal(arg) is None]
        if node.keywords or wrong or args[1] is None:
            problems.append(f"{where}: {call[:80]} {_why_not_literal(wrong[0]) if wrong else 'is not a plain call'}")
            continue
        context, msgid, plural = (None if arg is None else _literal(arg) for arg in args)
        messages.append(Message(where, call[:80], msgid, context, plural))
    return messages, problems


def _wrapper_problems(node, names, where, call, relative, lookups) -> list[str]:
    """A wrapper's argument is a gettext_noop("…") call (checked as every other call), or a runtime lookup."""
    argument = node.args[0] if len(node.args) == 1 and not node.keywords else None
    if argument is not None and isinstance(argument, ast.Call) and names.function_of(argument.func) == "gettext_noop":
        return []
    if (relative, call) in lookups:
        return []
    return [
        f"{where}: {call[:80]} passes a message makemessages cannot see: write {call.split('(')[0]}(gettext_noop(…))"
    ]


TEMPLATE_CALLS = {"gettext": (None, 0, None), "_": (None, 0, None), **FUNCTIONS}


def template_messages(relative: str, source: str) -> list[Message]:
    """The messages makemessages extracts from one template: Django's templatize turns each {% translate %},
    {% blocktranslate %} and _("…") into a gettext call on the tag's line (the rest blanked out)."""
    messages = []
    for number, line in enumerate(templatize(source, origin=relative).splitlines(), start=1):
        tokens = list(tokenize.generate_tokens(io.StringIO(line).readline)) if "(" in line else []
        for i, token in enumerate(tokens[:-1]):
            if token.type != tokenize.NAME or token.string not in TEMPLATE_CALLS or tokens[i + 1].string != "(":
                continue
            strings = []
            for following in tokens[i + 2 :]:
                if following.string == ")":
                    break
                if following.type == tokenize.STRING:
                    strings.append(ast.literal_eval(following.string))
            spec = TEMPLATE_CALLS[token.string]
            context, msgid, plural = (None if j is None else strings[j] for j in spec)
            messages.append(Message(f"{relative}:{number}", f"{token.string}({msgid[:60]!r})", msgid, context, plural))
    return messages


def untranslated(messages: list[Message], catalogue) -> list[str]:
    """What is wrong with each message the catalogue (``index(read_po())``) lacks or does not translate."""
    wrong = []
    for m in messages:
        entry = catalogue.get((m.context, m.msgid))
        context = f" (context {m.context!r})" if m.context else ""
        if entry is None:
            wrong.append(f"{m.where}: {m.call}{context} is not in the catalogue")
        elif "fuzzy" in entry["flags"]:
            wrong.append(f"{m.where}: {m.call}{context} is fuzzy in the catalogue")
        elif not all(entry["msgstr"].values()):
            wrong.append(f"{m.where}: {m.call}{context} has no Indonesian translation")
        elif m.plural is not None and entry.get("msgid_plural") != m.plural:
            wrong.append(f"{m.where}: {m.call}{context}: plural {m.plural!r} is not the catalogue's")
    return wrong
