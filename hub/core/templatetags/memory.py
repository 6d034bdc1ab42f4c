"""Template tags that remember what does not change between requests: a builtin library (settings.TEMPLATES), so
every template has them without a ``{% load %}``.

- ``{% url %}``: Django's tag (same syntax, output and errors) through the remembering ``reverse``
  (hub/core/urlcache.py): base.html alone reverses 17 addresses on every page.
- ``{% extends %}``: Django's tag (same syntax, output and errors), but the root template's blocks (base.html's)
  are found once per compiled template instead of by walking its whole node tree on every render.
- ``{% csrf_token %}``: Django's tag, its masked token drawn with one read of the random source (CsrfTokenNode).
- ``{% remember "name" value … %}…{% endremember %}``: the block's output, rendered once per process for each
  (name, values, language, current application, script prefix, URL configuration) and then copied. For the
  parts of base.html that are the same on every page but for those (the navigation, the footer's links): only
  text, translations and ``{% url %}`` inside, never anything of the user, the request or the data. The memory
  is emptied when a setting changes (tests) and when the development server sees a file change (a template or
  a compiled catalogue: Django reloads those without restarting).
"""

from __future__ import annotations

import secrets

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.template import defaulttags
from django.template.base import TextNode
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode, do_extends
from django.urls import NoReverseMatch
from django.utils.autoreload import file_changed
from django.utils.functional import SimpleLazyObject, empty
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from hub.core.urlcache import environment, reverse

register = template.Library()

LIMIT = 1_000
_blocks: dict[tuple, str] = {}
enabled = True  # bench/ may switch it off to compare


def _current_app(context) -> str | None:
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


def url_environment(context) -> tuple:
    """hub.core.urlcache.environment() (script prefix, URL configuration), read once per request while its pages
    render (both are set by the handler before the view runs) instead of at every link and remembered block."""
    request = getattr(context, "request", None)
    if request is None:
        return environment()
    found = request.__dict__.get("_hub_url_environment")
    if found is None:
        found = request._hub_url_environment = environment()
    return found


class RememberedURLNode(URLNode):
    def render(self, context):
        # Django's URLNode.render, with hub.core.urlcache.reverse.
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        url = ""
        try:
            url = reverse(
                view_name, args=args, kwargs=kwargs, current_app=_current_app(context), env=url_environment(context)
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


def _root_blocks(nodelist) -> dict | None:
    """The blocks of a root template (one that extends nothing), by name; None if it extends another. Kept on
    its compiled node list, which does not change once parsed (a template parsed again has a new list)."""
    kept = nodelist.__dict__.get("_hub_root_blocks", False)
    if kept is not False:
        return kept
    blocks = None
    for node in nodelist:
        # The ExtendsNode has to be the first non-text node (as in Django's ExtendsNode.render).
        if not isinstance(node, TextNode):
            if not isinstance(node, ExtendsNode):
                blocks = {n.name: n for n in nodelist.get_nodes_by_type(BlockNode)}
            break
    nodelist.__dict__["_hub_root_blocks"] = blocks
    return blocks


class KeptBlocksExtendsNode(ExtendsNode):
    def render(self, context):
        # Django's ExtendsNode.render, with the root's blocks from _root_blocks.
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        blocks = _root_blocks(compiled_parent.nodelist)
        if blocks is not None:
            block_context.add_blocks(blocks)
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


@register.tag
def extends(parser, token):
    node = do_extends(parser, token)
    return KeptBlocksExtendsNode(node.nodelist, node.parent_name, node.template_dirs)


class RememberNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        if not enabled:
            return self.nodelist.render(context)
        key = (
            self.name,
            tuple(value.resolve(context) for value in self.values),
            get_language(),
            context.autoescape,
            _current_app(context),
            url_environment(context),
        )
        try:
            return _blocks[key]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be a key: render as usual
            return self.nodelist.render(context)
        output = mark_safe(self.nodelist.render(context))  # noqa: S308 - the template's own rendered output
        if len(_blocks) >= LIMIT:
            _blocks.clear()
        _blocks[key] = output
        return output


@register.tag
def remember(parser, token):
    """``{% remember "name" value … %}…{% endremember %}``: see the module's docstring."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'remember' needs a name: {% remember \"name\" value … %}")
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    return RememberNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]])


_CSRF_CHARS = CSRF_ALLOWED_CHARS
_CSRF_INDEX = {char: index for index, char in enumerate(_CSRF_CHARS)}
_UNBIASED = 256 - 256 % len(_CSRF_CHARS)  # bytes below this map evenly onto the 62 characters


def masked_token(secret: str) -> str:
    """``django.middleware.csrf._mask_cipher_secret``: a fresh random mask and the secret enciphered with it, the
    mask drawn from one read of the system's random source (Django draws it a character at a time, a system
    call each: the largest part of base.html's cost). Same form, same randomness (uniform, cryptographic)."""
    count = len(_CSRF_CHARS)
    mask: list[int] = []
    while len(mask) < CSRF_SECRET_LENGTH:
        mask.extend(byte % count for byte in secrets.token_bytes(48) if byte < _UNBIASED)
    mask = mask[:CSRF_SECRET_LENGTH]
    cipher = "".join(_CSRF_CHARS[(_CSRF_INDEX[char] + m) % count] for char, m in zip(secret, mask, strict=True))
    return "".join(_CSRF_CHARS[m] for m in mask) + cipher


class CsrfTokenNode(defaulttags.CsrfTokenNode):
    """Django's {% csrf_token %} (same output, same token semantics), masking the request's CSRF secret with
    masked_token when the token is the csrf context processor's own, not yet worked out."""

    def render(self, context):
        token = context.get("csrf_token")
        request = getattr(context, "request", None)
        meta = getattr(request, "META", None)
        if (
            type(token) is SimpleLazyObject
            and token._wrapped is empty
            and getattr(token._setupfunc, "__qualname__", "") == "csrf.<locals>._get_val"
            and meta is not None
            and len(meta.get("CSRF_COOKIE") or "") == CSRF_SECRET_LENGTH
        ):
            # django.middleware.csrf.get_token for a visitor with a CSRF cookie: send the cookie again (its expiry
            # renewed) and give a newly masked token; kept in the context's token like the processor keeps it.
            meta["CSRF_COOKIE_NEEDS_UPDATE"] = True
            token._wrapped = masked_token(meta["CSRF_COOKIE"])
        return super().render(context)


@register.tag
def csrf_token(parser, token):
    return CsrfTokenNode()


_forgetters = [_blocks.clear]


def also_forget(clear) -> None:
    """Have ``clear`` called whenever this memory is forgotten (a settings change, a changed source file):
    the template loader's folded text is kept by the same rule."""
    _forgetters.append(clear)


def forget() -> None:
    for clear in _forgetters:
        clear()


@receiver(setting_changed, dispatch_uid="core.memory.forget_on_setting")
def _on_setting(**kwargs) -> None:
    forget()


@receiver(file_changed, dispatch_uid="core.memory.forget_on_file")
def _on_file(sender, file_path, **kwargs) -> None:
    forget()  # returns None: the development server still decides whether to restart
