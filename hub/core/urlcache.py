"""``reverse`` with a memory: the same URL name and arguments give the same address, so it is built once.

Django's ``reverse`` costs 20–60 µs (namespace walk, pattern candidates, argument conversion and quoting),
and every page reverses the same few dozen names: the navigation and the footer of base.html (17 links on any
page), and a ``get_absolute_url`` for every row of a list. Its answer depends only on the name, the arguments,
the current application (namespaces), the URL configuration, the script prefix and the language (translated
patterns), so those make the key; the URL configuration is keyed by its resolver object, which Django builds
anew whenever the URL caches are cleared (``clear_url_caches``, ``override_settings(ROOT_URLCONF=…)``).

Only plain arguments are remembered (str, int and SafeString exactly — a template's string literal is a SafeString —
``True == 1`` but reverses to "True"); anything else
(a model instance, a lazy string) goes to Django's ``reverse`` each time, as does a name that does not reverse
(the exception is raised as before). The memory holds at most ``LIMIT`` addresses per process and starts over
when full, so a large network's detail links cannot grow it without bound.

``{% url %}`` in every template uses it through the builtin tag library ``hub.core.templatetags.memory``.
"""

from __future__ import annotations

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_resolver, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language

LIMIT = 20_000
_PLAIN = (str, int, SafeString)

_memory: dict[tuple, str] = {}


def _plain(values) -> bool:
    return all(type(value) in _PLAIN for value in values)


def environment() -> tuple:
    """What a reversed address depends on beside its name and arguments: the script prefix and the URL
    configuration's resolver (a template render reads them once per request: templatetags/memory.url_environment)."""
    return get_script_prefix(), get_resolver(get_urlconf())


def reverse(viewname, urlconf=None, args=None, kwargs=None, current_app=None, *, env=None) -> str:
    """``django.urls.reverse`` (without ``query``/``fragment``), remembered for plain arguments. ``env``: this
    request's ``environment()`` when the caller has it already."""
    if not isinstance(viewname, str) or (args and not _plain(args)) or (kwargs and not _plain(kwargs.values())):
        return django_reverse(viewname, urlconf, args, kwargs, current_app)
    if urlconf is not None:
        prefix, resolver = get_script_prefix(), get_resolver(urlconf)
    else:
        prefix, resolver = env if env is not None else environment()
    key = (
        viewname,
        resolver,
        tuple((type(a), a) for a in args) if args else (),
        tuple(sorted((k, type(v), v) for k, v in kwargs.items())) if kwargs else (),
        current_app,
        prefix,
        get_language(),
    )
    try:
        return _memory[key]
    except KeyError:
        pass
    url = django_reverse(viewname, urlconf, args, kwargs, current_app)
    if len(_memory) >= LIMIT:
        _memory.clear()
    _memory[key] = url
    return url


def clear() -> None:
    _memory.clear()


@receiver(setting_changed, dispatch_uid="core.urlcache.clear")
def _settings_changed(setting=None, **kwargs) -> None:
    # The resolver in the key already follows ROOT_URLCONF; settings that change what a pattern reverses to
    # without a new resolver (a translated pattern's catalogue) start the memory over too.
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "FORCE_SCRIPT_NAME"}:
        clear()
