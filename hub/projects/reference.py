"""Load the projects part of the reference dataset: ``data/projects.yaml``, ``data/me_projects.yaml`` (the
projects of the published M&E reports, each with its rows per report year: hub.projects.report_reference)
and ``data/indicators.yaml``.

The same guarantees as the registry's loader (hub.network.reference), whose helpers it reuses: each
file is read whole and every record checked before anything is written; a bad record is reported with
its file and line and nothing of that file is loaded; records are found by their key, so reloading
updates in place and duplicates nothing. Values recorded in the hub itself (no reference key) are never
touched.
"""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hub.core import changelog
from hub.core.inputs import is_web_address
from hub.core.models import ChangeAction
from hub.core.reference import FileReport, LineLoader, Record, ReferenceError, flatten, load_yaml
from hub.network import services as network_services
from hub.network.models import Member, Organisation
from hub.projects import report_reference
from hub.projects.models import Direction, FocusArea, Indicator, IndicatorValue, Language, Project, ProjectStatus
from hub.projects.periods import UNDATED, parse_period
from hub.projects.services import ensure_focus_areas

FILES = ["projects.yaml", "me_projects.yaml", "indicators.yaml"]


class _TextDatesLoader(LineLoader):
    """The registry's line-keeping YAML loader, with dates left as text.

    PartialDate parses them with a message and a line; YAML's own date constructor would crash on a
    date that does not exist (2021-07-35) instead of reporting it.
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in LineLoader.yaml_implicit_resolvers.items()
    }


LOADER = network_services.LOADER
UNCHANGED, CREATED, UPDATED = network_services.UNCHANGED, network_services.CREATED, network_services.UPDATED

PROJECT_FIELDS = {
    "key",
    "member",
    "title",
    "local_title",
    "summary",
    "description",
    "language",
    "focus_areas",
    "status",
    "start",
    "end",
    "partners",
    "partners_text",
    "funding",
    "links",
    "sdgs",
    "reports",
}
INDICATOR_FIELDS = {
    "key",
    "project",
    "name",
    "unit",
    "direction",
    "description",
    "baseline",
    "baseline_period",
    "target",
    "target_period",
    "values",
}
VALUE_FIELDS = {"key", "period", "within", "label", "value", "note"}


def read_records(path: Path, label: str) -> list[dict]:
    """The file's records, each a mapping that knows its line; ReferenceError for a file that is not one."""
    records = load_yaml(path, label, _TextDatesLoader)
    if records is None:
        return []
    if not isinstance(records, list) or not all(isinstance(item, dict) for item in records):
        raise ReferenceError([f"{label}:1: the file must be a list of records (mappings)"])
    problems, keys = [], {}
    for item in records:
        key = str(item.get("key") or "")
        if key and key in keys:
            problems.append(f"{label}:{item['__line__']}: key '{key}' is used twice (first on line {keys[key]})")
        keys.setdefault(key, item["__line__"])
    if problems:
        raise ReferenceError(problems)
    return records


def _number(r: Record, name: str, *, required: bool = False) -> Decimal | None:
    raw = r.raw.get(name)
    if raw is None or raw == "":
        if required:
            r.error(f"'{name}' is required", field=name)
        return None
    if isinstance(raw, bool):
        r.error(f"'{name}': '{raw}' is not a number", field=name)
        return None
    try:
        number = Decimal(str(raw).replace(",", ""))
    except InvalidOperation:
        r.error(f"'{name}': '{raw}' is not a number", field=name)
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e14"):
        r.error(f"'{name}': {raw} is out of range", field=name)
        return None
    return number


def _string_list(r: Record, name: str) -> list[str]:
    raw = r.raw.get(name, [])
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        r.error(f"'{name}' must be a list of keys", field=name)
        return []
    return [item.strip() for item in raw]


def _links(r: Record) -> list[dict[str, str]]:
    raw = r.raw.get("links", [])
    if raw is None:
        return []
    if not isinstance(raw, list):
        r.error("'links' must be a list of {url, label}", field="links")
        return []
    links = []
    for item in raw:
        line = item.get("__line__") if isinstance(item, dict) else None
        url = str(item.get("url", "")).strip() if isinstance(item, dict) else ""
        if not is_web_address(url):
            r.error(f"link '{url}' is not a web address", line, field="links")
            continue
        links.append({"url": url, "label": str(item.get("label", "") or "").strip()})
    return links


def _sdgs(r: Record) -> list[int]:
    raw = r.raw.get("sdgs", [])
    if raw is None:
        return []
    valid = isinstance(raw, list) and all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 17 for n in raw)
    if not valid:
        r.error("'sdgs' must be a list of SDG numbers from 1 to 17", field="sdgs")
        return []
    return list(raw)


