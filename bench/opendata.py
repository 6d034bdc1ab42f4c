"""Benchmark: the open data package (every public list as CSV + datapackage.json, zipped) and each list's
downloads, on the reference data (and, with BENCH_MEMBERS set, that many generated demo members, which the
package leaves out but still reads past).

    .venv/bin/python bench/opendata.py
    BENCH_MEMBERS=5000 .venv/bin/python bench/opendata.py
    DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/SCRATCH_DB .venv/bin/python bench/opendata.py

Runs on a throw-away SQLite file unless DATABASE_URL is set. Prints the package's build time, size, query
count and peak memory, then each list's rows and CSV / XLSX / JSON time and size (all rows, no filters).
"""

from __future__ import annotations

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


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.getvalue()


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("loadreference", verbosity=0)
    extra = int(os.environ.get("BENCH_MEMBERS", "0"))
    if extra:
        from bench.generate import generate_members

        generate_members(extra)
    request = RequestFactory().get("/data/datapackage.zip")
    # The first build also imports the apps' API modules and reads their schemas once per process.
    for label in ("first build", "next build"):
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
    for name, dataset in datasets().items():
        line = [f"{name:18}"]
        for fmt in downloads.FORMATS:
            get = RequestFactory().get(f"/data/{name}.{fmt}")
            started = time.perf_counter()
            size = len(body(downloads.response(dataset, fmt, get)))
            line.append(f"{fmt} {time.perf_counter() - started:.2f} s {size / 1024:.1f} KiB")
        print("  ".join(line))


if __name__ == "__main__":
    main()
