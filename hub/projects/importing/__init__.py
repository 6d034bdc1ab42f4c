"""Bulk import of projects and indicator values from CSV or XLSX, the way cities already keep them.

Two kinds of table, told apart by their headers (an XLSX file may hold one of each, a sheet each):

- projects: ``member`` (slug), ``title``, ``summary``, ``focus_areas`` (codes or names separated by
  ``;``), ``status``, ``start``, ``end``, ``language``, ``links`` (addresses separated by ``;``), and
  optionally ``slug``, ``local_title``, ``description``, ``partners``, ``funding``, ``sources``,
  ``confidence``, ``source_note``. A row whose slug (or member and title) names an existing project
  updates it; otherwise it creates one.
- indicator values: ``project`` (slug), ``indicator`` (name), ``unit``, ``period``, ``value``,
  ``source``, and optionally ``note``, ``label``, ``direction``, ``confidence``. An indicator that the
  project lacks is created with the row's unit; a value for a period the indicator already has is updated.

Every row is checked and every problem is reported with its line (the spreadsheet's row number, the header
being line 1) and its column (the header's name). The writes run with the services' rules (each row checked
against the importer's rights and the same validation as pages and API) in one transaction, which is rolled
back if any row fails, or always for a dry run: all or nothing. The projects are checked, then written; the
values part by part (PART_ROWS), a part checked while PostgreSQL stores the one before it (hub.core.streaming),
in the same transaction: a bad row in the last part undoes the first.

The parts: ``tables`` reads a file into tables (and holds Problem, Report, UnreadableFile), ``lookups``
reads what the checks need once per file, ``rows`` checks each row into a plan, ``batch`` writes the plans
in bulk (the same records, counts and change-log entries as the services), ``writing`` carries out a plan
through the services for the rows the bulk path leaves to them; ``run_import`` below ties them together.
Callers import from here (``from hub.projects.importing import run_import``).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

from django.db import transaction
from django.utils.translation import get_language

from hub.core import streaming
from hub.network.models import Member
from hub.projects.importing.batch import Writer
from hub.projects.importing.lookups import Lookups
from hub.projects.importing.rows import PlannedProject, Row, check_project, check_value
from hub.projects.importing.tables import MAX_ROWS, Problem, Report, Table, UnreadableFile, read_tables

__all__ = [
    "INLINE_ROWS",
    "MAX_ROWS",
    "Problem",
    "Progress",
    "Report",
    "Table",
    "UnreadableFile",
    "count_rows",
    "iter_problem_lines",
    "read_tables",
    "run_import",
]

# The import page runs a file of at most this many rows in the request (a second or two); a larger one as a
# background job (hub.jobs) with a progress page and an e-mail when it is done.
INLINE_ROWS = 200

# Progress: called with (rows checked, rows written, problems so far) every PROGRESS_EVERY rows.
Progress = Callable[[int, int, int], None]
PROGRESS_EVERY = 1000
# Value rows checked and written at a time (the rows of a part are written while the next part is checked).
PART_ROWS = 5000


class _Counter:
    def __init__(self, report: Report, progress: Progress | None):
        self.report, self.hook = report, progress
        self.checked = self.written = 0

    def checked_one(self) -> None:
        self.checked += 1
        if self.hook and self.checked % PROGRESS_EVERY == 0:
            self.tell()

    def written_one(self, n: int = 1) -> None:
        self.written += n
        if self.hook and self.written % PROGRESS_EVERY == 0:
            self.tell()

    def tell(self) -> None:
        if self.hook:
            self.hook(self.checked, self.written, len(self.report.problems))


def run_import(
    content: bytes,
    filename: str,
    *,
    actor,
    member: Member | None = None,
    dry_run: bool = False,
    via: str = "import",
    progress: Progress | None = None,
) -> Report:
    """Check and import a file; nothing is written unless every row of every table is right."""
    # A file makes a few small objects per row that live until the end (rows, plans, log entries): the
    # cyclic garbage collector would walk them all again and again (a third of the time at 50,000 rows),
    # and none of them forms a cycle. It runs again, once, when the import is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(content, filename, actor, member, dry_run, via, progress)
    finally:
        if collecting:
            gc.enable()


def _run(content, filename, actor, member, dry_run, via, progress) -> Report:
    report = Report(dry_run=dry_run)
    problems = report.problems
    counter = _Counter(report, progress)
    tables = read_tables(content, filename, problems)
    lookups = Lookups(actor, member).load(tables)
    language = get_language()
    planned_slugs: dict[str, int] = {}
    project_plans: list[PlannedProject] = []
    for table in tables:
        if table.kind == "projects":  # before the values, which may name them
            for line, cells in table.rows:
                project_plans.append(check_project(Row(table, line, cells, problems, language), lookups, planned_slugs))
                counter.checked_one()
    failed = {(p.table, p.line) for p in problems}  # the rows not to write (found when read, or checked)
    with transaction.atomic():
        writer = Writer(actor=actor, via=via, report=report, lookups=lookups, progress=counter.written_one)
        writer.projects([p for p in project_plans if (p.row.table.name, p.row.line) not in failed])
        # The values part by part: each part checked and planned while PostgreSQL stores the one before it, sent
        # by hub.core.streaming's thread (one transaction still: rolled back below if any row of any part fails).
        values = [table for table in tables if table.kind == "values"]
        writer.reserve_for(values)  # keys drawn now: no part waits for a query (PostgreSQL)
        with streaming.copies():
            writer.load_values_of({cells.get("project", "") for table in values for _line, cells in table.rows})
            writer.hold_signals()
            for table in values:
                for start in range(0, len(table.rows), PART_ROWS):
                    checked = len(problems)
                    plans = []
                    for line, cells in table.rows[start : start + PART_ROWS]:
                        plans.append(check_value(Row(table, line, cells, problems, language), lookups, planned_slugs))
                        counter.checked_one()
                    failed.update((p.table, p.line) for p in problems[checked:])
                    writer.values([p for p in plans if (p.row.table.name, p.row.line) not in failed])
            writer.send_held()
        if report.problems or dry_run:
            transaction.set_rollback(True)
        else:
            report.written = True
    counter.tell()
    report.problems.sort(key=lambda p: (p.table, p.line))
    return report


def count_rows(content: bytes, filename: str) -> int:
    """How many rows the file's tables hold (UnreadableFile if it cannot be read at all)."""
    return sum(len(table.rows) for table in read_tables(content, filename, []))


def iter_problem_lines(report: Report) -> Iterator[str]:
    for problem in report.problems:
        yield str(problem)
