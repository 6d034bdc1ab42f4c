"""The one way to build an absolute link for an e-mail or a calendar file: ``absolute(path)``.

While the hub answers a request, links use the address that request reached it at (checked against
ALLOWED_HOSTS by Django's ``get_host``), so that review notices, reminders sent from a page and
invitations all point where people actually reach the hub. Outside a request (the reminder and digest
commands, a shell), there is no such address: links use the SITE_URL setting, which an installation
sets to its public address (.env.example).

The address is taken when a request starts (``request_started`` carries the WSGI environ) and
forgotten when it finishes, in a context variable, so that threads never mix their addresses.
"""

from __future__ import annotations

import contextvars

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_finished, request_started
from django.dispatch import receiver

_base: contextvars.ContextVar[str] = contextvars.ContextVar("hub_request_base", default="")


def base_url() -> str:
    """The hub's address without a trailing slash: the current request's, else SITE_URL."""
    return (_base.get() or getattr(settings, "SITE_URL", "")).rstrip("/")


def absolute(path: str) -> str:
    """``path`` (e.g. ``/monitoring/updates/4/``) as an absolute link; an absolute link stays as it is."""
    if path.startswith(("http://", "https://")):
        return path
    base = base_url()
    return f"{base}{path}" if base else path


@receiver(request_started, dispatch_uid="core.links.remember_base")
def _remember(sender, environ=None, **kwargs) -> None:
    if environ is None:  # ASGI passes a scope: SITE_URL serves there
        _base.set("")
        return
    try:
        request = WSGIRequest(environ)
        _base.set(f"{request.scheme}://{request.get_host()}")
    except (DisallowedHost, KeyError, ValueError):  # an unknown host never makes it into an e-mail
        _base.set("")


@receiver(request_finished, dispatch_uid="core.links.forget_base")
def _forget(sender, **kwargs) -> None:
    _base.set("")
