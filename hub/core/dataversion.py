"""The data version: a value that changes in the same transaction as every write to the hub's data.

Public responses are cached under it (hub/core/pagecache.py), so it must change on EVERY write, whoever makes
it: the services and the change log, the admin, `loadreference`, `loaddemo`, imports, restore, management
commands, signals, queryset ``.update()``, ``bulk_create``, raw SQL through Django, the search index. All of
those reach the database through Django's cursor, so the one place that sees them all is an execute wrapper
installed on every connection (``install``): after a statement that may write data (anything but reads,
transaction/session statements and DDL) to a table whose rows an anonymous visitor can see, it changes one row of
``core_dataversion`` in the same transaction. The new data and the new version therefore become visible to
every process and server together at commit (or, outside a transaction, the version changes just after the
statement committed: a reader that got the old version with the new data caches fresh data, never the
reverse). See docs/decisions/0005-data-version-and-public-cache.md.

Once per transaction: a marker callback in the transaction's on-commit list says the version was already
changed in it; a rolled-back savepoint drops the marker with its callbacks, so the next write bumps again.

Bumps and reads go through the DB-API cursor, not Django's: they are this module's bookkeeping, not the
view's queries (the query-count tests count a view's queries), and they must not re-enter the wrapper.
Writes that bypass Django's cursor (psycopg's COPY, psql) must call ``bump()`` (or `manage.py
bumpdataversion`) themselves.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "core_dataversion"
SHARDS = 16

# Tables whose writes change nothing an anonymous visitor can see: sessions, sign-in throttling, password
# reset limits, API tokens (last use), the matcher's lazily computed vectors (a function of the projects,
# whose writes bump), the database cache's table, background tasks' progress. Anything not listed here bumps.
UNTRACKED = frozenset(
    {
        "django_session",
        "accounts_loginfailure",
        "accounts_passwordresetrequest",
        "accounts_apitoken",
        "search_projectvector",
        "hub_cache",
        # django-tasks' database backend: a background task's status and progress (the data it writes bump)
        "django_tasks_database_dbtaskresult",
        # a background job's own progress rows (hub.jobs), read only by its owner and the Secretariat
        "jobs_job",
    }
)

# Statements that never change data: reads, transaction and session statements, and DDL (schema changes come
# from migrations, which bump once after them; CREATE DATABASE runs where no version table is). Everything
# else (INSERT, UPDATE, DELETE, TRUNCATE, WITH, COPY, ...) does.
_READS = frozenset(
    {"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "SHOW", "EXPLAIN", "PRAGMA"}
    | {"CREATE", "DROP", "ALTER", "COMMENT", "ANALYZE", "VACUUM", "REINDEX", "LOCK", "GRANT", "REVOKE"}
)
_TARGET = re.compile(r'\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
_FIRST_WORD = re.compile(r"\s*\(*\s*(\w+)")
# A WITH statement writes if any of its parts does (a data-modifying CTE, or WITH … INSERT/UPDATE/DELETE):
# any such word anywhere counts as a write, erring on the side of a needless bump.
_MODIFIES = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE|TRUNCATE|COPY)\b", re.IGNORECASE)
# Signing in stamps the user's last_login (django.contrib.auth's update_last_login) and nothing else: no public
# page shows it, so it must not empty every visitor's cache at each sign-in. Exactly that statement, no other.
_LAST_LOGIN_ONLY = re.compile(
    r'\s*UPDATE\s+"accounts_user"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE\s+"accounts_user"\."id"\s*=\s*%s\s*$',
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Version:
    token: str  # changes with every write; part of every cache key and ETag
    changed: float  # Unix time (seconds) of the last write: Last-Modified


def _target(sql) -> str | None:
    """The table a write statement changes; "" for a statement that reads only; None when unknown (bump)."""
    if not isinstance(sql, str):
        return None
    word = _FIRST_WORD.match(sql)
    if word and word.group(1).upper() in _READS:
        return ""
    if _LAST_LOGIN_ONLY.match(sql):
        return ""
    if word and word.group(1).upper() == "WITH" and not _MODIFIES.search(sql):
        return ""  # a query with common table expressions that only reads (e.g. the home page's growth steps)
    target = _TARGET.match(sql)
    return target.group(1).lower() if target else None


class _Marker:
    """Sits in a transaction's on-commit list while that transaction has bumped the version."""

    def __call__(self) -> None:  # run after commit: nothing left to do
        pass


def _placeholder(connection: BaseDatabaseWrapper) -> str:
    return "?" if connection.vendor == "sqlite" else "%s"


_paused = False


def pause(paused: bool) -> None:
    """Migrations run without the wrapper (the table may not exist yet); post_migrate bumps once after."""
    global _paused
    _paused = paused


