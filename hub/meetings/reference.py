"""Load the meetings of the reference dataset (``data/meetings.yaml``), after the registry and projects.

The same guarantees as the registry's loader (hub.network.reference), whose helpers it uses: the whole
file is read and every record checked before anything is written; the file is written in one
transaction; records are found by their reference keys, so reloading updates in place and reports
"0 created, 0 updated" when nothing changed. Known admissions and handovers are linked to the
registry's existing reference records (membership events, role terms), never duplicated.

Projects named on agenda items are matched by title within their member; a project that the
catalogue does not (yet) hold is skipped, not an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.deletion import ProtectedError

from hub.core import changelog
from hub.core.models import ChangeAction
from hub.core.reference import COMMON, FileReport, Record, ReferenceError, flatten, load_yaml, lookup
from hub.meetings.models import (
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    DecisionEffect,
    Delegation,
    DelegationKind,
    EffectKind,
    Meeting,
    MeetingFormat,
    MeetingKind,
    MeetingScope,
    MeetingSeries,
    Outcome,
    OutcomeKind,
    Visibility,
)
from hub.network import services as registry
from hub.network.models import Country, Member, MembershipEvent, MembershipStatus, Organisation, Person, Role, RoleTerm

FILE = "meetings.yaml"
LOADER = registry.LOADER

SERIES_FIELDS = {"key", "name", "scope", "country", "description"}
MEETING_FIELDS = {
    "key",
    "series",
    "number",
    "kind",
    "title",
    "national_of",
    "start",
    "end",
    "format",
    "venue",
    "city",
    "country",
    "timezone",
    "online_url",
    "host_country",
    "host_organisation",
    "chair_country",
    "chair_organisation",
    "chair_person",
    "visibility",
    "summary",
    "agenda",
    "delegations",
}
ITEM_FIELDS = {"title", "description", "day", "presenter", "presenter_organisation", "members", "projects", "outcomes"}
OUTCOME_FIELDS = {"kind", "text", "effects", "owner", "due", "status"}
EFFECT_FIELDS = {"kind", "membership_event", "role_term"}
DELEGATION_FIELDS = {"kind", "member", "country", "organisation", "status", "note"}

EFFECT_ROLES = {EffectKind.CHAIR_HANDOVER: Role.CHAIR, EffectKind.SHEPHERD_HANDOVER: Role.SHEPHERD}


@dataclass
class Lookups:
    countries: dict[str, Country]
    members: dict[str, Member]
    organisations: dict[str, Organisation]
    people: dict[str, Person]
    events: dict[str, MembershipEvent]
    terms: dict[str, RoleTerm]

    @classmethod
    def load(cls) -> Lookups:
        return cls(
            countries=lookup(Country, "code"),
            members=lookup(Member, "slug"),
            organisations=lookup(Organisation, "slug"),
            people=lookup(Person, "slug"),
            events={e.ref_key: e for e in MembershipEvent.objects.filter(ref_key__isnull=False)},
            terms={t.ref_key: t for t in RoleTerm.objects.filter(ref_key__isnull=False)},
        )


@dataclass
class Parsed:
    """A record checked and ready to write: its model, key, values, many-to-many links and children."""

    model: type
    ref_key: str
    values: dict[str, Any]
    line: int | str
    links: dict[str, Any] = field(default_factory=dict)
    children: list[Parsed] = field(default_factory=list)
    parent_field: str = ""


def _provenance(record: Record, inherited: dict[str, Any]) -> dict[str, Any]:
    """A nested record's own sources, or its parent's when it gives none."""
    if not any(name in record.raw for name in COMMON):
        return dict(inherited)
    return record.provenance()


def _records(record: Record, name: str) -> list[dict]:
    value = record.raw.get(name, [])
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        record.error(f"'{name}' must be a list of records", field=name)
        return []
    return value


def _day(record: Record, name: str, *, required: bool = False):
    value = record.partial_date(name)
    if value is None:
        if required and name not in record.raw:
            record.error(f"'{name}' is required", field=name)
        return None
    if value.precision != "day":
        record.error(f"'{name}': a meeting's day is a full date (YYYY-MM-DD)", field=name)
        return None
    return value.first_day


def _keys(record: Record, name: str, lookup: dict, what: str) -> list:
    value = record.raw.get(name, [])
    if not isinstance(value, list):
        record.error(f"'{name}' must be a list of keys", field=name)
        return []
    found = []
    for key in value:
        obj = lookup.get(str(key))
        if obj is None:
            record.error(f"'{name}': no {what} with key '{key}'", field=name)
        else:
            found.append(obj)
    return found


def _parse_series(label: str, records: list[dict], problems: list[str], lk: Lookups) -> dict[str, Parsed]:
    parsed = {}
    for raw in records:
        r = Record(label, raw, problems, SERIES_FIELDS)
        key = r.text("key", required=True, max_length=80)
        values = {
            "slug": key,
            "name": r.text("name", required=True, max_length=200),
            "scope": r.choice("scope", MeetingScope, required=False) or MeetingScope.NETWORK,
            "country": r.ref("country", lk.countries, "country"),
            "description": r.text("description"),
            **r.provenance(),
        }
        parsed[key] = Parsed(MeetingSeries, f"series:{key}", values, r.line)
    return parsed


def _parse_projects(record: Record, lk: Lookups) -> list:
    """Projects by member and title; those the catalogue does not hold are left out (no error)."""
    from hub.projects.models import Project

    value = record.raw.get("projects", [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        record.error("'projects' must be a list of {member, titles}", field="projects")
        return []
    found = []
    for spec in value:
        member = lk.members.get(str(spec.get("member", "")))
        titles = spec.get("titles") or ([spec["title"]] if spec.get("title") else [])
        if member is None or not titles or not all(isinstance(t, str) for t in titles):
            record.error("each project needs a known 'member' key and 'titles' (a list of titles)", field="projects")
            continue
        candidates = list(Project.objects.filter(member=member).order_by("pk"))
        match = _match_title(candidates, titles)
        if match is not None:
            found.append(match)
    return found


def _match_title(projects: list, titles: list[str]):
    def norm(text: str) -> str:
        return " ".join(text.casefold().replace("’", "'").split())

    wanted = [norm(t) for t in titles]
    for title in wanted:  # the exact title first, then a title that contains it
        for project in projects:
            if norm(project.title) == title:
                return project
    for title in wanted:
        for project in projects:
            if title in norm(project.title):
                return project
    return None


def _parse_effect(label, raw, problems, decision_key: str, inherited, lk: Lookups) -> Parsed:
    e = Record(label, raw, problems, EFFECT_FIELDS)
    kind = e.choice("kind", EffectKind)
    values: dict[str, Any] = {"kind": kind, "created_by_decision": False, "membership_event": None, "role_term": None}
    event_key, term_key = e.text("membership_event"), e.text("role_term")
    if kind == EffectKind.ADMIT_MEMBER:
        event = lk.events.get(event_key)
        if event is None:
            e.error(f"'membership_event': no membership event with key '{event_key}'", field="membership_event")
        elif event.status != MembershipStatus.MEMBER:
            e.error(f"'membership_event': '{event_key}' does not make its member a member", field="membership_event")
        values["membership_event"] = event
        if term_key:
            e.error("an admission links a 'membership_event', not a role term", field="role_term")
    elif kind in EFFECT_ROLES:
        term = lk.terms.get(term_key)
        if term is None:
            e.error(f"'role_term': no role term with key '{term_key}'", field="role_term")
        elif term.role != EFFECT_ROLES[kind]:
            e.error(f"'role_term': '{term_key}' is not a {EFFECT_ROLES[kind].label} term", field="role_term")
        values["role_term"] = term
        if event_key:
            e.error("a handover links a 'role_term', not a membership event", field="membership_event")
    values.update(_provenance(e, inherited))
    return Parsed(DecisionEffect, f"effect:{decision_key}", values, e.line, parent_field="decision")


def _parse_outcome(label, raw, problems, key: str, inherited, lk: Lookups, position: int) -> Parsed:
    o = Record(label, raw, problems, OUTCOME_FIELDS)
    kind = o.choice("kind", OutcomeKind)
    provenance = _provenance(o, inherited)
    values: dict[str, Any] = {
        "kind": kind,
        "position": position,
        "text": o.text("text", required=True),
        "owner_organisation": o.ref("owner", lk.organisations, "organisation"),
        "due_date": _day(o, "due"),
        "status": (o.choice("status", ActionStatus, required=False) or ActionStatus.OPEN)
        if kind == OutcomeKind.ACTION
        else "",
        **provenance,
    }
    if kind != OutcomeKind.ACTION and (values["owner_organisation"] or values["due_date"] or "status" in raw):
        o.error("only an action item has an 'owner', a 'due' date and a 'status'")
    parsed = Parsed(Outcome, f"outcome:{key}", values, o.line, parent_field="agenda_item")
    effects = _records(o, "effects")
    if effects and kind != OutcomeKind.DECISION:
        o.error("only a decision has 'effects'", field="effects")
    for index, raw_effect in enumerate(effects, start=1):
        parsed.children.append(_parse_effect(label, raw_effect, problems, f"{key}:{index}", provenance, lk))
    return parsed


def _parse_item(label, raw, problems, key: str, inherited, lk: Lookups, position: int) -> Parsed:
    a = Record(label, raw, problems, ITEM_FIELDS)
    provenance = _provenance(a, inherited)
    values = {
        "position": position,
        "title": a.text("title", required=True, max_length=300),
        "description": a.text("description"),
        "day": _day(a, "day"),
        "presenter": a.text("presenter", max_length=200),
        "presenter_organisation": a.ref("presenter_organisation", lk.organisations, "organisation"),
        **provenance,
    }
    links = {"members": _keys(a, "members", lk.members, "member"), "projects": _parse_projects(a, lk)}
    parsed = Parsed(AgendaItem, f"agenda:{key}", values, a.line, links=links, parent_field="meeting")
    for index, raw_outcome in enumerate(_records(a, "outcomes"), start=1):
        parsed.children.append(
            _parse_outcome(label, raw_outcome, problems, f"{key}:{index}", provenance, lk, position=index)
        )
    return parsed


def _parse_delegation(label, raw, problems, key: str, inherited, lk: Lookups) -> Parsed:
    d = Record(label, raw, problems, DELEGATION_FIELDS)
    values = {
        "kind": d.choice("kind", DelegationKind),
        "member": d.ref("member", lk.members, "member"),
        "country": d.ref("country", lk.countries, "country"),
        "organisation": d.ref("organisation", lk.organisations, "organisation"),
        "status": d.choice("status", AttendanceStatus, required=False) or AttendanceStatus.ATTENDING,
        "note": d.text("note", max_length=300),
        **_provenance(d, inherited),
    }
    return Parsed(Delegation, f"delegation:{key}", values, d.line, parent_field="meeting")


def _parse_meetings(label, records, problems, series: dict[str, Parsed], lk: Lookups) -> list[Parsed]:
    parsed = []
    for raw in records:
        r = Record(label, raw, problems, MEETING_FIELDS)
        key = r.text("key", required=True, max_length=80)
        series_key = r.text("series")
        if series_key and series_key not in series:
            r.error(f"'series': no series with key '{series_key}' in this file", field="series")
        number = raw.get("number")
        if number is not None and (not isinstance(number, int) or isinstance(number, bool) or number < 1):
            r.error("'number' must be a whole number from 1", field="number")
            number = None
        national_of = r.ref("national_of", lk.countries, "country")
        start = _day(r, "start", required=True)
        end = _day(r, "end") or start
        provenance = r.provenance()
        values = {
            "series": series_key or None,  # replaced by the saved series when writing
            "number": number,
            "kind": r.choice("kind", MeetingKind),
            "title": r.text("title", required=True, max_length=200),
            "scope": MeetingScope.NATIONAL if national_of else MeetingScope.NETWORK,
            "country": national_of,
            "start_date": start,
            "end_date": end,
            "format": r.choice("format", MeetingFormat, required=False) or MeetingFormat.IN_PERSON,
            "venue": r.text("venue", max_length=200),
            "city": r.text("city", max_length=120),
            "venue_country": r.ref("country", lk.countries, "country"),
            "timezone": r.text("timezone", max_length=64),
            "online_url": r.url("online_url"),
            "host_country": r.ref("host_country", lk.countries, "country"),
            "host_organisation": r.ref("host_organisation", lk.organisations, "organisation"),
            "chair_country": r.ref("chair_country", lk.countries, "country"),
            "chair_organisation": r.ref("chair_organisation", lk.organisations, "organisation"),
            "chair_person": r.ref("chair_person", lk.people, "person"),
            "visibility": r.choice("visibility", Visibility, required=False) or Visibility.PUBLIC,
            "summary": r.text("summary"),
            **provenance,
        }
        meeting = Parsed(Meeting, f"meeting:{key}", values, r.line)
        for index, raw_item in enumerate(_records(r, "agenda"), start=1):
            meeting.children.append(
                _parse_item(label, raw_item, problems, f"{key}:{index}", provenance, lk, position=index)
            )
        for index, raw_delegation in enumerate(_records(r, "delegations"), start=1):
            meeting.children.append(
                _parse_delegation(label, raw_delegation, problems, f"{key}:{index}", provenance, lk)
            )
        parsed.append(meeting)
    return parsed


def _read(path: Path, label: str) -> dict[str, list[dict]]:
    document = load_yaml(path, label)
    if document is None:
        return {"series": [], "meetings": []}
    if not isinstance(document, dict):
        raise ReferenceError([f"{label}:1: the file must be a mapping with 'series' and 'meetings'"])
    problems = []
    unknown = set(document) - {"series", "meetings", "__line__", "__lines__"}
    for name in sorted(unknown):
        problems.append(f"{label}:{document['__lines__'].get(name, '?')}: unknown section '{name}'")
    sections = {}
    for name in ("series", "meetings"):
        records = document.get(name) or []
        line = document.get("__lines__", {}).get(name, "?")
        if not isinstance(records, list) or not all(isinstance(item, dict) for item in records):
            problems.append(f"{label}:{line}: '{name}' must be a list of records")
            records = []
        seen: dict[str, int] = {}
        for item in records:
            key = str(item.get("key") or "")
            if key and key in seen:
                problems.append(f"{label}:{item['__line__']}: key '{key}' is used twice (first on line {seen[key]})")
            seen.setdefault(key, item["__line__"])
        sections[name] = records
    if problems:
        raise ReferenceError(problems)
    return sections


class _Writer:
    def __init__(self, label: str, report: FileReport, problems: list[str]):
        self.label, self.report, self.problems = label, report, problems

    def upsert(self, parsed: Parsed, extra: dict[str, Any] | None = None):
        values = {**parsed.values, **(extra or {})}
        try:
            obj, outcome = registry.upsert_reference(parsed.model, ref_key=parsed.ref_key, values=values)
            if parsed.links and self._links(obj, parsed.links) and outcome == registry.UNCHANGED:
                outcome = registry.UPDATED
        except ValidationError as exc:
            self.problems.append(f"{self.label}:{parsed.line}: {flatten(exc)}")
            return None
        self.report.counts[outcome] += 1
        return obj

    def _links(self, obj, links: dict[str, list]) -> bool:
        before, after = {}, {}
        for name, targets in links.items():
            manager = getattr(obj, name)
            current = {o.pk for o in manager.all()}
            if current != {t.pk for t in targets}:
                before[name] = sorted(str(o) for o in manager.all())
                manager.set(targets)
                after[name] = sorted(str(t) for t in targets)
        if after:
            changelog.record(
                actor=LOADER, obj=obj, action=ChangeAction.UPDATE, before=before, after=after, via="command"
            )
        return bool(after)

    def write_tree(self, parsed: Parsed, parent=None, keep: set[str] | None = None):
        extra = {parsed.parent_field: parent} if parent is not None else {}
        obj = self.upsert(parsed, extra)
        if keep is not None:
            keep.add(parsed.ref_key)
        if obj is not None:
            for child in parsed.children:
                self.write_tree(child, obj, keep)
        return obj

    def remove_stale(self, meeting: Meeting, keep: set[str]) -> None:
        """Reference records of this meeting that the file no longer has: effects, outcomes, items,
        delegations (records added in the hub itself, without a reference key, stay)."""
        stale_sets = [
            DecisionEffect.objects.filter(decision__agenda_item__meeting=meeting),
            Outcome.objects.filter(agenda_item__meeting=meeting),
            AgendaItem.objects.filter(meeting=meeting),
            Delegation.objects.filter(meeting=meeting),
        ]
        for queryset in stale_sets:
            for stale in queryset.filter(ref_key__isnull=False).exclude(ref_key__in=keep):
                try:
                    with transaction.atomic():
                        changelog.record(
                            actor=LOADER,
                            obj=stale,
                            action=ChangeAction.DELETE,
                            before=changelog.snapshot(stale),
                            after={},
                            via="command",
                        )
                        stale.delete()
                except ProtectedError:
                    self.problems.append(
                        f"{self.label}: '{stale.ref_key}' is no longer in the file but changes made in the hub "
                        "depend on it; remove them first"
                    )
                    continue
                self.report.counts[registry.UPDATED] += 1


def load_file(path: Path, label: str | None = None) -> FileReport:
    label = label or path.name
    sections = _read(path, label)
    lookups = Lookups.load()
    problems: list[str] = []
    series = _parse_series(label, sections["series"], problems, lookups)
    meetings = _parse_meetings(label, sections["meetings"], problems, series, lookups)
    if problems:
        raise ReferenceError(problems)
    report = FileReport(label)
    writer = _Writer(label, report, problems)
    with transaction.atomic():
        saved_series = {key: writer.upsert(parsed) for key, parsed in series.items()}
        for parsed in meetings:
            series_key = parsed.values["series"]
            if series_key:
                parsed.values["series"] = saved_series.get(series_key)
                if parsed.values["series"] is None:
                    continue  # the series itself was refused, and reported
            keep: set[str] = set()
            meeting = writer.write_tree(parsed, keep=keep)
            if meeting is not None:
                writer.remove_stale(meeting, keep)
        if problems:
            raise ReferenceError(problems)
    return report


def load_reference(directory: Path) -> list[FileReport]:
    path = directory / FILE
    if not path.exists():
        raise ReferenceError([f"{FILE}: file not found in {directory.name}/"])
    return [load_file(path, f"{directory.name}/{FILE}")]
