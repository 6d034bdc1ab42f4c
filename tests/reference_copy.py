"""The reference dataset as loaded once per run (tests/conftest.py), kept in tables of its own beside the test
database, and put back into a transactional test's database instead of loading the YAML files again.

A transactional test (the browser and accessibility tests, the two-connection races) finds its database emptied
by the one before it. Loading the reference data took 20-60 s a test on a slow two-core machine running both
databases' suites; copying it back from these tables takes well under a second, and gives the very same rows
with the very same ids. The reference data with the small demo network (``with_demo``) is kept the same way the
first time a test asks for it.

Every model's table is copied by its model's columns (a generated column such as PostgreSQL's search vector is
recomputed; SQLite's search index follows its table through triggers). Django's foreign keys are deferred to the
commit, so the tables are emptied and filled in one transaction in any order.
"""

from __future__ import annotations

import io

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction

from hub.core import backup

_COPIES: dict[str, dict[str, tuple[str, str]]] = {}  # name -> table -> (its copy's table, its columns)


def _tables() -> dict[str, list[str]]:
    existing = set(connection.introspection.table_names())
    tables: dict[str, list[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if backup.excluded(model):
            continue  # not the hub's data, as for a backup: sessions, and the data version the copying changes
        if meta.managed and not meta.proxy and meta.db_table in existing and meta.db_table not in tables:
            tables[meta.db_table] = [field.column for field in meta.local_concrete_fields]
    return tables


def keep(name: str = "reference") -> None:
    """Copy every model's table as it is now: "reference" once per run, after loadreference (tests/conftest.py)."""
    quote = connection.ops.quote_name
    copies = _COPIES[name] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for number, (table, columns) in enumerate(sorted(_tables().items())):
            copy = f"copy_{name}_{number}"
            names = ", ".join(quote(column) for column in columns)
            cursor.execute(f"DROP TABLE IF EXISTS {copy}")
            cursor.execute(f"CREATE TABLE {copy} AS SELECT {names} FROM {quote(table)}")  # noqa: S608 - model names
            copies[table] = (copy, names)


def put_back(name: str = "reference") -> None:
    """Make the database what it was when ``keep(name)`` ran: every model's table emptied and filled from its copy."""
    if name not in _COPIES:
        raise RuntimeError(f"no copy named {name!r}: tests/conftest.py's django_db_setup keeps the reference data")
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in _COPIES[name]:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - model names
        for table, (copy, names) in _COPIES[name].items():
            cursor.execute(f"INSERT INTO {quote(table)} ({names}) SELECT {names} FROM {copy}")  # noqa: S608
    ContentType.objects.clear_cache()


def with_demo() -> None:
    """The reference data plus `loaddemo --per-member=1 --cycles=2` (every chart has something to draw): made
    once per run, put back from its copy afterwards."""
    if "demo" in _COPIES:
        put_back("demo")
        return
    put_back()
    call_command("loaddemo", per_member=1, cycles=2, stdout=io.StringIO())
    keep("demo")
