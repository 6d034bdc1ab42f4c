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

Everything is checked first and every problem is reported with its line (the spreadsheet's row number,
the header being line 1) and its column (the header's name). The writes then run through the services
(so each row is checked against the importer's rights and the same rules as pages and API) in one
transaction, which is rolled back if any row fails, or always for a dry run: all or nothing.

The parts: ``tables`` reads a file into tables (and holds Problem, Report, UnreadableFile), ``rows``
checks each row into a plan, ``writing`` carries the plans out through the services; ``run_import``
below ties them together. Callers import from here (``from hub.projects.importing import run_import``).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction

from hub.network.models import Member
from hub.projects.importing.rows import PlannedProject, PlannedValue, Row, check_project, check_value, focus_area_codes
from hub.projects.importing.tables import MAX_ROWS, Problem, Report, Table, UnreadableFile, read_tables
from hub.projects.importing.writing import write_project, write_value

__all__ = [
    "MAX_ROWS",
    "Problem",
    "Report",
    "Table",
    "UnreadableFile",
    "iter_problem_lines",
    "read_tables",
    "run_import",
]


def run_import(
    content: bytes,
    filename: str,
    *,
    actor,
    member: Member | None = None,
    dry_run: bool = False,
    via: str = "import",
) -> Report:
    """Check and import a file; nothing is written unless every row of every table is right."""
    report = Report(dry_run=dry_run)
    problems = report.problems
    tables = read_tables(content, filename, problems)
    members = {m.slug: m for m in Member.objects.all()}
    focus_lookup = focus_area_codes()
    planned_slugs: dict[str, int] = {}
    project_plans: list[PlannedProject] = []
    value_plans: list[PlannedValue] = []
    for table in sorted(tables, key=lambda t: t.kind != "projects"):  # projects before their values
        for line, cells in table.rows:
            row = Row(table, line, cells, problems)
            if table.kind == "projects":
                project_plans.append(check_project(row, actor, member, members, focus_lookup, planned_slugs))
            else:
                value_plans.append(check_value(row, actor, member, planned_slugs))
    failed = {(p.table, p.line) for p in problems}
    with transaction.atomic():
        for plan in project_plans:
            if (plan.row.table.name, plan.row.line) not in failed:
                write_project(plan, actor, via, report)
        for plan in value_plans:
            if (plan.row.table.name, plan.row.line) not in failed:
                write_value(plan, actor, via, report, member)
        if report.problems or dry_run:
            transaction.set_rollback(True)
        else:
            report.written = True
    report.problems.sort(key=lambda p: (p.table, p.line))
    return report


def iter_problem_lines(report: Report) -> Iterator[str]:
    for problem in report.problems:
        yield str(problem)
