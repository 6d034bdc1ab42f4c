"""Shared fixtures: the reference dataset is loaded once into the test database (and a copy of it kept for the
transactional tests, tests/reference_copy.py)."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from tests import reference_copy


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("loadreference", stdout=io.StringIO())
        reference_copy.keep()


@pytest.fixture(autouse=True)
def _fast_password_hasher(request, settings):
    """Argon2id costs ~20 ms a hash, ~50 s over the suite: tests hash with MD5 (a test-only speed-up, never in
    settings). Argon2 stays listed so its hashes still verify; a test marked ``argon2`` gets the real list."""
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request in Bahasa Indonesia leaves its language active in the thread: start every test without it."""
    yield
    translation.deactivate()


@pytest.fixture
def token_client():
    """``token_client(user)``: a test client that sends a new API token of ``user`` (read-write unless
    ``can_write=False``) with every request; the one helper for the API tests' bearer clients."""
    from django.test import Client

    from hub.accounts.tokens import create_token

    def make(user, *, can_write: bool = True) -> Client:
        _, token = create_token(user=user, name="test", can_write=can_write)
        return Client(headers={"Authorization": f"Bearer {token}"})

    return make


@pytest.fixture
def session_client():
    """``session_client(user)``: a test client signed in as ``user`` (anonymous for None)."""
    from django.test import Client

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


from tests.browser import browser  # noqa: E402,F401  (fixture: the one Chromium of the run, e2e and a11y)
from tests.personas import personas  # noqa: E402,F401  (fixture)


@pytest.fixture(autouse=True, scope="session")
def _check_remembered_sql():
    """Queries whose SQL is remembered per key (hub.core.sqlmemo, and hub.core.compiled through it) are compiled
    again on each call and must give the same SQL: a key that leaves out an input fails the test reaching it."""
    from hub.core import sqlmemo

    sqlmemo.CHECK = True
    yield
    sqlmemo.CHECK = False


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: every test's transaction is rolled back to the same data version,
    while a test may change what a page shows without a write (a patched date, settings)."""
    from django.core.cache import cache

    from hub.core.pagecache import local_copies

    cache.clear()
    local_copies.clear()