def bump(using: str = "default") -> None:
    """Change the version now, in the connection's current transaction (if any)."""
    connection = connections[using]
    connection.ensure_connection()
    _bump(connection)


def bump_once(using: str = "default") -> None:
    """``bump()``, once per transaction: nothing if the current transaction has changed the version already
    (the marker ``_watch`` leaves). For writes that bypass Django's cursor many times in one transaction (a bulk
    import's COPYs, hub.core.bulk)."""
    connection = connections[using]
    connection.ensure_connection()
    if not connection.in_atomic_block:
        _bump(connection)
        return
    marker = getattr(connection, "_hub_version_marker", None)
    if marker is not None and any(e[1] is marker for e in connection.run_on_commit):
        return
    _bump(connection)
    marker = _Marker()
    connection._hub_version_marker = marker
    connection.on_commit(marker)


def _bump(connection: BaseDatabaseWrapper) -> None:
    p = _placeholder(connection)
    sql = (
        f"INSERT INTO {TABLE} (shard, token, changed) VALUES ({p}, {p}, {p}) "  # noqa: S608 - constants only
        "ON CONFLICT (shard) DO UPDATE SET token = excluded.token, changed = excluded.changed"
    )
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, (secrets.randbelow(SHARDS), secrets.token_hex(8), int(time.time() * 1000)))
    finally:
        cursor.close()


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if _paused:
        return result
    target = _target(sql)
    if target == "" or target in UNTRACKED:
        return result
    connection = context["connection"]
    if not connection.in_atomic_block:
        _bump(connection)  # the statement has committed: the version follows it
        return result
    marker = getattr(connection, "_hub_version_marker", None)
    # A write to the version table itself (restore, loaddata, flush) or an unknown statement always bumps:
    # it may have put back an old token.
    if target not in (None, TABLE) and marker is not None and any(e[1] is marker for e in connection.run_on_commit):
        return result
    _bump(connection)
    marker = _Marker()
    connection._hub_version_marker = marker
    connection.on_commit(marker)
    return result


def install(connection: BaseDatabaseWrapper, **kwargs) -> None:
    """connection_created receiver: watch every statement of this connection (once per wrapper object)."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


_READ = f"SELECT shard, token, changed FROM {TABLE} ORDER BY shard"  # noqa: S608 - constants only


def _read(connection: BaseDatabaseWrapper) -> list[tuple[int, str, int]]:
    """The version's rows. Every public request reads them, so on PostgreSQL (psycopg 3) straight through libpq:
    one blocking simple-protocol round trip without psycopg's cursor, type loaders and wait loop (8 µs of CPU
    instead of 35–80 per read, measured). Nothing else changes: the same connection, its transaction (if
    any) and its transaction status, which libpq tracks; a failed read raises as a cursor's would."""
    pgconn = getattr(connection.connection, "pgconn", None) if connection.vendor == "postgresql" else None
    if pgconn is None or not hasattr(pgconn, "exec_"):  # SQLite, or psycopg2
        cursor = connection.connection.cursor()
        try:
            cursor.execute(_READ)
            return [(int(s), t, int(c)) for s, t, c in cursor.fetchall()]
        finally:
            cursor.close()
    from psycopg import DatabaseError
    from psycopg.pq import ExecStatus

    result = pgconn.exec_(_READ.encode())
    if result.status != ExecStatus.TUPLES_OK:
        message = (result.error_message or pgconn.error_message or b"").decode(errors="replace")
        raise DatabaseError(f"the data version could not be read: {message}")
    value = result.get_value
    return [(int(value(i, 0)), value(i, 1).decode(), int(value(i, 2))) for i in range(result.ntuples)]


def current(using: str = "default") -> Version:
    """The version as this connection sees it now (read it BEFORE reading the data it keys)."""
    connection = connections[using]
    connection.ensure_connection()
    if connection.in_atomic_block:
        # Inside a transaction (tests, ATOMIC_REQUESTS) a reader may cache what this transaction wrote so far:
        # its next write must bump again.
        connection._hub_version_marker = None
    rows = _read(connection)
    if not rows:  # a new or flushed database: start from a token never seen before
        _bump(connection)
        return current(using)
    digest = hashlib.blake2b("|".join(f"{s}:{t}" for s, t, _ in rows).encode(), digest_size=9).hexdigest()
    return Version(token=digest, changed=max(c for _, _, c in rows) / 1000)


def after_migrate(using: str = "default", **kwargs) -> None:
    """post_migrate receiver: migrations (and flush) may have changed anything."""
    pause(False)
    if TABLE in connections[using].introspection.table_names():
        bump(using)


def before_migrate(**kwargs) -> None:
    pause(True)
