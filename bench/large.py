"""Generate the large benchmark network into a database of its own (issue 10's size by default).

    DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/ascn_large .venv/bin/python bench/large.py
    ... bench/large.py --members 2000 --projects 50000 --cycles 8 --values 5000000 --seed 7

Migrates, loads the reference data and the demo data (``loaddemo``), then tops the network up with
generated demo rows (bench/generate.py: generate_network) and ANALYZEs. Refuses a database that already
has generated projects (drop and create it again). Prints what it made and how long each step took.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.generate import generate_network  # noqa: E402
from hub.projects.models import Project  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--cycles", type=int, default=8)
    parser.add_argument("--values", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-demo", action="store_true", help="reference data only before generating")
    args = parser.parse_args()
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("loadreference", stdout=io.StringIO())
    if Project.objects.filter(slug__startswith="bench-project-").exists():
        raise SystemExit("This database has generated projects already: use an empty one.")
    if not args.no_demo:
        call_command("loaddemo", stdout=io.StringIO())
    print(f"migrate, reference and demo data: {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    made = generate_network(
        members=args.members, projects=args.projects, cycles=args.cycles, values=args.values, seed=args.seed
    )
    print(f"generated in {time.perf_counter() - t0:.1f} s: {made}", flush=True)
    t0 = time.perf_counter()
    after_generate()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"derived data and ANALYZE: {time.perf_counter() - t0:.1f} s", flush=True)


def after_generate() -> None:
    """Derived data the generator's bulk rows bypassed: the dashboards' tallies."""
    from hub.monitoring.tallies import rebuild

    rebuild()


if __name__ == "__main__":
    main()
