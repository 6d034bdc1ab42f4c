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
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub.core.dates import PartialDate
from hub.core.models import Confidence
from hub.network.models import Member
from hub.projects import policies, services
from hub.projects.models import Direction, FocusArea, Indicator, IndicatorValue, Language, Project, ProjectStatus
from hub.projects.periods import parse_period

MAX_ROWS = 5000
PROJECT_COLUMNS = {
    "member",
    "title",
    "summary",
    "focus_areas",
    "status",
    "start",
    "end",
    "language",
    "links",
    "slug",
    "local_title",
    "description",
    "partners",
    "funding",
    "sources",
    "confidence",
    "source_note",
}
VALUE_COLUMNS = {
    "project",
    "indicator",
    "unit",
    "period",
    "value",
    "source",
    "note",
    "label",
    "direction",
    "confidence",
}
REQUIRED = {"projects": ["member", "title", "focus_areas"], "values": ["project", "indicator", "period", "value"]}
ALIASES = {
    "member_slug": "member",
    "focus_area": "focus_areas",
    "project_slug": "project",
    "indicator_name": "indicator",
    "sources": "sources",
    "link": "links",
    "partners_text": "partners",
}
# Model field -> the column a service's message belongs to.
FIELD_COLUMNS = {
    "projects": {
        "start_date": "start",
        "start_precision": "start",
        "end_date": "end",
        "end_precision": "end",
        "partners_text": "partners",
        "__all__": "",
    },
    "values": {
        "period_start": "period",
        "period_end": "period",
        "period_label": "period",
        "undated": "period",
        "name": "indicator",
        "sources": "source",
        "__all__": "",
    },
}

_url = URLValidator(schemes=["http", "https"])


class UnreadableFile(Exception):
    """The file cannot be read at all (not CSV or XLSX, no header, too many rows)."""


@dataclass(frozen=True)
class Problem:
    table: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.table}, line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


@dataclass
class Report:
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[outcome] += 1

    def summary(self) -> list[str]:
        lines = []
        for kind, c in self.counts.items():
            lines.append(f"{kind}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged")
        return lines


@dataclass
class Table:
    name: str  # what reports call it: the file name, or "file.xlsx, sheet 'values'"
    kind: str  # "projects" or "values"
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line, cells by column)


# --- reading files ---------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _normalise(header: str) -> str:
    name = "_".join(str(header or "").strip().lower().replace("-", " ").split())
    return ALIASES.get(name, name)


def _table(name: str, raw_rows: Iterable[list[Any]], problems: list[Problem]) -> Table | None:
    iterator = iter(raw_rows)
    header_row = None
    for header_row in iterator:
        if any(_cell_text(c) for c in header_row):
            break
    else:
        header_row = None
    if header_row is None:
        problems.append(Problem(name, 1, "", _("The table is empty: the first line must name the columns.")))
        return None
    headers = [_normalise(_cell_text(h)) for h in header_row]
    kind = "values" if "indicator" in headers or "value" in headers else "projects"
    allowed = VALUE_COLUMNS if kind == "values" else PROJECT_COLUMNS
    seen = set()
    for header in headers:
        if not header:
            continue
        if header not in allowed:
            problems.append(
                Problem(
                    name,
                    1,
                    header,
                    _("Unknown column. Known columns: %(cols)s.") % {"cols": ", ".join(sorted(allowed))},
                )
            )
        if header in seen:
            problems.append(Problem(name, 1, header, _("This column appears twice.")))
        seen.add(header)
    for required in REQUIRED[kind]:
        if required not in headers:
            problems.append(Problem(name, 1, required, _("Required column is missing.")))
    rows = []
    for index, raw in enumerate(iterator, start=2):
        cells = {h: _cell_text(raw[i]) if i < len(raw) else "" for i, h in enumerate(headers) if h}
        if any(cells.values()):
            rows.append((index, cells))
        if len(rows) > MAX_ROWS:
            raise UnreadableFile(
                _("%(name)s has more than %(max)s rows; split the file.") % {"name": name, "max": MAX_ROWS}
            )
    return Table(name, kind, headers, rows)


