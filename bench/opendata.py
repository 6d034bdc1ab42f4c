"""Benchmark: the open data package (every public list as CSV + datapackage.json, zipped) and each list's
downloads, on the reference data (and, with BENCH_MEMBERS set, that many generated demo members, which the
package leaves out but still reads past).

    .venv/bin/python bench/opendata.py
    BENCH_MEMBERS=5000 .venv/bin/python bench/opendata.py
    DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/SCRATCH_DB .venv/bin/python bench/opendata.py
    PGOPTIONS="-c default_transaction_read_only=on" DATABASE_URL=postgres://…/LARGE_DB \
        .venv/bin/python bench/opendata.py --existing --include-demo --lists projects members --formats csv json

Runs on a throw-away SQLite file unless DATABASE_URL is set; ``--existing`` reads the database as it is (no
migrate, no reference data: a benchmark database that must stay read-only). Prints the package's build time,
size, query count and peak memory, then per list and format (all rows, no filters; ``--include-demo`` adds the
demo rows) the rows, CPU time, CPU time per row, wall time, size and the process's peak memory so far: a file
is read chunk by chunk as a client reads it, so a peak that stays flat while the files grow shows that a
download holds one chunk, not the list.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production mode (DEBUG off: no query log growing with the rows), as cpu.py runs.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="ascn-bench-")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from hub.opendata import downloads, package  # noqa: E402
from hub.opendata.datasets import datasets  # noqa: E402


def peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def consumed(response, fmt: str) -> tuple[int, int | None]:
    """(bytes, rows) of a response, read a piece at a time as a client reads it (never held whole). Rows: CSV
    lines end in CRLF (a line break inside a cell is LF), a JSON item is one line between "[" and "]";
    none counted in an XLSX file."""
    if fmt == "xlsx" or not response.streaming:  # a whole file
        return sum(len(piece) for piece in response.streaming_content), None
    end = b"\r\n" if fmt == "csv" else b"\n"
    size = lines = 0
    for piece in response.streaming_content:
        size += len(piece)
        lines += piece.count(end)
    return size, max(lines - (1 if fmt == "csv" else 2), 0)  # the header; "[" and "]" on lines of their own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--existing", action="store_true", help="read the database as it is (writes nothing)")
    parser.add_argument("--include-demo", action="store_true", help="the downloads with include_demo=true")
    parser.add_argument("--lists", nargs="*", help="only these lists (default: all)")
    parser.add_argument("--formats", nargs="*", default=list(downloads.FORMATS), choices=list(downloads.FORMATS))
    parser.add_argument("--repeat", type=int, default=2, help="downloads of each file; the last is shown")
    parser.add_argument("--no-package", action="store_true", help="skip the data package")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    if not args.existing:
        call_command("migrate", verbosity=0)
        call_command("loadreference", verbosity=0)
    extra = int(os.environ.get("BENCH_MEMBERS", "0"))
    if extra and not args.existing:
        from bench.generate import generate_members

        generate_members(extra)
    request = RequestFactory().get("/data/datapackage.zip")
    # The first build also imports the apps' API modules and reads their schemas once per process.
    for label in () if args.no_package else ("first build", "next build"):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            data = package.build(request)
            elapsed = time.perf_counter() - started
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        print(
            f"data package, {label}: {elapsed:.2f} s, {len(data) / 1024:.1f} KiB zipped "
            f"({unpacked / 1024:.1f} KiB unpacked), {len(queries)} queries, "
            f"peak {peak_mb():.0f} MB"
        )
    query = "?include_demo=true" if args.include_demo else ""
    print(f"{'list':18} {'fmt':4} {'rows':>8} {'cpu s':>7} {'µs/row':>7} {'wall s':>7} {'KiB':>9} {'peak MB':>8}")
    for name, dataset in datasets().items():
        if args.lists and name not in args.lists:
            continue
        for fmt in args.formats:
            get = RequestFactory().get(f"/data/{name}.{fmt}{query}")
            for _ in range(args.repeat):  # the last: the first of a process also compiles what it keeps
                cpu, wall = time.process_time(), time.perf_counter()
                size, rows = consumed(downloads.response(dataset, fmt, get), fmt)
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            per_row = f"{cpu / rows * 1e6:7.1f}" if rows else f"{'':7}"
            print(
                f"{name:18} {fmt:4} {rows if rows is not None else '':>8} {cpu:7.2f} {per_row} {wall:7.2f} "
                f"{size / 1024:9.1f} {peak_mb():8.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
