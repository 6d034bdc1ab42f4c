"""The public cache: anonymous GET responses stored per (path, query, language, data version) and conditional GET.

Never stale: the key holds the data version (hub/core/dataversion.py), read from the database BEFORE the view
reads its data, so a response is stored only under a version at least as old as what it shows; any write
changes the version in its own transaction. The key also holds the day (pages read "today"), the host and
scheme (absolute links), the language the request would get, and the few headers a view may answer
differently to (Accept, X-Requested-With, HX-Request). Entries also expire after CACHE_PAGE_SECONDS.

Never leaked: only requests with no Authorization header and no cookie but the CSRF and language cookies are
looked up or stored (a session cookie, a messages cookie, anything else: straight to the view), only GET
responses with status 200 that set no cookie of their own, are not streamed and say nothing against caching
(never_cache, private, no-store) are stored. Every page carries the language form's CSRF token: it is stored
as a placeholder and each visitor gets a fresh token of their own CSRF cookie when served (a page that shows
the token anywhere else is not stored). Responses say Vary: Cookie, Accept-Language.

Conditional GET: public responses (stored, or streamed exports) carry a weak ETag made of the key, the
version and the visitor's CSRF cookie, so If-None-Match is answered 304 before any view runs. Last-Modified
is the second the version was first seen (kept in the cache), sent only once that second has passed, so a
later version always has a later date and If-Modified-Since never hides a write.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connections
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_etags

from hub.core import dataversion

logger = logging.getLogger(__name__)

# Cookies that do not make a visitor's page their own: the CSRF cookie (its token is put in per visitor) and
# the language cookie (the language is part of the key).
ALLOWED_COOKIES = frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME})
# Never looked up nor stored: sign-in, admin, the language switch, static files (whitenoise answers first).
SKIPPED_PREFIXES = ("/admin/", "/accounts/", "/i18n/", "/static/")
# Request headers a view may answer differently to, beside the language and host.
VARIANT_HEADERS = ("HTTP_ACCEPT", "HTTP_X_REQUESTED_WITH", "HTTP_HX_REQUEST")
# Response headers not stored: the outer middleware adds them to every response, cached or not.
UNSTORED_HEADERS = frozenset({"content-length", "content-security-policy", "strict-transport-security", "etag"})
PLACEHOLDER = b"hub-csrf-token-placeholder-" + b"0" * 37  # as long as a masked token (64 characters)
_TOKEN_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})(")')
_TOKEN_LIKE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{32}(?:[A-Za-z0-9]{32})?(?![A-Za-z0-9])")
HEADER = "X-Hub-Cache"  # HIT, MISS or BYPASS: what the cache did (benchmarks and tests read it)


def cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    if not getattr(settings, "PUBLIC_CACHE", True) or request.path.startswith(SKIPPED_PREFIXES):
        return False
    return all(name in ALLOWED_COOKIES for name in request.COOKIES)


def _database_id() -> str:
    config = connections["default"].settings_dict
    return hashlib.blake2b(
        f"{config['ENGINE']}|{config.get('HOST')}|{config.get('PORT')}|{config['NAME']}".encode(), digest_size=6
    ).hexdigest()


def _day() -> str:
    return timezone.localdate().isoformat()


# Everything the digest of page_key is a function of, as the request carries it: the path and query, the
# scheme (wsgi.url_scheme and the proxy's header), the host (Host, X-Forwarded-Host, the server's name and port),
# the language (its cookie and Accept-Language; the path's prefix is not read: check_path is off) and the variant
# headers. Two requests alike in all of these have the same digest, so it is worked out once (about a fifth of a
# hit's own work) and kept in a bounded dict; one that raises (a host not allowed) is never kept.
_DIGEST_INPUTS = (
    "QUERY_STRING",
    "wsgi.url_scheme",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_ACCEPT_LANGUAGE",
    *VARIANT_HEADERS,
)
_digests: dict[tuple, str] = {}
_DIGESTS_KEPT = 4096


@receiver(setting_changed)
def _forget_digests(**kwargs) -> None:
    """ALLOWED_HOSTS, the languages or the proxy header changed (tests): a kept digest may no longer hold."""
    _digests.clear()


def _digest(request: HttpRequest) -> str:
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    meta = request.META
    inputs = (
        request.path,
        *(meta.get(name) for name in _DIGEST_INPUTS),
        meta.get(proxy[0]) if proxy else None,
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
    )
    digest = _digests.get(inputs)
    if digest is None:
        language = translation.get_language_from_request(request)
        variant = "|".join(meta.get(name, "") for name in VARIANT_HEADERS)
        where = f"{request.scheme}://{request.get_host()}{request.path}?{meta.get('QUERY_STRING', '')}"
        digest = hashlib.blake2b(f"{where}|{language}|{variant}".encode(), digest_size=16).hexdigest()
        if len(_digests) >= _DIGESTS_KEPT:
            _digests.clear()
        _digests[inputs] = digest
    return digest


def page_key(request: HttpRequest, version: dataversion.Version) -> str:
    return f"hub:page:{_database_id()}:{version.token}:{_day()}:{_digest(request)}"


def _etag(key: str, cookie: str = "") -> str:
    """The response's ETag: the key, and for a page with a CSRF token the visitor's CSRF cookie (a new cookie
    means new tokens, so the browser's copy must not be reused)."""
    return 'W/"' + hashlib.blake2b(f"{key}|{cookie}".encode(), digest_size=12).hexdigest() + '"'


def _cookie_after(request: HttpRequest, response: HttpResponse) -> str:
    """The CSRF cookie the visitor holds once this response arrives."""
    name = settings.CSRF_COOKIE_NAME
    return response.cookies[name].value if name in response.cookies else request.COOKIES.get(name, "")


def _matched(request: HttpRequest, key: str) -> str | None:
    """The ETag of If-None-Match that this key's response can have had (with or without a CSRF token)."""
    cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    for ours in (_etag(key), _etag(key, cookie)):
        if ours.removeprefix("W/") in {
            tag.removeprefix("W/") for tag in parse_etags(request.META["HTTP_IF_NONE_MATCH"])
        }:
            return ours
    return None


def first_seen(version: dataversion.Version) -> float:
    """When this process's cache first saw the version (never before its write committed)."""
    key = f"hub:seen:{_database_id()}:{version.token}"
    seen = cache.get(key)
    if seen is None:
        cache.add(key, time.time(), settings.CACHE_PAGE_SECONDS * 2)
        seen = cache.get(key, time.time())
    return seen


def last_modified(version: dataversion.Version) -> int | None:
    """Last-Modified (Unix seconds), or None while the version's first second has not passed."""
    seen = int(first_seen(version))
    if seen >= int(time.time()):
        return None
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return max(seen, int(midnight.timestamp()))


def _stamp(response: HttpResponse, etag: str | None, modified: int | None) -> None:
    if etag and not response.has_header("ETag"):  # a record's own ETag (If-Match on writes) stays
        response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "no-cache"  # browsers keep it but ask again (and get 304 while unchanged)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache", "max-age=0")):
        return False
    return all(name == settings.CSRF_COOKIE_NAME for name in response.cookies)


def _without_tokens(request: HttpRequest, content: bytes) -> bytes | None:
    """The content with its CSRF form tokens replaced by the placeholder; None if a token shows elsewhere."""
    content = _TOKEN_INPUT.sub(lambda m: m.group(1) + PLACEHOLDER + m.group(3), content)
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        from django.middleware.csrf import _unmask_cipher_token

        for match in _TOKEN_LIKE.finditer(content):
            word = match.group().decode()
            if word == secret or (len(word) == 64 and _unmask_cipher_token(word) == secret):
                return None
    return content


class LocalCopies:
    """A worker's own copies of the entries it served last, in front of the shared cache (a Redis round trip
    and unpickling cost more than the rest of a hit). Safe to keep: the key holds the data version, read from
    the database on every request, so a write makes every copy unreachable at once. Bounded in bytes.

    Beside each entry it keeps the finished headers of the response (``ready``: ETag, Vary, Content-Length,
    X-Hub-Cache included) when the response is the same for every visitor (no CSRF token in it, e.g. every API
    list): a hit then copies one dict instead of setting and checking a dozen headers one by one."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.entries: OrderedDict[str, tuple[float, tuple, dict | None]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> tuple[tuple, dict | None] | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return found[1], found[2]

    def put(self, key: str, entry: tuple, ready: dict | None = None) -> None:
        if len(entry[0]) > self.max_bytes // 8:
            return
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = (time.monotonic() + settings.CACHE_PAGE_SECONDS, entry, ready)
            self.size += len(entry[0])
            while self.size > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def _drop(self, key: str) -> None:
        _, entry, _ = self.entries.pop(key)
        self.size -= len(entry[0])

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


local_copies = LocalCopies(getattr(settings, "PUBLIC_CACHE_LOCAL_BYTES", 32 * 1024 * 1024))


class PublicCacheMiddleware:
    """Sits right after the security headers: a hit skips sessions, authentication and the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not cacheable_request(request):
            return self.get_response(request)
        try:
            version = dataversion.current()
            key = page_key(request, version)
        except Exception as exc:  # no database (before migrate, or none allowed): no version, so no cache
            logger.warning("public cache bypassed: the data version could not be read (%s)", exc)
            return self.get_response(request)
        # If-None-Match (or, without it, If-Modified-Since) answered before any work: the ETag is the key's.
        not_modified = self._not_modified(request, key, version)
        if not_modified is not None:
            return not_modified
        found = self._get(key)
        if found is not None:
            entry, ready = found
            if ready is not None:  # the same response for everyone: its headers are finished
                response = HttpResponse(entry[0])
                response.headers._store = ready.copy()
                return response
            return self._serve(request, entry, key)
        response = self.get_response(request)
        if response.status_code == 200 and not response.cookies.keys() - {settings.CSRF_COOKIE_NAME}:
            if _storable(request, response):
                self._store(request, response, key, version)
                response[HEADER] = "MISS"
            elif response.streaming and "Cache-Control" not in response:
                # Exports: not stored (they can be large), but conditional GET works on them too.
                _stamp(response, _etag(key), last_modified(version))
        return response

    def _not_modified(self, request: HttpRequest, key: str, version) -> HttpResponse | None:
        if "HTTP_IF_NONE_MATCH" in request.META:
            etag = _matched(request, key)
            if etag is None:
                return None
            modified = None
        elif "HTTP_IF_MODIFIED_SINCE" in request.META:
            modified = last_modified(version)
            answer = get_conditional_response(request, last_modified=modified)
            if answer is None or answer.status_code != 304:
                return None
            etag = None
        else:
            return None
        response = HttpResponseNotModified()
        _stamp(response, etag, modified)
        response[HEADER] = "HIT"
        return response

    def _get(self, key: str) -> tuple[tuple, dict | None] | None:
        found = local_copies.get(key)
        if found is not None:
            return found
        try:
            entry = cache.get(key)
        except Exception:  # a shared cache that is down must not take the hub down with it
            logger.warning("public cache unreachable", exc_info=True)
            return None
        if entry is None:
            return None
        ready = _ready(entry, key)
        local_copies.put(key, entry, ready)
        return entry, ready

    def _store(self, request: HttpRequest, response: HttpResponse, key: str, version) -> None:
        content = _without_tokens(request, response.content)
        if content is None:
            return
        modified = last_modified(version)
        own_etag = response.get("ETag")
        with_token = PLACEHOLDER in content
        _stamp(response, _etag(key, _cookie_after(request, response) if with_token else ""), modified)
        headers = [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS]
        entry = (content, headers, own_etag, modified)
        local_copies.put(key, entry, _ready(entry, key))
        try:
            cache.set(key, entry, settings.CACHE_PAGE_SECONDS)
        except Exception:
            logger.warning("public cache unreachable", exc_info=True)

    def _serve(self, request: HttpRequest, entry, key: str) -> HttpResponse:
        content, headers, own_etag, modified = entry
        response = HttpResponse(status=200)
        for name, value in headers:
            response[name] = value
        if PLACEHOLDER in content:
            self.csrf.process_request(request)  # the visitor's CSRF cookie, if any
            content = content.replace(PLACEHOLDER, get_token(request).encode())
            self.csrf.process_response(request, response)  # sets the cookie for a new visitor
        response.content = content
        response["Content-Length"] = str(len(content))
        cookie = _cookie_after(request, response) if PLACEHOLDER in entry[0] else ""
        _stamp(response, own_etag or _etag(key, cookie), modified)
        response[HEADER] = "HIT"
        return response


def _ready(entry: tuple, key: str) -> dict | None:
    """The finished headers of an entry served alike to every visitor, as Django's ResponseHeaders keeps them
    (lower-case name: (name, value)), checked once here by the same path a hit took before; None for a
    page with a CSRF token (each visitor's own)."""
    content, headers, own_etag, modified = entry
    if PLACEHOLDER in content:
        return None
    response = HttpResponse(status=200)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(content))
    _stamp(response, own_etag or _etag(key), modified)
    response[HEADER] = "HIT"
    store = getattr(response.headers, "_store", None)
    return dict(store) if isinstance(store, dict) else None
