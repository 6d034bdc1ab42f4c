"""The one way to build an absolute link for an e-mail or a calendar file: ``absolute(path)``.

While the hub answers a request, links use the address that request reached it at (checked against
ALLOWED_HOSTS by Django's ``get_host``), so that review notices, reminders sent from a page and
invitations all point where people actually reach the hub. Outside a request (the reminder and digest
commands, a shell), there is no such address: links use the SITE_URL setting, which an installation
sets to its public address (.env.example).

The address is taken from the request's WSGI environ (``request_started`` carries it; read on the first link
built) and forgotten when it finishes, in a context variable, so that threads never mix their addresses.
"""

from __future__ import annotations

import contextvars

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_finished, request_started
from django.dispatch import receiver

_base: contextvars.ContextVar[str] = contextvars.ContextVar("hub_request_base", default="")
# The request's WSGI environ, read into _base only when a link is built (most requests build none: reading it
# on every request_started cost ~35 us a request).
_environ: contextvars.ContextVar[dict | None] = contextvars.ContextVar("hub_request_environ", default=None)


def base_url() -> str:
    """The hub's address without a trailing slash: the current request's, else SITE_URL."""
    environ = _environ.get()
    if environ is not None:
        _environ.set(None)
        _base.set(_address(environ))
    return (_base.get() or getattr(settings, "SITE_URL", "")).rstrip("/")


def absolute(path: str) -> str:
    """``path`` (e.g. ``/monitoring/updates/4/``) as an absolute link; an absolute link stays as it is."""
    if path.startswith(("http://", "https://")):
        return path
    base = base_url()
    return f"{base}{path}" if base else path


def _address(environ: dict) -> str:
    try:
        request = WSGIRequest(environ)
        return f"{request.scheme}://{request.get_host()}"
    except (DisallowedHost, KeyError, ValueError):  # an unknown host never makes it into an e-mail
        return ""


@receiver(request_started, dispatch_uid="core.links.remember_base")
def _remember(sender, environ=None, **kwargs) -> None:
    # ASGI passes a scope, not an environ: SITE_URL serves there.
    _base.set("")
    _environ.set(environ)


@receiver(request_finished, dispatch_uid="core.links.forget_base")
def _forget(sender, **kwargs) -> None:
    _base.set("")
    _environ.set(None)
