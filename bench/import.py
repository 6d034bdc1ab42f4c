"""Benchmark: the bulk import of projects and indicator values (hub.projects.importing.run_import) beside a
raw PostgreSQL COPY of the same rows, in the same run.

    DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/SCRATCH_DB .venv/bin/python bench/import.py
    BENCH_VALUES=50000 BENCH_PROJECTS=500 ... .venv/bin/python bench/import.py

Needs PostgreSQL (a scratch database: the imported rows stay in it). The database is migrated and the
reference data loaded; a Secretariat account imports, as on the page. Generated (deterministic, seed
BENCH_SEED): a CSV of BENCH_PROJECTS projects of the real members (slugs and titles marked "bench"), and
a CSV of BENCH_VALUES indicator values of them (4 indicators a project, monthly periods). Timed:

1. the projects file (created);
2. the values file: every value created, with its indicators (the figure of issue 10: values/s);
3. the same values file again: every value read, compared and found unchanged;
4. the same values with other figures: every value updated;
   and BENCH_PER_ROW (2,000) new values through the services row by row, as the import wrote before (0: skip);
5. the raw COPY of the values file (the same bytes) into a plain table of the file's columns, committed: what
   PostgreSQL needs to store the rows at all (the physical limit; no check, index or change log).

Each import runs the whole public path (read, check every row, write, change log) in its transaction, and
its result is checked (no problem, the counts expected) so that a figure is never that of a failed run.
BENCH_PART_ROWS sets the value rows a part (hub.projects.importing.PART_ROWS; the import's own by default).
BENCH_PROFILE=/tmp/import-prof writes a cProfile of each import there (read with ``python -m pstats``).
Beside each wall time: the CPU seconds of this process and of its PostgreSQL backend (read from /proc when the
server runs on this machine): on a shared machine the wall time mostly measures the other work, the CPU the
import's own cost ("values created per CPU second (hub + PostgreSQL)"). Also beside it: how long PostgreSQL waited
for the next rows while the hub made them (hub.core.streaming.LAST: the pipeline's gaps, which the wall time pays
on a quiet machine) and how long the hub waited for PostgreSQL. The PostgreSQL CPU of the import's COMMIT
is printed apart (deferred foreign-key checks; the values' two keys are checked at the end of each COPY instead,
hub.core.streaming, and the change log has none), and "values created per CPU second of PostgreSQL alone" is
the ceiling of the rate: one transaction runs in one backend, on one core, whatever the hub does beside it (the
import makes the next part of the file while PostgreSQL stores the last one, so the wall time tends to the
larger of the two CPU times, not their sum, on a machine with a core free for each).
"""

from __future__ import annotations

import cProfile
import io
import os
import random
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")  # development settings, as `make bench` runs them

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from hub.accounts.models import User  # noqa: E402
from hub.core import streaming  # noqa: E402
from hub.core.models import ChangeEntry  # noqa: E402
from hub.network.models import Member, Role, RoleTerm  # noqa: E402
from hub.projects.importing import run_import  # noqa: E402
from hub.projects.models import FOCUS_AREAS  # noqa: E402

EMAIL = "bench-import@example.org"
UNITS = ["users", "reports", "km", "percent"]
CPU: dict[str, float] = {}  # CPU seconds of this process per import: the rate where the machine is shared
SERVER_CPU: dict[str, float | None] = {}  # and of its PostgreSQL backend (None: not readable here)


def importer() -> User:
    user = User.objects.filter(email=EMAIL).first()
    if user is not None:
        return user
    term = (
        RoleTerm.objects.held_on(timezone.localdate())
        .filter(role=Role.SECRETARIAT, organisation__isnull=False)
        .order_by("-start_date", "pk")
        .first()
    )
    return User.objects.create_user(email=EMAIL, password=None, organisation=term.organisation, name="Bench")


def projects_csv(count: int, run: str, rng: random.Random) -> tuple[bytes, list[str]]:
    members = list(Member.objects.order_by("slug").values_list("slug", flat=True))
    codes = [code for code, _name in FOCUS_AREAS]
    lines = ["member,slug,title,summary,focus_areas,status,start,language,links"]
    slugs = []
    for i in range(count):
        slug = f"bench-{run}-{i}"
        slugs.append(slug)
        areas = ";".join(rng.sample(codes, rng.randint(1, 3)))
        lines.append(
            f"{rng.choice(members)},{slug},Bench project {run} {i},Generated by bench/import.py.,{areas},"
            f"ongoing,{rng.randint(2018, 2025)},en,https://example.org/{slug}"
        )
    return ("\n".join(lines) + "\n").encode(), slugs


