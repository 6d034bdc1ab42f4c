"""The reference-dataset loader's framework, shared by every app's loader (hub/<app>/reference.py).

A loader reads one YAML file whole (``read_records``: a list of mappings, each knowing its line), checks
every record (``Record``: typed fields, references by key, the provenance every Sourced record needs) and
collects all problems as 'file:line: message'; only a file without problems is written, in one transaction,
through the app's services. ``ReferenceError`` carries the problems, ``FileReport`` the counts.

    from hub.core.reference import FileReport, ReferenceError, Record, read_records, flatten, lookup

An app names its loader in its AppConfig (``reference_loader``); ``manage.py loadreference`` runs them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError

from hub.core.dates import PartialDate
from hub.core.inputs import is_web_address
from hub.core.models import Confidence

# The provenance fields every record may carry (hub.core.models.Sourced).
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


class LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers the line of every mapping as ``__line__``."""


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = {key_node.value: value_node.start_mark.line + 1 for key_node, value_node in node.value}
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text, checked by PartialDate with the record's line: YAML's own timestamp parsing would
# fail on an impossible date (2021-07-35) with no line to report.
LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Record:
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
        if value and not is_web_address(value):
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
            if not is_web_address(address):
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
            if not isinstance(alt_sources, list) or not all(
                isinstance(s, str) and is_web_address(s) for s in alt_sources
            ):
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


def date_fields(prefix: str, value: PartialDate | None, *, date_name: str | None = None) -> dict[str, Any]:
    date_name = date_name or f"{prefix}_date"
    return {
        date_name: value.first_day if value else None,
        f"{prefix}_precision": value.precision if value else "",
    }


def lookup(model: type, key_field: str = "ref_key") -> dict[str, Any]:
    return {getattr(obj, key_field): obj for obj in model.objects.all() if getattr(obj, key_field)}


def load_yaml(path: Path, label: str, loader: type[LineLoader] = LineLoader) -> Any:
    """The file's YAML document, read with a LineLoader (or a subclass); ReferenceError with the line of a
    syntax error."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=loader)  # noqa: S506 - LineLoader is a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else "?"
        raise ReferenceError([f"{label}:{line}: not valid YAML ({getattr(exc, 'problem', exc)})"]) from exc


def read_records(path: Path, label: str) -> list[dict]:
    records = load_yaml(path, label)
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


def flatten(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"'{name}': {' '.join(messages)}" for name, messages in exc.message_dict.items())
    return " ".join(exc.messages)
