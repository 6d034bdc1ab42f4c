"""The storing half of the bulk writer (hub.projects.importing.batch.Writer): keys drawn before the parts, new
indicators and values with their change-log entries written in bulk (COPY on PostgreSQL, by copying.py for the
values), and hub.core.bulk.written gathered and sent once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import connection

from hub.core import bulk, changelog
from hub.core.changelog import plain as _plain
from hub.core.models import ChangeAction
from hub.projects.importing import copying
from hub.projects.importing.tables import Table
from hub.projects.models import Indicator, IndicatorValue

_AUTO_TIMES = ("created_at", "updated_at")  # bulk.insert sets them to the time of the write


class Storing:
    """Writer's methods that write in bulk. The state they use (new_values, value_bases, reserved, held, user,
    now, ...) is set by Writer.__init__."""

    def reserve(self, model: type, count: int) -> None:
        """Draw ``count`` primary keys of ``model`` now (PostgreSQL, one query), for the new records of the parts to
        come: a query of a part would wait until PostgreSQL has stored every part before it (hub.core.streaming),
        and PostgreSQL would then wait for the part. Keys left unused are a gap in the sequence, as a rollback's."""
        if connection.vendor == "postgresql" and count > 0:
            self.reserved[model] = iter(bulk.new_ids(model, count))

    def reserve_for(self, tables: Iterable[Table]) -> None:
        """Keys for what the values tables may create: a value per row, an indicator per project and name."""
        rows = [cells for table in tables for _line, cells in table.rows]
        self.reserve(IndicatorValue, len(rows))
        self.reserve(Indicator, len({(cells.get("project", ""), cells.get("indicator", "")) for cells in rows}))

    def _take(self, model: type, count: int) -> list[int] | None:
        """``count`` keys reserved for ``model``, or None (none reserved, or too few left: drawn by the writer)."""
        pool = self.reserved.get(model)
        if pool is None:
            return None
        ids = list(islice(pool, count))
        if len(ids) < count:
            del self.reserved[model]
            return None
        return ids

    def _value_entry(self, data: dict[str, Any], indicator: Indicator) -> tuple[dict[str, Any], str]:
        """changelog.snapshot_of a new value and its text, for the generic writers (copying.py makes them as COPY
        text on PostgreSQL): the fields that are the same for every value of the indicator (and its defaults)
        once, then the row's own (``data``), turned into text as snapshot_of does."""
        base = self.value_bases.get(id(indicator))
        if base is None:
            base = changelog.snapshot_of(IndicatorValue, {"indicator": indicator, "reported_by": self.user})
            self.value_bases[id(indicator)] = base
        after = base.copy()
        for name, value in data.items():
            # _plain of the row's values, its two common conversions inline (text, flags, lists and nothing
            # stay as they are)
            kind = type(value)
            if kind is Decimal:
                value = str(value.normalize()) if value == value.to_integral() else str(value)
            elif kind is date:
                value = value.isoformat()
            elif not (kind is str or kind is bool or kind is list or value is None):
                value = _plain(value)
            after[name] = value
        return after, IndicatorValue.text(indicator.name, data["period_label"], data["value"])

    def _create_indicators(self, indicators: list[Indicator]) -> None:
        """bulk_create, or on PostgreSQL with keys reserved a COPY (sent by the stream: nothing waits for it)."""
        ids = self._take(Indicator, len(indicators))
        if ids is None:
            Indicator.objects.bulk_create(indicators, batch_size=500)
            return
        fields = [f for f in Indicator._meta.concrete_fields if not f.primary_key]
        rows = [{f.attname: getattr(i, f.attname) for f in fields if f.attname not in _AUTO_TIMES} for i in indicators]
        bulk.insert(Indicator, rows, common={name: self.now for name in _AUTO_TIMES}, ids=ids)
        for indicator, pk in zip(indicators, ids, strict=True):
            indicator.pk = pk
            indicator.created_at = indicator.updated_at = self.now
            indicator._state.adding = False
            indicator._state.db = connection.alias

    def hold_signals(self) -> None:
        """From here, gather what bulk.written would tell of indicators and values until send_held(): its receivers
        read what was written (a query that waits for every COPY sent, hub.core.streaming), once at the end
        rather than after each part of a file."""
        self.held = {}

    def send_held(self) -> None:
        held, self.held = self.held, None
        for model, (pks, indicator_ids) in (held or {}).items():
            self._written(model, pks, indicator_ids)

    def _written(self, model: type, pks: list[int], indicator_ids: set[int] | None = None) -> None:
        if self.held is None:
            extra = {} if indicator_ids is None else {"indicator_ids": indicator_ids}
            bulk.written.send(model, pks=pks, **extra)
            return
        known_pks, known_indicators = self.held.setdefault(model, ([], None if indicator_ids is None else set()))
        known_pks.extend(pks)
        if indicator_ids is not None:
            known_indicators |= indicator_ids

    def _write_new_values(self) -> tuple[list[int], list[tuple]]:
        """The new values, and the change-log entries still to write for them (none where copying.py wrote
        them with the values: PostgreSQL, every row with the same fields)."""
        pending = self.new_values
        if not pending:
            return [], []
        names = tuple(pending[0][0])
        if (
            connection.vendor == "postgresql"
            and copying.writable(names)
            and all(tuple(d) == names for d, _i in pending)
        ):
            ids = self._take(IndicatorValue, len(pending))
            return copying.copy_new_values(pending, user=self.user, actor=self.actor, via=self.via, ids=ids), []
        user = self.user.pk if self.user else None
        ids = bulk.insert(
            IndicatorValue,
            [{**data, "indicator_id": i.pk, "reported_by_id": user} for data, i in pending],
            ids=self._take(IndicatorValue, len(pending)),
        )
        entries = []
        for pk, (data, indicator) in zip(ids, pending, strict=True):
            after, text = self._value_entry(data, indicator)
            entries.append((ChangeAction.CREATE, pk, text, {}, after))
        return ids, entries