def values_csv(count: int, slugs: list[str], rng: random.Random, scale: int = 1) -> tuple[bytes, int]:
    """``count`` values of the projects, and how many indicators they name."""
    lines = ["project,indicator,unit,period,value,source,note"]
    per_indicator = max(1, count // (len(slugs) * len(UNITS)) + 1)
    written = indicators = 0
    for slug in slugs:
        for k, unit in enumerate(UNITS):
            indicators += written < count
            for m in range(per_indicator):
                if written == count:
                    break
                period = f"{2000 + m // 12}-{m % 12 + 1:02d}"
                value = rng.randint(0, 100_000) * scale
                lines.append(f"{slug},Indicator {k},{unit},{period},{value},https://example.org/{slug},")
                written += 1
    return ("\n".join(lines) + "\n").encode(), indicators


_PID: list[int] = []  # this connection's backend (one connection for the whole run)


def server_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (read from /proc when the server runs on
    this machine and the file is readable; None otherwise): with the hub process's own CPU, the cost of an import
    on a machine shared with other work, where the wall time mostly measures the others."""
    if not _PID:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _PID.append(cursor.fetchone()[0])
    pid = _PID[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


COMMIT_CPU: dict[str, float] = {}  # PostgreSQL's CPU in each import's COMMIT: the deferred foreign-key checks


def timed_import(content: bytes, user: User, label: str, expect: dict[str, dict[str, int]]) -> float:
    entries = ChangeEntry.objects.count()
    profile = os.environ.get("BENCH_PROFILE")
    profiler = cProfile.Profile() if profile else None
    server = server_cpu()
    committing = [0.0]
    commit = connection._commit

    def timed_commit():  # the import's own transaction ends here: its foreign keys are checked (DEFERRED)
        before = server_cpu()
        commit()
        if before is not None:
            committing[0] += server_cpu() - before

    connection._commit = timed_commit
    streaming.LAST.update(idle=0.0, waited=0.0)
    start, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    try:
        report = run_import(content, f"{label}.csv", actor=user, via="command")
    finally:
        del connection._commit
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if server is not None:
        server = server_cpu() - server
    if profiler:
        profiler.disable()
        Path(profile).mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(Path(profile) / f"{label.split()[0]}-{label.split()[-1].strip('()')}.prof")
    if not report.ok or not report.written:
        raise SystemExit(f"{label}: the import failed: {[str(p) for p in report.problems[:5]]}")
    for kind, counts in expect.items():
        got = {k: report.counts.get(kind, {}).get(k, 0) for k in counts}
        if got != counts:
            raise SystemExit(f"{label}: expected {kind} {counts}, got {got}")
    idle, waited = streaming.LAST["idle"], streaming.LAST["waited"]
    logged = ChangeEntry.objects.count() - entries
    on_server = f", of PostgreSQL {server:5.2f} s, {committing[0]:4.2f} s of it in COMMIT" if server is not None else ""
    COMMIT_CPU[label] = committing[0]
    print(
        f"  {label:<28} {seconds:7.2f} s  (CPU of this process {cpu:5.2f} s{on_server})  "
        f"{'; '.join(report.summary())}; {logged} change-log entries; "
        f"PostgreSQL waited for rows {idle:4.2f} s, the hub for PostgreSQL {waited:4.2f} s"
    )
    CPU[label] = cpu
    SERVER_CPU[label] = server
    return seconds


def raw_copy(content: bytes) -> float:
    """COPY of the file's bytes into a plain table of its columns (logged, as the hub's tables are), committed:
    what PostgreSQL itself needs to store the same rows durably, with no check, no index and no change log."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_values")
        cursor.execute(
            "CREATE TABLE bench_raw_values (project text, indicator text, unit text, period text, "
            "value numeric, source text, note text)"
        )
    server = server_cpu()
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.copy("COPY bench_raw_values FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            copy.write(content)
    seconds = time.perf_counter() - start
    SERVER_CPU["raw COPY"] = server_cpu() - server if server is not None else None
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw_values")
    return seconds


def main() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("bench/import.py compares with PostgreSQL's COPY: set DATABASE_URL to a scratch database.")
    n_values = int(os.environ.get("BENCH_VALUES", "50000"))
    n_projects = int(os.environ.get("BENCH_PROJECTS", "500"))
    seed = int(os.environ.get("BENCH_SEED", "7"))
    command = " ".join(
        [
            f"{k}={shlex.quote(os.environ[k])}"
            for k in ("BENCH_VALUES", "BENCH_PROJECTS", "BENCH_SEED", "BENCH_PER_ROW", "BENCH_PART_ROWS")
            if k in os.environ
        ]
        + [".venv/bin/python", "bench/import.py"]
    )
    if not os.environ.get("BENCH_NO_SETUP"):  # set it on a database that a first run has set up
        call_command("migrate", verbosity=0)
        call_command("loadreference", stdout=io.StringIO())
    if os.environ.get("BENCH_PART_ROWS"):
        from hub.projects import importing

        importing.PART_ROWS = int(os.environ["BENCH_PART_ROWS"])
    user = importer()
    rng = random.Random(seed)
    run = f"{seed}-{int(time.time())}"
    projects, slugs = projects_csv(n_projects, run, rng)
    values, n_indicators = values_csv(n_values, slugs, rng)
    changed, _n = values_csv(n_values, slugs, random.Random(seed + 1), scale=3)
    print(f"bench/import.py: {n_projects} projects, {n_values} indicator values (DATABASE_URL=postgres://…)")
    seconds_projects = timed_import(projects, user, "projects (created)", {"projects": {"created": n_projects}})
    expect_new = {"values": {"created": n_values}, "indicators": {"created": n_indicators}}
    seconds_new = timed_import(values, user, "values (created)", expect_new)
    seconds_same = timed_import(values, user, "values (unchanged)", {"values": {"unchanged": n_values}})
    seconds_changed = timed_import(changed, user, "values (updated)", {"values": {"updated": n_values}})
    per_row = int(os.environ.get("BENCH_PER_ROW", "2000"))
    seconds_per_row = 0.0
    if per_row:
        # The same kind of file through the services row by row (every row sent down writing.py's path, as
        # the import wrote before the bulk path): the "before" figure, measured in the same run.
        from hub.projects.importing import batch

        few, n_few = values_csv(per_row, slugs[: max(1, per_row // 100)], random.Random(seed + 2))
        few = few.replace(b",Indicator ", b",Per-row indicator ")
        original, batch._value_fine = batch._value_fine, lambda data: False
        try:
            seconds_per_row = timed_import(
                few,
                user,
                "values, per row (before)",
                {"values": {"created": per_row}, "indicators": {"created": n_few}},
            )
        finally:
            batch._value_fine = original
    seconds_copy = raw_copy(values)
    copy_server = SERVER_CPU["raw COPY"]
    on_server = f"  (CPU of PostgreSQL {copy_server:5.2f} s)" if copy_server is not None else ""
    print(f"  {'raw COPY of the values file':<28} {seconds_copy:7.2f} s{on_server}")
    rate = n_values / seconds_new
    copy_rate = n_values / seconds_copy
    print()
    print(f"projects created:  {n_projects / seconds_projects:>10,.0f} projects/s")
    print(
        f"values created:    {rate:>10,.0f} values/s   (target 50,000; "
        f"{n_values / CPU['values (created)']:,.0f} values per CPU second of the hub's process)"
    )
    print(f"values unchanged:  {n_values / seconds_same:>10,.0f} values/s")
    print(f"values updated:    {n_values / seconds_changed:>10,.0f} values/s")
    if per_row:
        print(f"values, per row:   {per_row / seconds_per_row:>10,.0f} values/s   (the services row by row, as before)")
    print(f"raw COPY:          {copy_rate:>10,.0f} values/s")
    created_server = SERVER_CPU["values (created)"]
    if created_server is not None and copy_server:
        # On a shared machine: what the import and the COPY cost in CPU, hub process and PostgreSQL together.
        both = CPU["values (created)"] + created_server
        print(
            f"values created per CPU second (hub + PostgreSQL): {n_values / both:,.0f}; "
            f"raw COPY per CPU second of PostgreSQL: {n_values / copy_server:,.0f}"
        )
        # One transaction is one PostgreSQL backend, one core: its CPU alone bounds the rate, however fast the
        # hub's part (which runs beside it, in the hub's own process) and however quiet the machine.
        print(
            f"values created per CPU second of PostgreSQL alone: {n_values / created_server:,.0f} (the most this "
            f"import can reach; {COMMIT_CPU['values (created)']:.2f} s of its {created_server:.2f} s in COMMIT)"
        )
    print(f"hub ÷ COPY:        {rate / copy_rate:>10.3f}   (COPY is {copy_rate / rate:.1f}× faster)")
    print(f"command: DATABASE_URL=postgres://…/SCRATCH_DB {command}")


if __name__ == "__main__":
    main()
