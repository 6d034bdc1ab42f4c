"""How the API knows who calls: a personal token (``Authorization: Bearer …``) or the browser session.

Reads are open to everyone (anonymous included); a bad, expired or revoked token is refused (401)
rather than silently read as anonymous. Writes need a read-write token or a session with its CSRF
token. What the caller may then do is decided by hub.accounts.permissions, as everywhere.

It lives in core so that every app's API, the registry's included, can name its callers without importing
accounts (docs/architecture.md's layering); accounts registers its token lookup when it is ready.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth

_find_user = None


def set_token_finder(find_user) -> None:
    """Called once by the accounts app: ``find_user(token)`` gives ``(user, token record)`` or None."""
    global _find_user
    _find_user = find_user


SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    openapi_description = "A personal API token (create one on your account's token page, or with `createtoken`)."

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization")
        if not header:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        if _find_user is None:
            raise ImproperlyConfigured("hub.accounts is not installed or not ready: no one checks API tokens.")
        found = _find_user(token)
        if found is None:
            raise AuthenticationError(401, "The API token is unknown, expired or revoked.")
        user, record = found
        if request.method not in SAFE_METHODS and not record.can_write:
            raise HttpError(403, "This API token is read-only.")
        request.user = user
        request.api_token = record
        return user


class Anonymous:
    """Lets reads through without credentials; ``request.auth`` is then an AnonymousUser."""

    def __call__(self, request: HttpRequest):
        if request.headers.get("Authorization"):
            # A header that TokenAuth could not parse (not "Bearer …").
            raise AuthenticationError(401, "Use 'Authorization: Bearer <token>'.")
        return AnonymousUser()


class Session(SessionAuth):
    """The browser session; checks the CSRF token on writes. Without a session it steps aside, so an
    anonymous write ends as 401 rather than as a complaint about CSRF."""

    def __call__(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


token_auth = TokenAuth()
session_auth = Session()

READ = [token_auth, session_auth, Anonymous()]
WRITE = [token_auth, session_auth]


def caller(request: HttpRequest):
    """The user behind this API request (AnonymousUser when none)."""
    auth = getattr(request, "auth", None)
    if auth is not None and getattr(auth, "is_authenticated", False):
        return auth
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else AnonymousUser()
