"""Checking one row of an import file: what it would create or change, and every problem with it.

Nothing is written here; each check returns a plan that hub.projects.importing.writing carries out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hub.core.dates import PartialDate
from hub.core.inputs import validate_web_address
from hub.core.models import Confidence
from hub.projects.importing.lookups import Lookups, focus_area_codes, slug_of
from hub.projects.importing.tables import Problem, Table
from hub.projects.models import Direction, Language, Project, ProjectStatus
from hub.projects.periods import Period, parse_period

__all__ = ["PlannedProject", "PlannedValue", "Row", "check_project", "check_value", "focus_area_codes"]

_url = validate_web_address


@dataclass
class Row:
    table: Table
    line: int
    cells: dict[str, str]
    problems: list[Problem]
    language: str | None = None  # get_language() of the import, read once (it costs ~0.1 ms a call)

    def error(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.table.name, self.line, column, message))

    def get(self, column: str) -> str:
        return self.cells.get(column, "")  # stripped when read (tables._table)

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            self.error(column, _("A value is required."))
        return value

    def choice(self, column: str, choices, default: str) -> str:
        value = self.get(column).lower()
        if not value:
            return default
        values, by_label = _choice_table(choices, self.language)
        if value in values:
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
            if not _is_url(part):
                self.error(column, _("'%(url)s' is not a web address (http or https).") % {"url": part})
                continue
            found.append(part)
        return found


@lru_cache(maxsize=64)
def _choice_table(choices, language) -> tuple[frozenset[str], dict[str, str]]:
    """A choice's values and its values by (translated) label: the same for every row of a file."""
    return frozenset(choices.values), {str(label).lower(): v for v, label in choices.choices}


@lru_cache(maxsize=4096)
def _is_url(text: str) -> bool:
    """validate_web_address, once per distinct address (a file repeats its few sources on every row)."""
    try:
        _url(text)
    except ValidationError:
        return False
    return True


@lru_cache(maxsize=4096)
def _period(text: str, label: str, language: str | None = None) -> tuple[Period | None, str]:
    """parse_period, once per distinct period and label (and language of its messages): (period, "") or
    (None, the problem)."""
    try:
        return parse_period(text, label=label), ""
    except ValueError as exc:
        return None, str(exc)


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


def check_project(row: Row, lookups: Lookups, planned_slugs: dict[str, int]) -> PlannedProject:
    only_member = lookups.only_member
    member_slug = row.get("member") or (only_member.slug if only_member else "")
    member = lookups.members.get(member_slug)
    if not member_slug:
        row.error("member", _("A value is required."))
    elif member is None:
        row.error("member", _("No member has the slug '%(slug)s'.") % {"slug": member_slug})
    elif only_member and member.pk != only_member.pk:
        row.error("member", _("This import is for %(member)s only.") % {"member": only_member.name})
    elif not lookups.may_create_for(member):
        row.error("member", _("You may not add or edit projects of %(member)s.") % {"member": member.name})
    title = row.required("title")
    focus = []
    for part in row.get("focus_areas").split(";"):
        part = part.strip()
        if not part:
            continue
        code = lookups.focus.get(part.lower()) or lookups.focus.get(slug_of(part))
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
        existing = lookups.project(slug)
    elif member is not None and title:
        existing = lookups.project_of(member, title)
    if existing is None:
        slug = slug or slug_of(title)[:100]
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


_TOO_LARGE = Decimal("1e14")
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
    if number is None or not number.is_finite() or abs(number) >= _TOO_LARGE:
        row.error(column, _("'%(value)s' is not a number.") % {"value": row.get(column)})
        return None
    return number


def check_value(row: Row, lookups: Lookups, planned_slugs: dict[str, int]) -> PlannedValue:
    only_member = lookups.only_member
    project_slug = row.required("project")
    if project_slug and project_slug not in planned_slugs:  # a project of this file is checked on its own row
        project = lookups.project(project_slug)
        if project is None:
            row.error(
                "project",
                _("No project has the slug '%(slug)s' (in the hub or in this file).") % {"slug": project_slug},
            )
        elif only_member is not None and project.member_id != only_member.pk:
            row.error("project", _("This import is for %(member)s only.") % {"member": only_member.name})
        elif not lookups.may_edit(project):
            row.error("project", _("You may not change the indicators of %(project)s.") % {"project": project})
    name = row.required("indicator")
    period_text = row.required("period")
    period = None
    if period_text:
        period, problem = _period(period_text, row.get("label"), row.language)
        if problem:
            row.error("period", problem)
    if period and period.undated and not row.get("note"):
        row.error("note", _("An undated value needs a note that says why it has no date."))
    number = _number(row, "value")
    sources = row.urls("source")
    data: dict[str, Any] = {
        "value": number,
        "note": row.get("note"),
        "sources": sources,
        "confidence": row.choice("confidence", Confidence, Confidence.MEDIUM),
        "source_note": "" if sources else lookups.reported_note,
        **(period.fields() if period else {}),
    }
    return PlannedValue(
        row, project_slug, name, row.get("unit"), row.choice("direction", Direction, Direction.HIGHER), data
    )