def _parse_projects(
    path: str, records: list[dict], problems: list[str], *, reserved: set[str] = frozenset(), rows_seen=None
) -> list[dict[str, Any]]:
    """``reserved``: keys that projects.yaml gives (me_projects.yaml must not repeat them); ``rows_seen``:
    the M&E report rows already given, by entry key, so that no row is attached to two projects."""
    members = {m.slug: m for m in Member.objects.all()}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    areas = {fa.code: fa for fa in FocusArea.objects.all()}
    rows_seen = {} if rows_seen is None else rows_seen
    parsed = []
    for raw in records:
        r = Record(path, raw, problems, PROJECT_FIELDS)
        key = r.text("key", required=True, max_length=120)
        if key in reserved:
            message = f"key '{key}' is already a project of {report_reference.SIBLING}: add its reports there"
            r.error(message, field="key")
        start, end = r.partial_date("start"), r.partial_date("end")
        if start and end and end.last_day < start.first_day:
            r.error(f"'end' ({end}) comes before 'start' ({start})", field="end")
        focus = []
        for code in _string_list(r, "focus_areas"):
            if code in areas:
                focus.append(areas[code])
            else:
                r.error(f"'focus_areas': no focus area '{code}' (use {', '.join(areas)})", field="focus_areas")
        if not r.raw.get("focus_areas"):
            r.error("'focus_areas' must list at least one focus area", field="focus_areas")
        partners = []
        for slug in _string_list(r, "partners"):
            if slug in organisations:
                partners.append(organisations[slug])
            else:
                r.error(f"'partners': no organisation with key '{slug}'", field="partners")
        values = {
            "slug": key,
            "member": r.ref("member", members, "member", required=True),
            "title": r.text("title", required=True, max_length=200),
            "local_title": r.text("local_title", max_length=200),
            "summary": r.text("summary"),
            "description": r.text("description"),
            "language": r.choice("language", Language),
            "status": r.choice("status", ProjectStatus),
            "start_date": start.first_day if start else None,
            "start_precision": start.precision if start else "",
            "end_date": end.first_day if end else None,
            "end_precision": end.precision if end else "",
            "partners_text": r.text("partners_text"),
            "funding": r.text("funding"),
            "links": _links(r),
            "sdgs": _sdgs(r),
            **r.provenance(),
        }
        reports = report_reference.parse_reports(r, path, problems, areas, rows_seen)
        parsed.append(
            {
                "ref_key": f"project:{key}",
                "line": r.line,
                "values": values,
                "focus": focus,
                "partners": partners,
                "reports": reports,
            }
        )
    return parsed


def _parse_value(path: str, indicator_key: str, raw: Any, problems: list[str], seen: dict[str, int]):
    if not isinstance(raw, dict):
        problems.append(f"{path}:?: each value of indicator '{indicator_key}' must be a mapping")
        return None
    v = Record(path, raw, problems, VALUE_FIELDS)
    period_text = v.text("period", required=True)
    within = v.text("within")
    label = v.text("label", max_length=40)
    period = None
    if period_text:
        if period_text.lower() == UNDATED:
            if not within:
                v.error("an undated value needs 'within': the span the sources allow, e.g. 2022-12/2024-10")
            else:
                try:
                    period = parse_period(f"{UNDATED} {within}", label=label)
                except ValueError as exc:
                    v.error(f"'within': {exc}", field="within")
            if not v.text("note"):
                v.error("an undated value needs a 'note' that says why it is undated", field="period")
        else:
            if within:
                v.error("'within' is only for undated values", field="within")
            try:
                period = parse_period(period_text, label=label)
            except ValueError as exc:
                v.error(f"'period': {exc}", field="period")
    key = v.text("key") or (f"{period_text}:{within}" if within else period_text)
    if key in seen:
        v.error(f"period '{key}' is given twice for this indicator (first on line {seen[key]}); add a 'key'")
    seen.setdefault(key, v.line)
    values = {
        "value": _number(v, "value", required=True),
        "note": v.text("note"),
        **(period.fields() if period else {}),
        **v.provenance(),
    }
    return {"ref_key": f"indicator-value:{indicator_key}:{key}", "line": v.line, "values": values}


def _parse_indicators(path: str, records: list[dict], problems: list[str]) -> list[dict[str, Any]]:
    projects = {p.slug: p for p in Project.objects.all()}
    parsed = []
    names: dict[tuple[str, str], int] = {}
    for raw in records:
        r = Record(path, raw, problems, INDICATOR_FIELDS)
        key = r.text("key", required=True, max_length=100)
        project = r.ref("project", projects, "project", required=True)
        name = r.text("name", required=True, max_length=200)
        if project and name:
            first = names.setdefault((project.slug, name), r.line)
            if first != r.line:
                r.error(f"project '{project.slug}' already has an indicator '{name}' (line {first})", field="name")
        direction = r.choice("direction", Direction, required=False) or Direction.HIGHER
        values = {
            "project": project,
            "name": name,
            "unit": r.text("unit", required=True, max_length=60),
            "direction": direction,
            "description": r.text("description"),
            "baseline": _number(r, "baseline"),
            "baseline_period": r.text("baseline_period", max_length=40),
            "target": _number(r, "target"),
            "target_period": r.text("target_period", max_length=40),
            **r.provenance(),
        }
        raw_values = raw.get("values", [])
        if not isinstance(raw_values, list):
            r.error("'values' must be a list", field="values")
            raw_values = []
        seen: dict[str, int] = {}
        children = [_parse_value(path, key, item, problems, seen) for item in raw_values]
        parsed.append(
            {
                "ref_key": f"indicator:{key}",
                "line": r.line,
                "values": values,
                "children": [c for c in children if c is not None],
            }
        )
    return parsed


