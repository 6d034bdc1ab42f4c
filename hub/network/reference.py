"""Load the reference dataset (``data/*.yaml``) into the registry.

Each file is read whole, every record is checked, and only then is anything written, in one
transaction per file: a bad record is reported with its file and line and nothing of that file is
loaded. Records are found by their key, so reloading updates in place and duplicates nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from hub.core.dates import PartialDate
from hub.core.inputs import is_web_address
from hub.core.models import Confidence
from hub.network import services
from hub.network.models import (
    Country,
    Member,
    MemberKind,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    RoleTerm,
)

FILES = ["countries.yaml", "members.yaml", "organisations.yaml", "people.yaml", "role_terms.yaml"]
COMMON = {"sources", "confidence", "source_note", "alternatives"}


class ReferenceError(Exception):
    """One or more records of a file are wrong; ``problems`` lists them as 'file:line: message'."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class FileReport:
    name: str
    counts: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0, "kept": 0})

    def __str__(self) -> str:
        c = self.counts
        text = f"{self.name}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
        if c.get("kept"):
            text += f", {c['kept']} kept as edited in the hub (see the change log)"
        return text


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers the line of every mapping as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = {key_node.value: value_node.start_mark.line + 1 for key_node, value_node in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text, checked by PartialDate with the record's line: YAML's own timestamp parsing would
# fail on an impossible date (2021-07-35) with no line to report.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Record:
    """One record being checked: collects problems with the record's line."""

    def __init__(self, path: str, raw: dict, problems: list[str], allowed: set[str]):
        self.path, self.raw, self.problems = path, raw, problems
        self.line = raw.get("__line__", "?")
        self.lines = raw.get("__lines__", {})
        unknown = set(raw) - allowed - COMMON - {"__line__", "__lines__"}
        for name in sorted(unknown):
            self.error(f"unknown field '{name}'", field=name)

    def error(self, message: str, line: int | None = None, *, field: str | None = None) -> None:
        """Report a problem at the line of the field it concerns (else at the record's first line)."""
        line = line or (self.lines.get(field) if field else None) or self.line
        self.problems.append(f"{self.path}:{line}: {message}")

    def text(self, name: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.raw.get(name)
        if value is None or value == "":
            if required:
                self.error(f"'{name}' is required", field=name)
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.error(f"'{name}' must be text", field=name)
            return ""
        value = str(value).strip()
        if max_length and len(value) > max_length:
            self.error(f"'{name}' is longer than {max_length} characters", field=name)
        return value

    def choice(self, name: str, choices: type, *, required: bool = True) -> str:
        value = self.text(name, required=required)
        if value and value not in choices.values:
            self.error(f"'{name}': '{value}' is not one of {', '.join(choices.values)}", field=name)
        return value

    def partial_date(self, name: str) -> PartialDate | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            self.error(f"'{name}': {exc}", field=name)
            return None

    def decimal(self, name: str, low: float, high: float) -> Decimal | None:
        value = self.raw.get(name)
        if value is None:
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.error(f"'{name}': '{value}' is not a number", field=name)
            return None
        if not low <= number <= high:
            self.error(f"'{name}': {value} is outside {low}..{high}", field=name)
            return None
        return number.quantize(Decimal("0.00001"))

    def url(self, name: str) -> str:
        value = self.text(name)
        if value and not _is_url(value):
            self.error(f"'{name}': '{value}' is not a web address", field=name)
        return value

    def ref(self, name: str, lookup: dict[str, Any], what: str, *, required: bool = False):
        key = self.text(name, required=required)
        if not key:
            return None
        if isinstance(key, str) and what == "country":
            key = key.upper()
        found = lookup.get(key)
        if found is None:
            self.error(f"'{name}': no {what} with key '{key}'", field=name)
        return found

    def provenance(self) -> dict[str, Any]:
        sources = self.raw.get("sources", [])
        note = self.text("source_note")
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            self.error("'sources' must be a list of addresses", field="sources")
            sources = []
        for address in sources:
            if not _is_url(address):
                self.error(f"source '{address}' is not a web address", field="sources")
        if not sources and not note:
            self.error("a record needs 'sources' or a 'source_note' that says where it comes from")
        confidence = self.choice("confidence", Confidence)
        alternatives = []
        raw_alts = self.raw.get("alternatives", [])
        if not isinstance(raw_alts, list):
            self.error("'alternatives' must be a list")
            raw_alts = []
        for alt in raw_alts:
            line = alt.get("__line__") if isinstance(alt, dict) else None
            if not isinstance(alt, dict) or not str(alt.get("reading", "")).strip():
                self.error("every alternative needs a 'reading'", line)
                continue
            unknown = set(alt) - {"reading", "sources", "note", "__line__", "__lines__"}
            if unknown:
                self.error(f"alternative: unknown field(s) {', '.join(sorted(unknown))}", line)
            alt_sources = alt.get("sources", [])
            if not isinstance(alt_sources, list) or not all(isinstance(s, str) and _is_url(s) for s in alt_sources):
                self.error("alternative: 'sources' must be a list of web addresses", line)
                alt_sources = []
            alternatives.append(
                {
                    "reading": str(alt["reading"]).strip(),
                    "sources": alt_sources,
                    "note": str(alt.get("note", "")).strip(),
                }
            )
        return {"sources": sources, "confidence": confidence, "source_note": note, "alternatives": alternatives}


_is_url = is_web_address


def _date_fields(prefix: str, value: PartialDate | None, *, date_name: str | None = None) -> dict[str, Any]:
    date_name = date_name or f"{prefix}_date"
    return {
        date_name: value.first_day if value else None,
        f"{prefix}_precision": value.precision if value else "",
    }


# Each parser turns the file's raw records into (ref_key, model, values, children) after checking them.
Parsed = list[tuple[str, type, dict[str, Any], Any]]


def _lookup(model: type, key_field: str = "ref_key") -> dict[str, Any]:
    return {getattr(obj, key_field): obj for obj in model.objects.all() if getattr(obj, key_field)}


def _parse_countries(path: str, records: list[dict], problems: list[str]) -> Parsed:
    parsed = []
    for raw in records:
        r = _Record(path, raw, problems, {"code", "name", "local_name", "asean_joined"})
        code = r.text("code", required=True).upper()
        if code and (len(code) != 2 or not code.isalpha()):
            r.error(f"'code': '{code}' is not a two-letter ISO code", field="code")
        joined = r.partial_date("asean_joined")
        values = {
            "code": code,
            "name": r.text("name", required=True, max_length=80),
            "local_name": r.text("local_name", max_length=120),
            "asean_joined": joined.first_day if joined else None,
            "asean_joined_precision": joined.precision if joined else "",
            **r.provenance(),
        }
        parsed.append((f"country:{code}", Country, values, None))
    return parsed


def _parse_members(path: str, records: list[dict], problems: list[str]) -> Parsed:
    countries = _lookup(Country, "code")
    parsed = []
    for raw in records:
        r = _Record(
            path,
            raw,
            problems,
            {
                "key",
                "name",
                "local_name",
                "kind",
                "country",
                "latitude",
                "longitude",
                "website",
                "summary",
                "membership",
            },
        )
        key = r.text("key", required=True, max_length=80)
        values = {
            "slug": key,
            "name": r.text("name", required=True, max_length=120),
            "local_name": r.text("local_name", max_length=160),
            "kind": r.choice("kind", MemberKind),
            "country": r.ref("country", countries, "country", required=True),
            "latitude": r.decimal("latitude", -90, 90),
            "longitude": r.decimal("longitude", -180, 180),
            "website": r.url("website"),
            "summary": r.text("summary"),
            **r.provenance(),
        }
        events = []
        raw_events = raw.get("membership", [])
        if not isinstance(raw_events, list) or not raw_events:
            r.error("'membership' must list at least one event")
            raw_events = []
        for index, raw_event in enumerate(raw_events):
            if not isinstance(raw_event, dict):
                r.error("each membership event must be a mapping")
                continue
            e = _Record(path, raw_event, problems, {"status", "date", "not_before", "decided_by"})
            status = e.choice("status", MembershipStatus)
            when = e.partial_date("date")
            if when is None:
                e.error("'date' is required")
            bound = e.partial_date("not_before")
            if bound and when and not when.first_day <= bound.first_day <= when.last_day:
                e.error(f"'not_before' ({bound}) must fall within the period of 'date' ({when})", field="not_before")
            events.append(
                {
                    "ref_key": f"event:{key}:{index + 1}",
                    "status": status,
                    "effective_date": when.first_day if when else None,
                    "effective_date_precision": when.precision if when else "",
                    "not_before": bound.first_day if bound else None,
                    "not_before_precision": bound.precision if bound else "",
                    "decided_by": e.text("decided_by", max_length=300),
                    **e.provenance(),
                }
            )
        parsed.append((f"member:{key}", Member, values, events))
    return parsed


def _parse_organisations(path: str, records: list[dict], problems: list[str]) -> Parsed:
    countries = _lookup(Country, "code")
    members = _lookup(Member, "slug")
    organisations = _lookup(Organisation, "slug")
    parsed = []
    for raw in records:
        r = _Record(
            path,
            raw,
            problems,
            {"key", "name", "short_name", "local_name", "kind", "country", "member", "parent", "website"},
        )
        key = r.text("key", required=True, max_length=80)
        parent_key = r.text("parent")
        parent = organisations.get(parent_key) or ("pending", parent_key) if parent_key else None
        if parent_key and parent_key not in organisations and parent_key not in {p[2]["slug"] for p in parsed}:
            r.error(
                f"'parent': no organisation with key '{parent_key}' earlier in the file or in the database",
                field="parent",
            )
        values = {
            "slug": key,
            "name": r.text("name", required=True, max_length=200),
            "short_name": r.text("short_name", max_length=60),
            "local_name": r.text("local_name", max_length=200),
            "kind": r.choice("kind", OrganisationKind),
            "country": r.ref("country", countries, "country"),
            "member": r.ref("member", members, "member"),
            "website": r.url("website"),
            **r.provenance(),
        }
        parsed.append((f"organisation:{key}", Organisation, values, parent))
    return parsed


def _parse_people(path: str, records: list[dict], problems: list[str]) -> Parsed:
    organisations = _lookup(Organisation, "slug")
    parsed = []
    for raw in records:
        r = _Record(path, raw, problems, {"key", "name", "position", "organisation"})
        key = r.text("key", required=True, max_length=80)
        values = {
            "slug": key,
            "name": r.text("name", required=True, max_length=160),
            "position": r.text("position", max_length=200),
            "organisation": r.ref("organisation", organisations, "organisation"),
            **r.provenance(),
        }
        parsed.append((f"person:{key}", Person, values, None))
    return parsed


def _parse_role_terms(path: str, records: list[dict], problems: list[str]) -> Parsed:
    countries = _lookup(Country, "code")
    members = _lookup(Member, "slug")
    organisations = _lookup(Organisation, "slug")
    people = _lookup(Person, "slug")
    parsed = []
    for raw in records:
        r = _Record(
            path,
            raw,
            problems,
            {
                "key",
                "role",
                "country",
                "member",
                "organisation",
                "person",
                "start",
                "end",
                "in_force_on",
                "decided_by",
                "note",
            },
        )
        key = r.text("key", required=True, max_length=80)
        start, end = r.partial_date("start"), r.partial_date("end")
        if start and end and end.last_day < start.first_day:
            r.error(f"'end' ({end}) comes before 'start' ({start})", field="end")
        known = r.partial_date("in_force_on")
        if known and known.precision != "day":
            r.error(
                f"'in_force_on': give the day the source shows the term in force ({known} is not a day)",
                field="in_force_on",
            )
        values = {
            "role": r.choice("role", Role),
            "country": r.ref("country", countries, "country"),
            "member": r.ref("member", members, "member"),
            "organisation": r.ref("organisation", organisations, "organisation"),
            "person": r.ref("person", people, "person"),
            **_date_fields("start", start),
            **_date_fields("end", end),
            "in_force_on": known.first_day if known else None,
            "decided_by": r.text("decided_by", max_length=300),
            "note": r.text("note"),
            **r.provenance(),
        }
        parsed.append((f"role:{key}", RoleTerm, values, None))
    return parsed


PARSERS: dict[str, Callable[[str, list[dict], list[str]], Parsed]] = {
    "countries.yaml": _parse_countries,
    "members.yaml": _parse_members,
    "organisations.yaml": _parse_organisations,
    "people.yaml": _parse_people,
    "role_terms.yaml": _parse_role_terms,
}


def read_records(path: Path, label: str) -> list[dict]:
    try:
        with path.open(encoding="utf-8") as handle:
            records = yaml.load(handle, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else "?"
        raise ReferenceError([f"{label}:{line}: not valid YAML ({getattr(exc, 'problem', exc)})"]) from exc
    if records is None:
        return []
    if not isinstance(records, list):
        raise ReferenceError([f"{label}:1: the file must be a list of records"])
    problems = [f"{label}:?: every record must be a mapping" for item in records if not isinstance(item, dict)]
    if problems:
        raise ReferenceError(problems)
    keys: dict[str, int] = {}
    for item in records:
        key = str(item.get("key") or item.get("code") or "")
        if key and key in keys:
            problems.append(f"{label}:{item['__line__']}: key '{key}' is used twice (first on line {keys[key]})")
        keys.setdefault(key, item["__line__"])
    if problems:
        raise ReferenceError(problems)
    return records


def load_file(path: Path, label: str | None = None) -> FileReport:
    """Check and load one file atomically; raise ReferenceError listing every problem found."""
    label = label or path.name
    parser = PARSERS[path.name]
    records = read_records(path, label)
    problems: list[str] = []
    parsed = parser(label, records, problems)
    if problems:
        raise ReferenceError(problems)
    report = FileReport(label)
    lines = {ref_key: raw["__line__"] for (ref_key, *_), raw in zip(parsed, records, strict=True)}
    with transaction.atomic():
        saved: dict[str, Any] = {}
        for ref_key, model, values, extra in parsed:
            if model is Organisation:
                values = {**values, "parent": _resolve_parent(extra, saved)}
            try:
                obj, outcome = services.upsert_reference(model, ref_key=ref_key, values=values)
                if model is Member:
                    if services.sync_reference_events(member=obj, events=extra) != services.UNCHANGED:
                        outcome = services.UPDATED if outcome == services.UNCHANGED else outcome
            except ValidationError as exc:
                problems.append(f"{label}:{lines[ref_key]}: {_flatten(exc)}")
                continue
            if model is Organisation:
                saved[obj.slug] = obj
            report.counts[outcome] += 1
        if problems:
            raise ReferenceError(problems)
    return report


def _resolve_parent(parent: Any, saved: dict[str, Any]):
    if isinstance(parent, tuple):
        return saved.get(parent[1])
    return parent


def _flatten(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"'{name}': {' '.join(messages)}" for name, messages in exc.message_dict.items())
    return " ".join(exc.messages)


def load_reference(directory: Path) -> list[FileReport]:
    """Load every file in order. Stops at the first file with problems (later files depend on it)."""
    reports = []
    for name in FILES:
        path = directory / name
        if not path.exists():
            raise ReferenceError([f"{name}: file not found in {directory.name}/"])
        reports.append(load_file(path, f"{directory.name}/{name}"))
    return reports
