"""CACHE_URL -> Django's CACHES["default"]: the embedded default on one machine, a shared cache for several.

- unset: a file cache in DATA_DIR/cache, shared by every worker process of the machine (LocMem is not: each
  process would keep its own). Measured against the database cache: see docs/decisions/0005.
- ``redis://[:password@]host:port/db`` (or ``rediss://``, ``unix://``): Django's own RedisCache, for several
  app servers (they must all use the same one).
- ``file:///absolute/folder``, ``db://table_name`` (run ``manage.py createcachetable`` first),
  ``locmem://`` (one process only), ``dummy://`` (stores nothing).
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Every public page and list in a few languages, with room to spare; the file and database caches cull a third
# when full, so made-up query strings cannot fill the disk (5,000 pages of ~50 KB: 250 MB at most).
MAX_ENTRIES = 5000


def cache_config(url: str, data_dir: Path, timeout: int) -> dict:
    options = {"MAX_ENTRIES": MAX_ENTRIES}
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(data_dir / "cache"),
            "TIMEOUT": timeout,
            "OPTIONS": options,
        }
    scheme = urlsplit(url).scheme
    if scheme in ("redis", "rediss", "unix"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "TIMEOUT": timeout}
    if scheme == "file":
        path = urlsplit(url).path
        if urlsplit(url).netloc or not path.startswith("/"):
            raise ImproperlyConfigured(f"CACHE_URL file:// needs an absolute folder, not {url!r}")
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": path,
            "TIMEOUT": timeout,
            "OPTIONS": options,
        }
    if scheme == "db":
        table = urlsplit(url).netloc
        if not table.isidentifier():
            raise ImproperlyConfigured(f"CACHE_URL db:// needs a table name (db://hub_cache), not {url!r}")
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": table,
            "TIMEOUT": timeout,
            "OPTIONS": options,
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": timeout, "OPTIONS": options}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, rediss://, unix://, file://, db://, locmem:// or dummy://, not {url!r}"
    )
