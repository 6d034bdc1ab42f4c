"""Measure "who elsewhere has solved this" on an evaluation set, in a throw-away database.

    manage.py evalmatch --corpus corpus.jsonl --queries queries-dev.jsonl --qrels qrels-dev.tsv

The corpus is loaded into a new, empty database (a test database of the configured engine, dropped at
the end), never into the hub's own; when the command already runs on a test database (the test suite),
it works inside a transaction that is rolled back. The last line is machine-readable:
``nDCG@10=0.xxx recall@20=0.xxx baseline_nDCG@10=0.xxx p95_ms=N``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from hub.search.evaluation import evaluate
from hub.search.matchindex import reset_index


def _is_test_database() -> bool:
    name = str(connection.settings_dict.get("NAME") or "")
    return name.startswith("test_") or "memory" in name or name.endswith("test.sqlite3")


class _Rollback(Exception):
    pass


@contextmanager
def throwaway_database(verbosity: int):
    if _is_test_database():
        try:
            with transaction.atomic():
                yield
                raise _Rollback
        except _Rollback:
            pass
        return
    old_name = connection.settings_dict["NAME"]
    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor != "sqlite":
        test["NAME"] = f"evalmatch_{os.getpid()}"  # never the test suite's database, never the hub's
    connection.creation.create_test_db(verbosity=max(0, verbosity - 1), autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=max(0, verbosity - 1))


class Command(BaseCommand):
    help = "Measure the matcher (nDCG@10, recall@20, p95 latency) against a plain BM25 baseline."

    def add_arguments(self, parser):
        parser.add_argument("--corpus", required=True, type=Path)
        parser.add_argument("--queries", required=True, type=Path)
        parser.add_argument("--qrels", required=True, type=Path)
        parser.add_argument("--per-query", action="store_true", help="Also print each query's figures.")

    def handle(self, *args, **options):
        for name in ("corpus", "queries", "qrels"):
            if not options[name].is_file():
                raise CommandError(f"--{name}: no such file: {options[name]}")
        with throwaway_database(options["verbosity"]):
            figures = evaluate(options["corpus"], options["queries"], options["qrels"])
        reset_index()
        if options["per_query"]:
            for query, ndcg, recall in figures.per_query:
                self.stdout.write(f"{query}\tnDCG@10={ndcg:.3f}\trecall@20={recall:.3f}")
        self.stdout.write(f"queries: {figures.queries}")
        self.stdout.write(f"matcher:  nDCG@10 {figures.ndcg10:.3f}  recall@20 {figures.recall20:.3f}")
        self.stdout.write(
            f"BM25 baseline (title + description, no stemming):  nDCG@10 {figures.baseline_ndcg10:.3f}"
            f"  recall@20 {figures.baseline_recall20:.3f}"
        )
        self.stdout.write(f"latency per query: p95 {figures.p95_ms} ms")
        self.stdout.write(
            f"nDCG@10={figures.ndcg10:.3f} recall@20={figures.recall20:.3f} "
            f"baseline_nDCG@10={figures.baseline_ndcg10:.3f} p95_ms={figures.p95_ms}"
        )
