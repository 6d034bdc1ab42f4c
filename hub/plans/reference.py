"""Load ``data/action_plans.yaml``: the Smart City Action Plans of the reference dataset.

The same guarantees as the other loaders (hub.network.reference): the file is read whole and every record
checked before anything is written; a bad record is reported with its file and line and nothing of the file
is loaded; records are found by their keys, so reloading changes nothing; a plan edited in the hub is kept
(with its targets and priority projects), and targets or projects added in the hub are never touched.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hub.core import changelog
from hub.core.models import ChangeAction
from hub.core.reference import FileReport, Record, ReferenceError, flatten, read_records
from hub.network import services as network_services
from hub.network.models import Member
from hub.plans.models import FOCUS_CODES, ActionPlan, PriorityProject, StrategicTarget
from hub.projects.models import Indicator, Project

FILE = "action_plans.yaml"
LOADER = network_services.LOADER
UNCHANGED, UPDATED, KEPT = network_services.UNCHANGED, network_services.UPDATED, network_services.KEPT
PLAN_FIELDS = {
    "key",
    "member",
    "title",
    "vision",
    "focus_areas",
    "focus_notes",
    "as_of",
    "targets",
    "priority_projects",
}
TARGET_FIELDS = {"text", "heading", "value", "unit", "year", "indicator"}
PRIORITY_FIELDS = {"title", "overview", "support_required", "project"}


class _AtLine(Exception):
    def __init__(self, line: int, error: ValidationError):
        super().__init__(str(error))
        self.line, self.error = line, error


def _children(r: Record, name: str) -> list[dict]:
    raw = r.raw.get(name, [])
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        r.error(f"'{name}' must be a list of mappings", field=name)
        return []
    return raw


def _parse(path: str, records: list[dict], problems: list[str]) -> list[dict[str, Any]]:
    members = {m.slug: m for m in Member.objects.all()}
    projects = {p.slug: p for p in Project.objects.all()}
    indicators = {i.ref_key.removeprefix("indicator:"): i for i in Indicator.objects.filter(ref_key__isnull=False)}
    parsed, seen_members = [], {}
    for raw in records:
        r = Record(path, raw, problems, PLAN_FIELDS)
        key = r.text("key", required=True, max_length=80)
        member = r.ref("member", members, "member", required=True)
        if member is not None and member.slug in seen_members:
            r.error(f"'member': '{member.slug}' already has a plan on line {seen_members[member.slug]}", field="member")
        if member is not None:
            seen_members.setdefault(member.slug, r.line)
        focus = r.raw.get("focus_areas", [])
        if not isinstance(focus, list) or any(code not in FOCUS_CODES for code in focus):
            r.error(f"'focus_areas' must list codes of {', '.join(FOCUS_CODES)}", field="focus_areas")
            focus = []
        as_of = r.partial_date("as_of")
        values = {
            "member": member,
            "title": r.text("title", max_length=200) or "Smart City Action Plan",
            "vision": r.text("vision", required=True),
            "focus_areas": [code for code in FOCUS_CODES if code in focus],
            "focus_notes": r.text("focus_notes"),
            "as_of": as_of.first_day if as_of else None,
            "as_of_precision": as_of.precision if as_of else "",
            **r.provenance(),
        }
        inherited = {name: values[name] for name in ("sources", "confidence", "source_note")}
        targets = []
        for index, raw_target in enumerate(_children(r, "targets")):
            t = Record(path, raw_target, problems, TARGET_FIELDS)
            value = raw_target.get("value")
            if value is not None:
                try:
                    value = Decimal(str(value))
                except InvalidOperation:
                    t.error(f"'value': '{value}' is not a number", field="value")
                    value = None
            year = raw_target.get("year")
            if year is not None and (not isinstance(year, int) or not 2000 <= year <= 2100):
                t.error(f"'year': '{year}' is not a year between 2000 and 2100", field="year")
                year = None
            indicator = t.ref("indicator", indicators, "indicator")
            targets.append(
                {
                    "ref_key": f"plan-target:{key}:{index + 1}",
                    "line": t.line,
                    "values": {
                        "position": index + 1,
                        "text": t.text("text", required=True),
                        "heading": t.text("heading", max_length=200),
                        "value": value,
                        "unit": t.text("unit", max_length=60),
                        "year": year,
                        "indicator": indicator,
                        **inherited,
                    },
                }
            )
        priorities = []
        for index, raw_priority in enumerate(_children(r, "priority_projects")):
            p = Record(path, raw_priority, problems, PRIORITY_FIELDS)
            priorities.append(
                {
                    "ref_key": f"plan-priority:{key}:{index + 1}",
                    "line": p.line,
                    "values": {
                        "position": index + 1,
                        "title": p.text("title", required=True, max_length=300),
                        "overview": p.text("overview"),
                        "support_required": p.text("support_required"),
                        "project": p.ref("project", projects, "project"),
                        **inherited,
                    },
                }
            )
        parsed.append(
            {"ref_key": f"plan:{key}", "line": r.line, "values": values, "targets": targets, "priorities": priorities}
        )
    return parsed


def _sync(model, plan: ActionPlan, children: list[dict]) -> bool:
    """Make the plan's reference children of ``model`` exactly these; hub-made ones are left alone."""
    changed, keep = False, []
    for child in children:
        keep.append(child["ref_key"])
        try:
            _, result = network_services.upsert_reference(
                model, ref_key=child["ref_key"], values={"plan": plan, **child["values"]}
            )
        except ValidationError as exc:
            raise _AtLine(child["line"], exc) from exc
        changed = changed or result != UNCHANGED
    for stale in model.objects.filter(plan=plan, ref_key__isnull=False).exclude(ref_key__in=keep):
        changelog.record(
            actor=LOADER,
            obj=stale,
            action=ChangeAction.DELETE,
            before=changelog.snapshot(stale),
            after={},
            via="command",
        )
        stale.delete()
        changed = True
    return changed


def _save(item: dict[str, Any]) -> str:
    plan, outcome = network_services.upsert_reference(ActionPlan, ref_key=item["ref_key"], values=item["values"])
    if outcome == KEPT:
        return outcome  # edited in the hub: the officers' plan, targets and projects stay as they are
    changed = _sync(StrategicTarget, plan, item["targets"])
    changed = _sync(PriorityProject, plan, item["priorities"]) or changed
    return UPDATED if changed and outcome == UNCHANGED else outcome


def load_file(path: Path, label: str | None = None) -> FileReport:
    label = label or path.name
    records = read_records(path, label)
    problems: list[str] = []
    parsed = _parse(label, records, problems)
    if problems:
        raise ReferenceError(problems)
    report = FileReport(label)
    with transaction.atomic():
        for item in parsed:
            try:
                with transaction.atomic():
                    outcome = _save(item)
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
    path = directory / FILE
    if not path.exists():
        raise ReferenceError([f"{FILE}: file not found in {directory.name}/"])
    return [load_file(path, f"{directory.name}/{FILE}")]
