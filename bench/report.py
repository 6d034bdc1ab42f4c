"""Benchmark: time and peak memory to build the annual M&E report (PDF, XLSX, CSV) for the reference
data and, with BENCH_PROJECTS set, for generated demo data (1,000 demo members and that many demo
projects, 80 % of them with an accepted update in each of two cycles).

    .venv/bin/python bench/report.py                       # reference data only
    BENCH_PROJECTS=20000 .venv/bin/python bench/report.py  # plus demo data (about a minute)
    DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/SCRATCH_DB BENCH_PROJECTS=20000 .venv/bin/python bench/report.py
    DATABASE_URL=postgres://...LARGE_DB BENCH_EXISTING=1 .venv/bin/python bench/report.py   # as it is (bench/large.py)

Runs on a throw-away SQLite file unless DATABASE_URL is set (then use a scratch database: the demo
data stays in it). Each line gives the build (the data, with its query count) and each format's time,
size and peak resident memory. Where the system can fork, the demo data is generated in a child process
and each format is rendered in its own child, so a peak is that of building the data (the main
process) or of one format (its child: the built data plus what rendering adds), not of the generator.
A second line adds each format's time to the build's: a file end to end (issue 10, target 4: the PDF
within 10 s, the XLSX within 5 s at the large size), in wall and CPU time.

    BENCH_PROFILE=/tmp/report-prof BENCH_PROJECTS=20000 .venv/bin/python bench/report.py

writes a cProfile of each step to that folder (build-*.prof, pdf-*.prof, ...; read them with
``python -m pstats``); the times printed are then those under the profiler, about twice as long.
"""

from __future__ import annotations

import cProfile
import io
import os
import random
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="ascn-bench-")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.generate import generate_members  # noqa: E402
from hub.monitoring import report, services, update_order  # noqa: E402
from hub.monitoring.models import ProgressUpdate, ReportingCycle  # noqa: E402
from hub.monitoring.report import pdf, sheets  # noqa: E402, F401  (imported once, not in each format's time)
from hub.network.models import Member  # noqa: E402
from hub.projects.models import FocusArea, Project  # noqa: E402


def cycle(end_year: int) -> ReportingCycle:
    found = ReportingCycle.objects.filter(end_year=end_year).first()
    found = found or services.create_cycle(actor="bench", end_year=end_year)
    return services.open_cycle(actor="bench", cycle=found)


T = TypeVar("T")


def peak_mb() -> float:
    """This process's peak resident memory (Linux counts kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def apart(step: Callable[[], str]) -> str:
    """Run step in a forked child, so that its peak memory is its own; its report comes back by a pipe."""
    if not hasattr(os, "fork"):
        return step()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        os.close(read)
        try:
            text = step()
        except BaseException:
            traceback.print_exc()
            text = "failed"
        os.write(write, text.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    os.waitpid(pid, 0)
    return text


def profiled(name: str, step: Callable[[], T]) -> T:
    """step(), under cProfile when BENCH_PROFILE names a folder (the profile goes there as name.prof)."""
    folder = os.environ.get("BENCH_PROFILE")
    if not folder:
        return step()
    Path(folder).mkdir(parents=True, exist_ok=True)
    profile = cProfile.Profile()
    try:
        return profile.runcall(step)
    finally:
        profile.dump_stats(Path(folder) / f"{name}.prof")


def timed(label: str, target: ReportingCycle, tag: str) -> None:
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        t0, c0 = time.perf_counter(), time.process_time()
        data = profiled(f"build-{tag}", lambda: report.build(target))
        build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    parts = [f"{label}: build {build:.2f} s, CPU {build_cpu:.2f} s ({len(queries)} queries, peak {peak_mb():.0f} MB)"]

    # CPU time (this process's, not the database server's) beside wall time: steadier on a shared machine.
    def render(fmt: str) -> str:
        t0, c0 = time.perf_counter(), time.process_time()
        rendered = profiled(f"{fmt}-{tag}", lambda: report.render(target, fmt, data=data))
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        return f"{fmt} {took:.2f} s, CPU {cpu:.2f} s, {len(rendered.content) / 1e6:.2f} MB (peak {peak_mb():.0f} MB)"

    ends = []  # build + format: what a download of the file costs end to end (issue 10, target 4)
    for fmt in ("pdf", "xlsx", "csv"):
        text = apart(lambda fmt=fmt: render(fmt))
        parts.append(text)
        words = text.split()
        if len(words) > 4 and words[2] == "s,":
            took, cpu = float(words[1]), float(words[4])
            ends.append(f"{fmt} {build + took:.2f} s (CPU {build_cpu + cpu:.2f} s)")
    print("; ".join(parts), flush=True)
    print(f"{label}: end to end (build + file): " + ", ".join(ends), flush=True)


def demo_data(count: int, cycles: list[ReportingCycle]) -> None:
    generate_members(1000)
    rng = random.Random(7)
    members = list(Member.objects.filter(is_demo=True))
    areas = list(FocusArea.objects.all())
    now = timezone.now()
    with transaction.atomic():
        projects = Project.objects.bulk_create(
            Project(
                slug=f"demo-project-{i}",
                member=rng.choice(members),
                title=f"Demo project {i}",
                is_demo=True,
                status=rng.choice(["planning", "ongoing", "ongoing", "completed"]),
                start_date=date(rng.randint(2018, 2024), 1, 1),
                start_precision="year",
                confidence="low",
                source_note="Demo data generated by bench/report.py",
            )
            for i in range(count)
        )
        through = Project.focus_areas.through
        through.objects.bulk_create(through(project_id=p.pk, focusarea_id=rng.choice(areas).pk) for p in projects)
        for target in cycles:
            ProgressUpdate.objects.bulk_create(
                ProgressUpdate(
                    project=p,
                    cycle=target,
                    state="accepted",
                    status=rng.choice(["ongoing", "completed"]),
                    progress=rng.randint(0, 100),
                    narrative=f"Demo narrative {p.pk}",
                    challenges="Demo challenge",
                    milestones=["Demo milestone"],
                    accepted_at=now,
                    is_demo=True,
                )
                for p in projects
                if rng.random() < 0.8
            )
        update_order.refresh()  # the list's sort copies, which bulk_create leaves empty


def existing() -> None:
    """BENCH_EXISTING=1: the database as it is (e.g. bench/large.py's), its latest closed cycle."""
    from hub.network.models import Member

    target = ReportingCycle.objects.filter(state="closed").order_by("-end_date").first()
    if target is None:
        raise SystemExit("No closed cycle in this database.")
    sizes = f"{Member.objects.count():,} members, {Project.objects.count():,} projects"
    timed(f"this database ({sizes}), cycle {target.slug}", target, "existing")


def main() -> None:
    if os.environ.get("BENCH_EXISTING"):
        return existing()
    call_command("migrate", verbosity=0)
    call_command("loadreference", stdout=io.StringIO())
    later, earlier = cycle(2025), cycle(2024)
    timed("reference data, cycle 2024-2025", later, "reference")
    count = int(os.environ.get("BENCH_PROJECTS", "0"))
    if count:
        connection.close()  # the child opens its own
        done = apart(lambda: demo_data(count, [earlier, later]) or "done")
        if done != "done":
            raise SystemExit("Generating the demo data failed.")
        timed(f"1,000 demo members and {count} demo projects", later, "demo")


if __name__ == "__main__":
    main()
