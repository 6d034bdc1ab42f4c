"""The full-text part of the index, one implementation per database, behind one interface.

SQLite: an FTS5 table over SearchDocument's ``title_terms`` and ``terms`` (external content, kept by
triggers in the same transaction as the row), ranked by bm25 with the title weighing 4×.
PostgreSQL: a generated ``tsvector`` column (title weight A, the rest D) with a GIN index, ranked by
ts_rank. Both read the terms that hub.search.analysis wrote, so stemming and stop words are ours and the
same on both databases; the database only matches and ranks.

A query reaches the database as a list of word groups, each a set of alternative terms made only of
letters and digits (analysis.words guarantees it); every term is quoted (FTS5) or bound as a parameter
(PostgreSQL), so nothing a user types is ever read as query syntax.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, transaction

TABLE = "search_searchdocument"

SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5(title_terms, terms, content='{TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER search_fts_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO search_fts(rowid, title_terms, terms) VALUES (new.id, new.title_terms, new.terms); END""",  # noqa: S608 - constants
    f"""CREATE TRIGGER search_fts_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, terms)
        VALUES ('delete', old.id, old.title_terms, old.terms); END""",  # noqa: S608 - constants
    f"""CREATE TRIGGER search_fts_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, terms)
        VALUES ('delete', old.id, old.title_terms, old.terms);
        INSERT INTO search_fts(rowid, title_terms, terms) VALUES (new.id, new.title_terms, new.terms); END""",  # noqa: S608 - constants
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_INSTALL = [
    f"""ALTER TABLE {TABLE} ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', terms), 'D')
    ) STORED""",
    f"CREATE INDEX search_document_tsv ON {TABLE} USING gin (tsv)",
]
POSTGRES_UNINSTALL = ["DROP INDEX IF EXISTS search_document_tsv", f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS tsv"]


def install(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}.get(vendor, []):
        schema_editor.execute(sql)


def uninstall(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_UNINSTALL, "postgresql": POSTGRES_UNINSTALL}.get(vendor, []):
        schema_editor.execute(sql)


def match(queryset, groups: list[set[str]]):
    """``queryset`` narrowed to the documents holding a term of every group, with ``rank`` (higher is
    better) to order by."""
    if connection.vendor == "postgresql":
        parts, params = [], []
        for group in groups:
            alternatives = " || ".join("to_tsquery('simple', %s)" for _ in group)
            parts.append(f"({alternatives})")
            params.extend(f"'{term}'" for term in sorted(group))
        tsquery = " && ".join(parts)
        # Only constants and placeholders in the SQL: every term is a bound parameter.
        return queryset.extra(  # noqa: S610
            where=[f"{TABLE}.tsv @@ ({tsquery})"],
            params=params,
            select={"rank": f"ts_rank({TABLE}.tsv, ({tsquery}))"},
            select_params=params,
        )
    expression = " AND ".join("(" + " OR ".join(f'"{term}"' for term in sorted(group)) + ")" for group in groups)
    # The MATCH expression is a bound parameter; its terms are letters and digits in double quotes.
    return queryset.extra(  # noqa: S610
        tables=["search_fts"],
        where=[f"search_fts.rowid = {TABLE}.id", "search_fts MATCH %s"],
        params=[expression],
        # bm25 is lower for better matches; negated so that both databases sort by rank descending.
        select={"rank": "-bm25(search_fts, 4.0, 1.0)"},
    )


@contextmanager
def index_scans():
    """Around a search's queries on PostgreSQL: read the matches through the GIN index, never a
    sequential scan. The planner prices ``tsv @@ query`` as cheap, but on a sequential scan every row's
    tsvector is read out of TOAST to test it: measured at 50,000 projects (bench/search.py), a word in a
    fifth of them took 100 ms to count and 200 ms to rank that way, 19 and 35 ms through the index.
    The setting is local to the transaction and put back before it ends."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)")
        before = cursor.fetchone()[0]
        try:
            yield
        finally:
            if not connection.needs_rollback:
                cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])
