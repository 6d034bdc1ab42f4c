"""Load the reference dataset (``data/*.yaml``) into the registry.

Each file is read whole, every record is checked, and only then is anything written, in one
transaction per file: a bad record is reported with its file and line and nothing of that file is
loaded. Records are found by their key, so reloading updates in place and duplicates nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hub.core.reference import (
    COMMON,
    FileReport,
    Record,
    ReferenceError,
    date_fields,
    flatten,
    lookup,
    read_records,
)
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


# Each parser turns the file's raw records into (ref_key, model, values, children) after checking them.
Parsed = list[tuple[str, type, dict[str, Any], Any]]


def _parse_countries(path: str, records: list[dict], problems: list[str]) -> Parsed:
    parsed = []
    for raw in records:
        r = Record(path, raw, problems, {"code", "name", "name_id", "local_name", "asean_joined"})
        code = r.text("code", required=True).upper()
        if code and (len(code) != 2 or not code.isalpha()):
            r.error(f"'code': '{code}' is not a two-letter ISO code", field="code")
        joined = r.partial_date("asean_joined")
        values = {
            "code": code,
            "name": r.text("name", required=True, max_length=80),
            "name_id": r.text("name_id", max_length=80),
            "local_name": r.text("local_name", max_length=120),
            "asean_joined": joined.first_day if joined else None,
            "asean_joined_precision": joined.precision if joined else "",
            **r.provenance(),
        }
        parsed.append((f"country:{code}", Country, values, None))
    return parsed


def _parse_members(path: str, records: list[dict], problems: list[str]) -> Parsed:
    countries = lookup(Country, "code")
    parsed = []
    for raw in records:
        r = Record(
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
            e = Record(path, raw_event, problems, {"status", "date", "not_before", "decided_by"})
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
    countries = lookup(Country, "code")
    members = lookup(Member, "slug")
    organisations = lookup(Organisation, "slug")
    parsed = []
    for raw in records:
        r = Record(
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
    organisations = lookup(Organisation, "slug")
    parsed = []
    for raw in records:
        r = Record(path, raw, problems, {"key", "name", "position", "organisation"})
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
    countries = lookup(Country, "code")
    members = lookup(Member, "slug")
    organisations = lookup(Organisation, "slug")
    people = lookup(Person, "slug")
    parsed = []
    for raw in records:
        r = Record(
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
            **date_fields("start", start),
            **date_fields("end", end),
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
                problems.append(f"{label}:{lines[ref_key]}: {flatten(exc)}")
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


def load_reference(directory: Path) -> list[FileReport]:
    """Load every file in order. Stops at the first file with problems (later files depend on it)."""
    reports = []
    for name in FILES:
        path = directory / name
        if not path.exists():
            raise ReferenceError([f"{name}: file not found in {directory.name}/"])
        reports.append(load_file(path, f"{directory.name}/{name}"))
    return reports


__all__ = ["COMMON", "FileReport", "ReferenceError", "load_file", "load_reference", "read_records"]