class _AtLine(Exception):
    """A record nested in another (an indicator's value) failed validation at its own line."""

    def __init__(self, line: int, error: ValidationError):
        super().__init__(str(error))
        self.line, self.error = line, error


def _sync_m2m(project: Project, name: str, new: list) -> bool:
    manager = getattr(project, name)
    current = list(manager.all())
    if {o.pk for o in current} == {o.pk for o in new}:
        return False
    manager.set(new)
    text = (lambda o: o.code) if name == "focus_areas" else str
    changelog.record(
        actor=LOADER,
        obj=project,
        action=ChangeAction.UPDATE,
        before={name: [text(o) for o in current]},
        after={name: [text(o) for o in new]},
        via="command",
    )
    return True


def _save_project(item: dict[str, Any]) -> str:
    project, outcome = network_services.upsert_reference(Project, ref_key=item["ref_key"], values=item["values"])
    changed = _sync_m2m(project, "focus_areas", item["focus"])
    changed = _sync_m2m(project, "partners", item["partners"]) or changed
    sources = item["values"]["sources"]
    changed = report_reference.save_reports(project, item["reports"], sources, _at_line) != UNCHANGED or changed
    if changed and outcome == UNCHANGED:
        outcome = UPDATED
    return outcome


@contextmanager
def _at_line(line: int):
    """Report a nested record's (a report row's) validation error at its own line."""
    try:
        yield
    except ValidationError as exc:
        raise _AtLine(line, exc) from exc


def _save_indicator(item: dict[str, Any]) -> str:
    indicator, outcome = network_services.upsert_reference(Indicator, ref_key=item["ref_key"], values=item["values"])
    keep = []
    for child in item["children"]:
        keep.append(child["ref_key"])
        try:
            _, result = network_services.upsert_reference(
                IndicatorValue, ref_key=child["ref_key"], values={"indicator": indicator, **child["values"]}
            )
        except ValidationError as exc:
            raise _AtLine(child["line"], exc) from exc
        if result != UNCHANGED and outcome == UNCHANGED:
            outcome = UPDATED
    stale = IndicatorValue.objects.filter(indicator=indicator, ref_key__isnull=False).exclude(ref_key__in=keep)
    for value in stale:
        changelog.record(
            actor=LOADER,
            obj=value,
            action=ChangeAction.DELETE,
            before=changelog.snapshot(value),
            after={},
            via="command",
        )
        value.delete()
        outcome = UPDATED if outcome == UNCHANGED else outcome
    return outcome


PARSERS = {
    "projects.yaml": (_parse_projects, _save_project),
    "me_projects.yaml": (_parse_projects, _save_project),
    "indicators.yaml": (_parse_indicators, _save_indicator),
}


def load_file(path: Path, label: str | None = None) -> FileReport:
    """Check and load one file atomically; raise ReferenceError listing every problem found."""
    label = label or path.name
    parse, save = PARSERS[path.name]
    records = read_records(path, label)
    if parse is _parse_projects:
        reserved, rows_seen = report_reference.sibling_rows(path, label)
        parse = partial(_parse_projects, reserved=reserved, rows_seen=rows_seen)
    problems: list[str] = []
    parsed = parse(label, records, problems)
    if problems:
        raise ReferenceError(problems)
    report = FileReport(label)
    with transaction.atomic():
        for item in parsed:
            try:
                with transaction.atomic():
                    outcome = save(item)
            except ValidationError as exc:
                problems.append(f"{label}:{item['line']}: {flatten(exc)}")
                continue
            except _AtLine as exc:
                problems.append(f"{label}:{exc.line}: {flatten(exc.error)}")
                continue
            report.counts[outcome] += 1
        if problems:
            raise ReferenceError(problems)
    return report


def load_reference(directory: Path) -> list[FileReport]:
    """Load projects, then indicators (which refer to projects). Stops at the first file with problems."""
    ensure_focus_areas()
    reports = []
    for name in FILES:
        path = directory / name
        if not path.exists():
            raise ReferenceError([f"{name}: file not found in {directory.name}/"])
        reports.append(load_file(path, f"{directory.name}/{name}"))
    return reports