def read_tables(content: bytes, filename: str, problems: list[Problem]) -> list[Table]:
    """The tables of a CSV (one) or XLSX (one per sheet that has data) file."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx" or content[:2] == b"PK":
        return _read_xlsx(content, filename, problems)
    if suffix not in {".csv", ".txt", ""}:
        raise UnreadableFile(_("Upload a CSV (.csv) or Excel (.xlsx) file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(_("The CSV file is not UTF-8 text; save it as 'CSV UTF-8'.")) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    table = _table(Path(filename).name, csv.reader(io.StringIO(text), dialect), problems)
    return [table] if table else []


def _read_xlsx(content: bytes, filename: str, problems: list[Problem]) -> list[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableFile(_("The file is not a readable Excel workbook (.xlsx).")) from exc
    tables = []
    try:
        for sheet in workbook.worksheets:
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            if not any(any(_cell_text(c) for c in r) for r in rows):
                continue
            table = _table(f"{Path(filename).name}, sheet '{sheet.title}'", rows, problems)
            if table:
                tables.append(table)
    finally:
        workbook.close()
    if not tables and not problems:
        problems.append(Problem(Path(filename).name, 1, "", _("The workbook has no data.")))
    return tables


# --- checking rows ---------------------------------------------------------------------------------


@dataclass
class Row:
    table: Table
    line: int
    cells: dict[str, str]
    problems: list[Problem]

    def error(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.table.name, self.line, column, message))

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            self.error(column, _("A value is required."))
        return value

    def choice(self, column: str, choices, default: str) -> str:
        value = self.get(column).lower()
        if not value:
            return default
        by_label = {str(label).lower(): v for v, label in choices.choices}
        if value in choices.values:
            return value
        if value in by_label:
            return by_label[value]
        self.error(
            column, _("'%(value)s' is not one of %(choices)s.") % {"value": value, "choices": ", ".join(choices.values)}
        )
        return default

    def partial_date(self, column: str) -> PartialDate | None:
        value = self.get(column)
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            self.error(column, str(exc))
            return None

    def urls(self, column: str) -> list[str]:
        found = []
        for part in self.get(column).replace("\n", ";").split(";"):
            part = part.strip()
            if not part:
                continue
            try:
                _url(part)
            except ValidationError:
                self.error(column, _("'%(url)s' is not a web address (http or https).") % {"url": part})
                continue
            found.append(part)
        return found


def _focus_lookup() -> dict[str, str]:
    lookup = {}
    for fa in FocusArea.objects.all():
        for key in (fa.code, fa.name.lower(), slugify(fa.name)):
            lookup[key] = fa.code
    return lookup


@dataclass
class PlannedProject:
    row: Row
    project: Project | None
    data: dict[str, Any]
    focus: list[str]


@dataclass
class PlannedValue:
    row: Row
    project_slug: str
    indicator_name: str
    unit: str
    direction: str
    data: dict[str, Any]


def _check_project(row: Row, actor, only_member: Member | None, members, focus_lookup, planned_slugs) -> PlannedProject:
    member_slug = row.get("member") or (only_member.slug if only_member else "")
    member = members.get(member_slug)
    if not member_slug:
        row.error("member", _("A value is required."))
    elif member is None:
        row.error("member", _("No member has the slug '%(slug)s'.") % {"slug": member_slug})
    elif only_member and member.pk != only_member.pk:
        row.error("member", _("This import is for %(member)s only.") % {"member": only_member.name})
    elif not policies.can_create_project_for(actor, member):
        row.error("member", _("You may not add or edit projects of %(member)s.") % {"member": member.name})
    title = row.required("title")
    focus = []
    for part in row.get("focus_areas").split(";"):
        part = part.strip()
        if not part:
            continue
        code = focus_lookup.get(part.lower()) or focus_lookup.get(slugify(part))
        if code is None:
            row.error("focus_areas", _("Unknown focus area '%(area)s'.") % {"area": part})
        elif code not in focus:
            focus.append(code)
    if not focus and row.get("focus_areas") == "":
        row.error("focus_areas", _("A value is required: one or more focus areas separated by ';'."))
    start, end = row.partial_date("start"), row.partial_date("end")
    if start and end and end.last_day < start.first_day:
        row.error("end", _("The end comes before the start."))
    slug = row.get("slug")
    existing = None
    if slug:
        existing = Project.objects.select_related("member").filter(slug=slug).first()
    elif member is not None and title:
        existing = Project.objects.select_related("member").filter(member=member, title=title).first()
    if existing is None:
        slug = slug or slugify(title)[:100]
    else:
        slug = existing.slug
    if slug in planned_slugs:
        row.error(
            "slug" if row.get("slug") else "title",
            _("Line %(line)s already imports this project.") % {"line": planned_slugs[slug]},
        )
    planned_slugs.setdefault(slug, row.line)
    data: dict[str, Any] = {
        "member": member,
        "title": title,
        "status": row.choice("status", ProjectStatus, ProjectStatus.PLANNING),
        "language": row.choice("language", Language, Language.EN),
        "start_date": start.first_day if start else None,
        "start_precision": start.precision if start else "",
        "end_date": end.first_day if end else None,
        "end_precision": end.precision if end else "",
        "links": [{"url": u, "label": ""} for u in row.urls("links")],
    }
    if existing is None:
        data["slug"] = slug
    for column, name in (
        ("summary", "summary"),
        ("local_title", "local_title"),
        ("description", "description"),
        ("partners", "partners_text"),
        ("funding", "funding"),
        ("source_note", "source_note"),
    ):
        if column in row.cells:
            data[name] = row.get(column)
    if "sources" in row.cells:
        data["sources"] = row.urls("sources")
    if "confidence" in row.cells:
        data["confidence"] = row.choice("confidence", Confidence, Confidence.MEDIUM)
    if existing is not None:
        # Only the columns the file has change an existing project.
        if "status" not in row.cells:
            data.pop("status")
        if "language" not in row.cells:
            data.pop("language")
        for column in ("start", "end"):
            if column not in row.cells:
                data.pop(f"{column}_date")
                data.pop(f"{column}_precision")
        if "links" not in row.cells:
            data.pop("links")
    return PlannedProject(row, existing, data, focus)


_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def _number(row: Row, column: str) -> Decimal | None:
    """A number as people type it: 4685, 4,685, 4 685 or 12.5. A decimal comma is refused, not guessed."""
    raw = row.required(column).replace(" ", "").replace("\u00a0", "")
    if not raw:
        return None
    if "," in raw:
        if not _THOUSANDS.match(raw):
            row.error(
                column,
                _("'%(value)s': write decimals with a point (3.5); commas only between thousands (4,685).")
                % {"value": raw},
            )
            return None
        raw = raw.replace(",", "")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) >= Decimal("1e14"):
        row.error(column, _("'%(value)s' is not a number.") % {"value": row.get(column)})
        return None
    return number


def _check_value(row: Row, actor, only_member: Member | None, planned_slugs: dict[str, int]) -> PlannedValue:
    project_slug = row.required("project")
    if project_slug and project_slug not in planned_slugs:  # a project of this file is checked on its own row
        project = Project.objects.select_related("member").filter(slug=project_slug).first()
        if project is None:
            row.error(
                "project",
                _("No project has the slug '%(slug)s' (in the hub or in this file).") % {"slug": project_slug},
            )
        elif only_member is not None and project.member_id != only_member.pk:
            row.error("project", _("This import is for %(member)s only.") % {"member": only_member.name})
        elif not policies.can_edit_project(actor, project):
            row.error("project", _("You may not change the indicators of %(project)s.") % {"project": project})
    name = row.required("indicator")
    period_text = row.required("period")
    period = None
    if period_text:
        try:
            period = parse_period(period_text, label=row.get("label"))
        except ValueError as exc:
            row.error("period", str(exc))
    if period and period.undated and not row.get("note"):
        row.error("note", _("An undated value needs a note that says why it has no date."))
    number = _number(row, "value")
    sources = row.urls("source")
    who = getattr(actor, "email", "") or str(actor)
    data: dict[str, Any] = {
        "value": number,
        "note": row.get("note"),
        "sources": sources,
        "confidence": row.choice("confidence", Confidence, Confidence.MEDIUM),
        "source_note": "" if sources else _("Reported by %(who)s (bulk import).") % {"who": who},
        **(period.fields() if period else {}),
    }
    return PlannedValue(
        row, project_slug, name, row.get("unit"), row.choice("direction", Direction, Direction.HIGHER), data
    )


# --- writing ---------------------------------------------------------------------------------------


def _problem_from(row: Row, kind: str, exc: ValidationError) -> None:
    columns = FIELD_COLUMNS[kind]
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            column = columns.get(name, name)
            for message in messages:
                row.error(column, message)
    else:
        for message in exc.messages:
            row.error("", message)


def _write_project(plan: PlannedProject, actor, via: str, report: Report) -> Project | None:
    row = plan.row
    try:
        with transaction.atomic():
            if plan.project is None:
                project = services.create_project(actor=actor, data=plan.data, focus_areas=plan.focus, via=via)
                report.count("projects", "created")
                return project
            before = plan.project.version
            project = services.update_project(
                actor=actor, project=plan.project, data=plan.data, focus_areas=plan.focus or None, via=via
            )
            report.count("projects", "updated" if project.version != before else "unchanged")
            return project
    except PermissionDenied as exc:
        row.error("member", str(exc))
    except ValidationError as exc:
        _problem_from(row, "projects", exc)
    return None


def _write_value(plan: PlannedValue, actor, via: str, report: Report, only_member: Member | None) -> None:
    row = plan.row
    project = Project.objects.select_related("member").filter(slug=plan.project_slug).first()
    if project is None:
        row.error(
            "project",
            _("No project has the slug '%(slug)s' (in the hub or in this file).") % {"slug": plan.project_slug},
        )
        return
    if only_member is not None and project.member_id != only_member.pk:
        row.error("project", _("This import is for %(member)s only.") % {"member": only_member.name})
        return
    try:
        with transaction.atomic():
            indicator = Indicator.objects.filter(project=project, name=plan.indicator_name).first()
            if indicator is None:
                if not plan.unit:
                    row.error(
                        "unit",
                        _("The project has no indicator '%(name)s' yet: give its unit to create it.")
                        % {"name": plan.indicator_name},
                    )
                    return
                indicator = services.create_indicator(
                    actor=actor,
                    project=project,
                    data={"name": plan.indicator_name, "unit": plan.unit, "direction": plan.direction},
                    via=via,
                )
                report.count("indicators", "created")
            elif plan.unit and plan.unit != indicator.unit:
                row.error(
                    "unit",
                    _("The indicator is counted in '%(unit)s', not '%(given)s'.")
                    % {"unit": indicator.unit, "given": plan.unit},
                )
                return
            existing = IndicatorValue.objects.filter(
                indicator=indicator,
                period_start=plan.data.get("period_start"),
                period_end=plan.data.get("period_end"),
                period_label=plan.data.get("period_label"),
            ).first()
            if existing is None:
                services.add_indicator_value(actor=actor, indicator=indicator, data=plan.data, via=via)
                report.count("values", "created")
            else:
                before = existing.version
                updated = services.update_indicator_value(actor=actor, value=existing, data=plan.data, via=via)
                report.count("values", "updated" if updated.version != before else "unchanged")
    except PermissionDenied as exc:
        row.error("project", str(exc))
    except ValidationError as exc:
        _problem_from(row, "values", exc)


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
    focus_lookup = _focus_lookup()
    planned_slugs: dict[str, int] = {}
    project_plans: list[PlannedProject] = []
    value_plans: list[PlannedValue] = []
    for table in sorted(tables, key=lambda t: t.kind != "projects"):  # projects before their values
        for line, cells in table.rows:
            row = Row(table, line, cells, problems)
            if table.kind == "projects":
                project_plans.append(_check_project(row, actor, member, members, focus_lookup, planned_slugs))
            else:
                value_plans.append(_check_value(row, actor, member, planned_slugs))
    failed = {(p.table, p.line) for p in problems}
    with transaction.atomic():
        for plan in project_plans:
            if (plan.row.table.name, plan.row.line) not in failed:
                _write_project(plan, actor, via, report)
        for plan in value_plans:
            if (plan.row.table.name, plan.row.line) not in failed:
                _write_value(plan, actor, via, report, member)
        if report.problems or dry_run:
            transaction.set_rollback(True)
        else:
            report.written = True
    report.problems.sort(key=lambda p: (p.table, p.line))
    return report


def iter_problem_lines(report: Report) -> Iterator[str]:
    for problem in report.problems:
        yield str(problem)
