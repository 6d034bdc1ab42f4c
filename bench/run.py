"""Benchmark: response times and query counts of the public pages and API.

    make bench                      # reference data only (38 members)
    BENCH_MEMBERS=2000 make bench   # plus generated demo members, to see that lists stay flat
    BENCH_LAYOUT=uniform ...        # demo members spread evenly over the region (the map's worst case)
                                    # rather than near the real members of their country

Runs against a throw-away SQLite file (or DATABASE_URL's database, which it migrates: use a scratch
database). Times are measured in-process with Django's test client (no network), median and 95th
percentile over BENCH_REPEAT requests each.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="ascn-bench-")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.generate import generate_members  # noqa: E402

URLS = [
    "/",
    "/members/",
    "/members/?country=ID&as_of=2024-06-30",
    "/members/sumedang/",
    "/countries/",
    "/countries/id/",
    "/governance/?date=2024-06-25",
    "/members.csv",
    "/api/v1/members?limit=50",
    "/api/v1/members?as_of=2024-06-30",
    "/api/v1/role-terms?role=chair&as_of=2024-06-01",
    "/api/v1/openapi.json",
]


def main() -> None:
    repeat = int(os.environ.get("BENCH_REPEAT", "30"))
    extra = int(os.environ.get("BENCH_MEMBERS", "0"))
    layout = os.environ.get("BENCH_LAYOUT", "near")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("loadreference", stdout=io.StringIO())
    print(f"migrate + loadreference: {time.perf_counter() - started:.2f} s")
    if extra:
        generate_members(extra, layout=layout)
        print(f"generated {extra} demo members ({layout})")
    client = Client()
    print(f"{'url':48} {'status':>6} {'queries':>7} {'median ms':>9} {'p95 ms':>7}")
    for url in URLS:
        reset_queries()  # the query log is also reset when a request starts; start from empty
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        timings = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            timed = client.get(url)
            if timed.streaming:
                b"".join(timed.streaming_content)
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(f"{url:48} {response.status_code:>6} {len(queries):>7} {statistics.median(timings):>9.1f} {p95:>7.1f}")


if __name__ == "__main__":
    main()
