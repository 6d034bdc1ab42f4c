"""Carrying out the checked plans in bulk: the same records, counts, problems and change-log entries as
writing each row through the services (hub.projects.importing.writing), at a few queries per file.

Each plan is checked against lookups read once (indicators and values of the projects the file names,
the records it updates, locked for the transaction) with the checks the services run (hub.core.services
.validate without its queries: uniqueness is known from the lookups), then the new and changed records are
written in batches: COPY on PostgreSQL (hub.core.bulk), the change log through changelog.record_many (one
entry per record and write, as record() writes it; new values and their entries by copying.py, in one pass),
and hub.core.bulk.written sent for the records written (the search index and the matcher's vectors follow
it, as they follow one record's save signals).

A row this path does not handle exactly as the services would (a value the rules refuse, a record the
file writes twice, an edit the importer's rights depend on the details of) goes through writing.py's
per-row path instead, after the rows before it are written: its problems and results are the services'
own. Such rows are rare; they cost the ~17 queries a row of the per-row path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.accounts.models import User
from hub.core import bulk, changelog
from hub.core.changelog import plain as _plain
from hub.core.inputs import text_problem
from hub.core.models import ChangeAction
from hub.projects.importing import writing
from hub.projects.importing.lookups import Lookups, chunks
from hub.projects.importing.projectbatch import ProjectWriting
from hub.projects.importing.projectbatch import fine as _fine
from hub.projects.importing.rows import PlannedValue
from hub.projects.importing.storing import Storing
from hub.projects.importing.tables import Report
from hub.projects.models import FocusArea, Indicator, IndicatorValue, Project

Key = tuple[int, str, date, date, str]  # project pk, indicator name, period start, end and label
_VALUE_FIELDS = ("value", "note", "sources", "confidence", "source_note", "period_start", "period_end")
_LABEL_MAX = IndicatorValue._meta.get_field("period_label").max_length
_DECIMAL_CHECKS = IndicatorValue._meta.get_field("value").validators
# What _load_for_values reads of a value the file names: every column but the bookkeeping timestamps
_STORED = tuple(
    f.attname for f in IndicatorValue._meta.concrete_fields if f.attname not in ("created_at", "updated_at")
)


def _same(stored: Any, given: Any) -> bool:
    """Whether a field's stored value and the row's are the same as a snapshot holds them (changelog.plain):
    equal values of one type are (the common case, without plain's conversions), others are compared as text."""
    return stored == given or _plain(stored) == _plain(given)


def _decimal_fine(value: Decimal) -> bool:
    try:
        for check in _DECIMAL_CHECKS:
            check(value)
    except ValidationError:
        return False
    return True


@lru_cache(maxsize=4096)
def _label_fine(label: str) -> bool:
    return 0 < len(label) <= _LABEL_MAX and not text_problem(label, one_line=True)


def _value_fine(data: dict[str, Any]) -> bool:
    """True only if hub.core.services.validate passes a new value with ``data`` (the checks of the row
    already hold its choices, dates and sources); anything else takes the services' path for its message."""
    start, end = data.get("period_start"), data.get("period_end")
    value = data.get("value")
    return (
        isinstance(value, Decimal)
        and start is not None
        and end is not None
        and end >= start
        and _label_fine(data.get("period_label") or "")
        and "\x00" not in data["note"]
        and "\x00" not in data["source_note"]
        and _decimal_fine(value)
    )


class Writer(ProjectWriting, Storing):
    """Writes the plans of one import, in file order, within the caller's transaction."""

    def __init__(self, *, actor, via: str, report: Report, lookups: Lookups, progress: Callable[[int], None]):
        self.actor, self.via, self.report, self.lookups = actor, via, report, lookups
        self.progress = progress
        self.user = actor if getattr(actor, "pk", None) and hasattr(actor, "email") else None
        self.now = timezone.now()
        self.areas = {fa.code: fa for fa in FocusArea.objects.all()}
        # pending writes, flushed in order before any per-row write and at the end
        self.new_projects: list[tuple[Project, list[str]]] = []
        self.changed_projects: list[Project] = []
        self.area_changes: list[tuple[Project, list[str], list[str]]] = []
        self.project_entries: list[tuple] = []
        self.new_indicators: list[Indicator] = []
        self.new_values: list[tuple[dict[str, Any], Indicator]] = []
        self.changed_values: list[dict[str, Any]] = []  # the stored fields (_STORED) with the row's
        self.value_entries: list[tuple] = []
        # what the values are checked against
        self.indicators: dict[tuple[int, str], Indicator] = {}
        self.loaded_projects: set[int] = set()  # those whose indicators and values are read
        self.value_pks: dict[Key, int] = {}
        # values the file may change, by pk: a dict of their stored fields (_STORED)
        self.loaded_values: dict[int, dict[str, Any]] = {}
        self.indicators_by_pk: dict[int, Indicator] | None = None  # _stored(), made once the file's are known
        self.users: dict[int, User | None] = {}
        self.touched: set[Key] = set()
        self.value_bases: dict[int, dict[str, Any]] = {}
        self.written = 0
        self.held: dict[type, tuple[list[int], set[int] | None]] | None = None  # hold_signals
        self.reserved: dict[type, Iterator[int]] = {}  # reserve()

    # --- indicator values ----------------------------------------------------------------------

    def values(self, plans: list[PlannedValue]) -> None:
        self._load_for_values(plans)
        for plan in plans:
            self._value(plan)
            self.progress(1)
        self.flush()

    def load_values_of(self, slugs: Iterable[str]) -> None:
        """Read the indicators and values of the projects with these slugs, those not read yet: in one go, before
        the rows that name them (run_import reads those of a whole file before it checks its first value)."""
        slugs = set(slugs)
        self.lookups.load_slugs(slugs)
        projects = {p.pk for p in map(self.lookups.project, slugs) if p is not None} - self.loaded_projects
        self.loaded_projects |= projects
        if projects:
            self.indicators_by_pk = None  # _stored() makes it again, with these projects' indicators
        for part in chunks(sorted(projects)):
            for indicator in Indicator.objects.filter(project_id__in=part).order_by("pk"):
                self.indicators.setdefault((indicator.project_id, indicator.name), indicator)
            rows = IndicatorValue.objects.filter(indicator__project_id__in=part).order_by("pk")
            for pk, project_id, name, start, end, label in rows.values_list(
                "pk", "indicator__project_id", "indicator__name", "period_start", "period_end", "period_label"
            ):
                self.value_pks.setdefault((project_id, name, start, end, label), pk)

    def _load_for_values(self, plans: list[PlannedValue]) -> None:
        self.load_values_of(plan.project_slug for plan in plans)
        wanted = set()
        for plan in plans if self.value_pks else ():  # none to find where the projects have no values yet
            key = self._key(plan)
            if key is not None and key in self.value_pks and self.value_pks[key] not in self.loaded_values:
                wanted.add(self.value_pks[key])
        # Read as tuples, locked: a file sent again finds most of its values unchanged, and needs no instance
        # (nor the bookkeeping timestamps) to tell; _stored() makes one for a value the row changes.
        for part in chunks(sorted(wanted)):
            rows = IndicatorValue.objects.select_for_update().filter(pk__in=part).values_list(*_STORED)
            for row in rows:
                self.loaded_values[row[0]] = dict(zip(_STORED, row, strict=True))

    def _stored(self, row: dict[str, Any]) -> IndicatorValue:
        """The instance of a value read by _load_for_values, with its indicator (read before) and reporter (a few
        users, read once each) attached rather than joined. Its timestamps are not read: created_at stays unset
        (never written back: bulk.update writes the fields it is given), updated_at is set by the change."""
        value = IndicatorValue(**row)
        value._state.adding = False
        value._state.db = connection.alias
        value.indicator = self._indicator(value.indicator_id)
        if value.reported_by_id is not None:
            value.reported_by = self._reporter(value.reported_by_id)
        return value

    def _reporter(self, pk: int) -> User | None:
        """The user with this pk: the reporters of a file's values are a few, each read once."""
        if pk not in self.users:
            self.users[pk] = User.objects.filter(pk=pk).first()
        return self.users[pk]

    def _indicator(self, pk: int) -> Indicator:
        """The indicator with this pk, of those read (one query for another, which a value's would not be)."""
        indicators = self.indicators_by_pk
        if indicators is None:
            indicators = self.indicators_by_pk = {i.pk: i for i in self.indicators.values() if i.pk is not None}
        indicator = indicators.get(pk)
        if indicator is None:
            indicator = indicators[pk] = Indicator.objects.get(pk=pk)
        return indicator

    def _key(self, plan: PlannedValue) -> Key | None:
        project = self.lookups.project(plan.project_slug)
        data = plan.data
        if project is None or "period_start" not in data:
            return None
        return (project.id, plan.indicator_name, data["period_start"], data["period_end"], data["period_label"])

    def _value(self, plan: PlannedValue) -> None:
        row, lookups = plan.row, self.lookups
        project = lookups.project(plan.project_slug)
        if project is None:
            row.error(
                "project",
                _("No project has the slug '%(slug)s' (in the hub or in this file).") % {"slug": plan.project_slug},
            )
            return
        only = lookups.only_member
        if only is not None and project.member_id != only.pk:
            row.error("project", _("This import is for %(member)s only.") % {"member": only.name})
            return
        key = self._key(plan)
        if key is None or key in self.touched or not lookups.may_edit(project):
            return self._per_row_value(plan, project, key)
        indicator = self.indicators.get((project.id, plan.indicator_name))
        new_indicator = None
        if indicator is None:
            if not plan.unit:
                row.error(
                    "unit",
                    _("The project has no indicator '%(name)s' yet: give its unit to create it.")
                    % {"name": plan.indicator_name},
                )
                return
            new_indicator = Indicator(
                project=project, name=plan.indicator_name, unit=plan.unit, direction=plan.direction
            )
            if not _fine(new_indicator, ["project"]):
                return self._per_row_value(plan, project, key)
        elif plan.unit and plan.unit != indicator.unit:
            row.error(
                "unit",
                _("The indicator is counted in '%(unit)s', not '%(given)s'.")
                % {"unit": indicator.unit, "given": plan.unit},
            )
            return
        existing = self.value_pks.get(key)
        if existing is None:
            if not _value_fine(plan.data):
                return self._per_row_value(plan, project, key)
            if new_indicator is not None:
                indicator = new_indicator
                self.indicators[(project.pk, plan.indicator_name)] = indicator
                self.new_indicators.append(indicator)
                self.report.count("indicators", "created")
            self._add_value(indicator, plan.data)
        elif not self._change_value(self.loaded_values[existing], plan.data):
            return self._per_row_value(plan, project, key)
        self.touched.add(key)

    def _add_value(self, indicator: Indicator, data: dict[str, Any]) -> None:
        self.new_values.append((data, indicator))
        self.report.count("values", "created")

    def _change_value(self, stored: dict[str, Any], data: dict[str, Any]) -> bool:
        """update_record's steps for one value; False if validate refuses it (the per-row path says why)."""
        if (
            stored["ref_key"] is None
            and stored["alternatives"] == []
            and _value_fine(data)
            and all(_same(stored[name], value) for name, value in data.items())
        ):
            # What the steps below find without a snapshot of the whole record: validate() is not needed (see
            # below), and the row changes none of its fields as a snapshot holds them (a file sent again)
            self.report.count("values", "unchanged")
            return True
        # update_record's steps on the stored fields (an instance only for the whole check, rarely)
        before = self._snapshot(stored)
        current = {**stored, **data}
        if current["period_end"] < current["period_start"]:
            return False
        # validate() passes when the row's fields pass _value_fine and the fields the row does not set are
        # the defaults (no reference key, no alternative readings); any other record gets the whole check.
        plain = _value_fine(data) and current["ref_key"] is None and current["alternatives"] == []
        if not plain and not _fine(self._stored(current), ["indicator", "reported_by"]):
            return False
        # the snapshot after: only the row's fields (plain, none a relation) have changed
        after = dict(before)
        for name, value in data.items():
            if name in after:
                after[name] = _plain(value)
        if before == after:
            self.report.count("values", "unchanged")
            return True
        current["version"] += 1
        current["updated_at"] = self.now
        self.changed_values.append(current)
        name = self._indicator(current["indicator_id"]).name
        text = IndicatorValue.text(name, current["period_label"], current["value"])
        self.value_entries.append((ChangeAction.UPDATE, current["id"], text, before, after))
        self.report.count("values", "updated")
        return True

    def _snapshot(self, stored: dict[str, Any]) -> dict[str, Any]:
        """changelog.snapshot of a value read by _load_for_values, from its fields (snapshot_of)."""
        reporter = stored["reported_by_id"]
        related = {"indicator": self._indicator(stored["indicator_id"]), "reported_by": None}
        if reporter is not None:
            related["reported_by"] = self._reporter(reporter)
        return changelog.snapshot_of(IndicatorValue, {**stored, **related})

    def _per_row_value(self, plan: PlannedValue, project: Project, key: Key | None) -> None:
        self.flush()
        writing.write_value(plan, self.actor, self.via, self.report, self.lookups.only_member)
        # What the services wrote (or left, if they refused the row) is what the next rows find.
        name = plan.indicator_name
        indicator = Indicator.objects.filter(project=project, name=name).order_by("pk").first()
        if indicator is not None:
            self.indicators[(project.pk, name)] = indicator
        else:
            self.indicators.pop((project.pk, name), None)
        if key is not None:
            self.touched.add(key)

    # --- writing what is pending ---------------------------------------------------------------

    def flush(self) -> None:
        """Write every pending record and its change-log entries, in the order the services would."""
        self._flush_projects()
        self._flush_values()

    def _flush_values(self) -> None:
        if self.new_indicators:
            self._create_indicators(self.new_indicators)
            changelog.record_many(
                actor=self.actor,
                model=Indicator,
                entries=[(ChangeAction.CREATE, i.pk, str(i), {}, changelog.snapshot(i)) for i in self.new_indicators],
                via=self.via,
            )
            self._written(Indicator, [i.pk for i in self.new_indicators])
            self.new_indicators = []
        if not (self.new_values or self.changed_values):
            return
        ids, entries = self._write_new_values()
        if self.changed_values:
            fields = [*_VALUE_FIELDS, "period_label", "undated", "version", "updated_at"]
            bulk.update_rows(IndicatorValue, self.changed_values, fields)
        changelog.record_many(
            actor=self.actor, model=IndicatorValue, entries=entries + self.value_entries, via=self.via
        )
        self._written(
            IndicatorValue,
            list(ids) + [v["id"] for v in self.changed_values],
            {i.pk for _d, i in self.new_values} | {v["indicator_id"] for v in self.changed_values},
        )
        self.written += len(ids) + len(self.changed_values)
        self.new_values, self.changed_values, self.value_entries = [], [], []
