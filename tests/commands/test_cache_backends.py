"""CACHE_URL (config/caches.py), the shared Redis cache, and writes from commands changing the data version.

The Redis test needs a running redis-server (REDIS_URL, default redis://127.0.0.1:6379/15): .ci/run starts
one; elsewhere the test is skipped when none answers, but never in CI.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client, override_settings

from config.caches import cache_config
from hub.core import dataversion
from hub.core.pagecache import HEADER

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


def test_cache_url_selects_the_backend(tmp_path):
    assert cache_config("", tmp_path, 60)["BACKEND"].endswith("FileBasedCache")
    assert cache_config("", tmp_path, 60)["LOCATION"] == str(tmp_path / "cache")
    redis = cache_config("redis://cache.internal:6379/0", tmp_path, 60)
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://cache.internal:6379/0"
    assert cache_config("file:///srv/cache", tmp_path, 60)["LOCATION"] == "/srv/cache"
    assert cache_config("db://hub_cache", tmp_path, 60)["LOCATION"] == "hub_cache"
    for bad in ("memcached://x", "file://relative/path", "db://drop table"):
        with pytest.raises(ImproperlyConfigured):
            cache_config(bad, tmp_path, 60)


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no redis-server at {REDIS_URL} (.ci/run starts one)")


@pytest.mark.django_db
def test_the_shared_redis_cache_serves_and_forgets_on_write():
    _redis_or_skip()
    caches = {"default": cache_config(REDIS_URL, Path("/nonexistent"), 60)}
    with override_settings(CACHES=caches):
        from django.core.cache import cache

        cache.clear()
        client = Client()
        assert client.get("/api/v1/members?limit=500")[HEADER] == "MISS"
        assert client.get("/api/v1/members?limit=500")[HEADER] == "HIT"
        first = client.get("/api/v1/members?limit=500").json()["items"][0]
        from hub.network.models import Member

        Member.objects.filter(pk=first["id"]).update(name="Renamed in Redis test")
        response = client.get("/api/v1/members?limit=500")
        assert response[HEADER] == "MISS"
        assert "Renamed in Redis test" in {item["name"] for item in response.json()["items"]}
        cache.clear()


@pytest.mark.django_db
def test_commands_change_the_data_version(tmp_path):
    before = dataversion.current().token
    call_command("bumpdataversion", stdout=io.StringIO())
    after_bump = dataversion.current().token
    assert after_bump != before
    call_command("loadreference", stdout=io.StringIO())  # idempotent: may write nothing, then needs no bump
    archive = tmp_path / "hub.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    seen = dataversion.current().token
    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    restored = dataversion.current().token
    assert restored not in (seen, before, after_bump)


@pytest.mark.django_db
def test_a_rolled_back_transaction_leaves_the_version():
    from django.db import transaction

    from hub.network.models import Member

    before = dataversion.current().token
    with pytest.raises(RuntimeError), transaction.atomic():
        Member.objects.filter(slug="sumedang").update(name="never")
        raise RuntimeError
    assert dataversion.current().token == before


@pytest.mark.django_db
def test_writes_to_untracked_tables_leave_the_version():
    from django.contrib.sessions.backends.db import SessionStore

    before = dataversion.current().token
    session = SessionStore()
    session["x"] = 1
    session.save()
    assert dataversion.current().token == before
