"""Runs of fixed template text rendered once per process and language: the template loader of settings.TEMPLATES.

A page's template is mostly text and ``{% translate "…" %}``, ``{% url 'name' … %}`` and ``{% static '…' %}``
with literal arguments, each costing several microseconds per request (a translation lookup, a reverse, the
escaping) for an answer that depends only on the language and the URL configuration: some pages have dozens. This
loader (Django's cached loader, same templates and errors) folds every run of such nodes, once per compiled
template, into one node that renders the run as Django would the first time for each (language, autoescape,
current application, script prefix, URL configuration) and then gives the same string back. What is folded:

- text, comments and ``{% load %}``;
- ``{% translate "literal" %}`` without a context, ``as`` or filters;
- ``{% blocktranslate %}`` of plain text (no variables, count, context or ``as``);
- ``{% url 'literal' literal… %}`` without ``as`` (hub/core/templatetags/memory.py's tag);
- ``{% static 'literal' %}`` without ``as``.

Nothing of the user, the request or the data is ever in a folded run (any other node ends it), so the output is
the same for everyone. The memory is emptied when a setting changes (tests) and when the development server sees
a file change (a template or a compiled catalogue), as hub/core/templatetags/memory.py's blocks are.
"""

from __future__ import annotations

import threading

from django.template.base import Node, NodeList, TextNode, TokenType, Variable
from django.template.defaulttags import CommentNode, IfNode, LoadNode
from django.template.loaders import cached
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.templatetags.static import StaticNode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from hub.core.templatetags.memory import RememberedURLNode, _current_app, also_forget, url_environment

_lock = threading.Lock()
_generation = [0]  # bumped to forget every folded output
enabled = True  # bench/ may switch it off to compare


def _literal(expression) -> bool:
    """A template value that is a literal without filters ("text", 'text', 3)."""
    var = getattr(expression, "var", None)
    return not getattr(expression, "filters", True) and isinstance(var, Variable) and var.literal is not None


def _fixed(node: Node) -> str | None:
    """'' if the node's output depends only on the language (and autoescape), 'url' if also on the URL
    configuration and current application, None if it depends on anything else."""
    kind = type(node)
    if kind in (TextNode, CommentNode, LoadNode):
        return ""
    if kind is TranslateNode:
        fixed = node.asvar is None and node.message_context is None and _literal(node.filter_expression)
        return "" if fixed else None
    if kind is BlockTranslateNode:
        fixed = (
            not node.extra_context
            and node.plural is None
            and node.counter is None
            and node.message_context is None
            and node.asvar is None
            and all(token.token_type == TokenType.TEXT for token in node.singular)
        )
        return "" if fixed else None
    if kind is RememberedURLNode:
        fixed = (
            node.asvar is None
            and _literal(node.view_name)
            and all(_literal(arg) for arg in node.args)
            and all(_literal(value) for value in node.kwargs.values())
        )
        return "url" if fixed else None
    if kind is StaticNode:
        return "" if node.varname is None and _literal(node.path) else None
    return None


class FoldedNode(Node):
    """A run of fixed nodes, rendered by them once per key and then remembered."""

    child_nodelists = ()

    def __init__(self, nodes: list[Node], with_urls: bool):
        self.nodelist = NodeList(nodes)
        self.with_urls = with_urls
        self.token = nodes[0].token
        self.origin = nodes[0].origin
        self.outputs: dict[tuple, str] = {}
        self.generation = _generation[0]

    def render(self, context):
        if not enabled:
            return self.nodelist.render(context)
        if self.generation != _generation[0]:
            self.outputs, self.generation = {}, _generation[0]
        if self.with_urls:
            key = (get_language(), context.autoescape, _current_app(context), url_environment(context))
        else:
            key = (get_language(), context.autoescape)
        found = self.outputs.get(key)
        if found is None:
            found = mark_safe(self.nodelist.render(context))  # noqa: S308 - the template's own rendered output
            if len(self.outputs) < 64:
                self.outputs[key] = found
        return found


def fold(nodelist: NodeList) -> None:
    """Replace, in place, each run of fixed nodes holding more than text by one FoldedNode; then the same inside
    every node's own node lists (blocks, conditions, loops, …)."""
    out, run, kinds = [], [], set()

    def close():
        if any(type(node) is not TextNode for node in run) and len(run) > 0:
            out.append(FoldedNode(run[:], "url" in kinds))
        else:
            out.extend(run)
        run.clear()
        kinds.clear()

    for node in nodelist:
        kind = _fixed(node)
        if kind is None:
            close()
            out.append(node)
            for child in _children(node):
                fold(child)
        else:
            run.append(node)
            kinds.add(kind)
    close()
    nodelist[:] = out


def _children(node: Node):
    if isinstance(node, IfNode):
        return [nodelist for _, nodelist in node.conditions_nodelists]
    found = []
    for name in node.child_nodelists:
        child = getattr(node, name, None)
        if isinstance(child, NodeList):
            found.append(child)
    return found


class Loader(cached.Loader):
    """Django's cached loader whose templates have their fixed runs folded (once, when first loaded)."""

    def get_template(self, template_name, skip=None):
        template = super().get_template(template_name, skip)
        if not template.__dict__.get("_hub_folded"):
            with _lock:
                if not template.__dict__.get("_hub_folded"):
                    fold(template.nodelist)
                    template._hub_folded = True
        return template


def forget() -> None:
    _generation[0] += 1


also_forget(forget)  # forgotten with the remembered blocks: on a settings change or a changed source file
