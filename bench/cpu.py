"""CPU time per request of the benchmark's paths, uncached, in-process: the measure of target 2 of issue 10.

    DATABASE_URL=postgres://…/ascn_x .venv/bin/python bench/cpu.py                 # every path
    DATABASE_URL=… .venv/bin/python bench/cpu.py / /governance/ --repeat 50        # some paths
    DATABASE_URL=… .venv/bin/python bench/cpu.py --save before.json                # keep the figures
    DATABASE_URL=… .venv/bin/python bench/cpu.py --compare before.json             # and compare later

The database must already hold the data to measure (`make demo` on it, or bench/large.py); this script
writes nothing. It runs with DEBUG off and the public cache off (PUBLIC_CACHE=false), through Django's test
client (no network, no gunicorn), and prints for each path the median CPU time of the process
(time.process_time: less sensitive to other work on a shared machine than wall time), the median wall time and
the query count. `--user EMAIL` signs that user in first (a signed-in page is never cached).
`--after-write` changes the data version before each timed request (outside the timing), so that nothing
remembered per data version helps: the cost of the first request after a write, as target 2 asks.
`--new-version` gives the same figure without writing: the process sees a data version of its own before each
timed request (the database's, read as always, with a suffix), for a database that must stay read-only (the
benchmark's large network; PGOPTIONS="-c default_transaction_read_only=on" makes any write fail loudly).
The load benchmark under gunicorn (`make bench`) remains the figure of record; this one is for profiling work.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "false"
os.environ["PUBLIC_CACHE"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from bench.load import PATHS  # noqa: E402  (the paths of issue 10's table, as the load benchmark runs them)
from hub.core import dataversion  # noqa: E402


class NewVersions:
    """``dataversion.current`` as read from the database, with a token of its own after each ``next()``."""

    def __init__(self):
        # A nonce of the run: what a run before kept in the cache (the file cache outlives the process) is not found.
        self.real, self.nonce, self.count = dataversion.current, secrets.token_hex(6), 0

    def __call__(self, using: str = "default") -> dataversion.Version:
        version = self.real(using)
        return dataclasses.replace(version, token=f"{version.token}.{self.nonce}.{self.count}")

    def next(self) -> None:
        self.count += 1


def measure(client: Client, path: str, repeat: int, after_write: bool = False, new_version: bool = False) -> dict:
    def fetch():
        response = client.get(path, secure=True)
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    # Count the queries of one request: log them, from an empty log (a request empties it when it starts).
    connection.force_debug_cursor = True
    reset_queries()
    first = fetch()
    query_count = len(connection.queries_log)
    connection.force_debug_cursor = False
    for _ in range(2):
        fetch()
    cpu, wall = [], []
    for _ in range(repeat):
        if after_write:
            dataversion.bump()
        if new_version:
            dataversion.current.next()
        c0, w0 = time.process_time(), time.perf_counter()
        fetch()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return {
        "status": first.status_code,
        "queries": query_count,
        "cpu_ms": statistics.median(cpu) * 1000,
        "wall_ms": statistics.median(wall) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=PATHS)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--user", help="sign this user's e-mail in first")
    parser.add_argument("--after-write", action="store_true", help="change the data version before each request")
    parser.add_argument("--new-version", action="store_true", help="as --after-write, without writing (see above)")
    parser.add_argument("--save", help="write the figures to this JSON file")
    parser.add_argument("--compare", help="print the ratio to the figures of this JSON file")
    args = parser.parse_args()
    # Production mode serves hashed static names from the manifest: collect first (quick when up to date).
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    if args.user:
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(email=args.user))
    if args.new_version:
        dataversion.current = NewVersions()
    before = json.loads(Path(args.compare).read_text()) if args.compare else {}
    results = {}
    print(f"{'path':40} {'status':>6} {'queries':>7} {'cpu ms':>8} {'wall ms':>8} {'before÷now':>10}")
    for path in args.paths:
        result = results[path] = measure(client, path, args.repeat, args.after_write, args.new_version)
        ratio = ""
        if path in before and result["cpu_ms"]:
            ratio = f"{before[path]['cpu_ms'] / result['cpu_ms']:.2f}×"
        print(
            f"{path:40} {result['status']:>6} {result['queries']:>7} {result['cpu_ms']:>8.1f} "
            f"{result['wall_ms']:>8.1f} {ratio:>10}"
        )
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
