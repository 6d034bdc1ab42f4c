"""The report's tables for analysts (CSV and XLSX share them): projects, updates, indicator values,
membership changes, highlighted projects, and the tables of the registered sections (all_tables).
Plain values only (text, numbers, ISO dates) so both formats say the same."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from hub.monitoring.report.data import ReportData


def plain_decimal(value: Decimal | None) -> str:
    if value is None:
        return ""
    value = value.normalize()
    return f"{value:f}" if value != value.to_integral() else str(int(value))


def _projects(data: ReportData) -> Iterator[list[Any]]:
    for line in data.projects:
        p = line.row
        yield [
            data.cycle.slug,
            p.country_code,
            p.country_name,
            p.member_name,
            p.member_slug,
            p.title,
            p.slug,
            "; ".join(line.focus_areas),
            line.status,
            line.progress if line.progress is not None else "",
            "yes" if line.reported else "no",
            p.start_date.isoformat() if p.start_date else "",
            p.end_date.isoformat() if p.end_date else "",
            "yes" if p.is_demo else "no",
        ]


def _updates(data: ReportData) -> Iterator[list[Any]]:
    for u in data.updates:
        yield [
            data.cycle.slug,
            u.country_code,
            u.country_name,
            u.member_name,
            u.title,
            u.slug,
            u.status,
            u.progress,
            "; ".join(u.milestones),
            u.narrative,
            u.challenges,
            u.support_needed,
            u.language,
            u.accepted_at.date().isoformat() if u.accepted_at else "",
            "yes" if u.is_demo else "no",
        ]


def _values(data: ReportData) -> Iterator[list[Any]]:
    for v in data.values:
        yield [
            data.cycle.slug,
            v.country_code,
            v.country_name,
            v.member_name,
            v.title,
            v.indicator,
            v.unit,
            v.direction,
            plain_decimal(v.baseline),
            plain_decimal(v.target),
            v.period_label,
            v.period_start.isoformat(),
            v.period_end.isoformat(),
            plain_decimal(v.value),
            "yes" if v.undated else "no",
            "progress update" if v.reported_in is not None else "reference data",
            v.note,
        ]


def _membership(data: ReportData) -> Iterator[list[Any]]:
    for e in data.membership_events:
        yield [
            data.cycle.slug,
            e.effective_display,
            e.effective_date_precision,
            e.member.country.code,
            e.member.name,
            e.member.slug,
            e.status,
            e.decided_by,
        ]


def _highlights(data: ReportData) -> Iterator[list[Any]]:
    for h in data.summary.highlights:
        yield [
            data.cycle.slug,
            h.country_code,
            h.country_name,
            h.member_name,
            h.local_name,
            h.title,
            h.slug,
            h.status,
            h.progress,
            h.gain if h.gain is not None else "",
            h.reason,
            h.narrative,
            "yes" if h.is_demo else "no",
        ]


# name -> (sheet title, columns, rows)
TABLES: dict[str, tuple[str, list[str], Callable[[ReportData], Iterator[list[Any]]]]] = {
    "projects": (
        "Projects",
        [
            "cycle",
            "country_code",
            "country",
            "member",
            "member_slug",
            "project",
            "project_slug",
            "focus_areas",
            "status",
            "progress_percent",
            "reported_in_cycle",
            "start",
            "end",
            "demo",
        ],
        _projects,
    ),
    "updates": (
        "Updates",
        [
            "cycle",
            "country_code",
            "country",
            "member",
            "project",
            "project_slug",
            "status",
            "progress_percent",
            "milestones",
            "narrative",
            "challenges",
            "support_needed",
            "language",
            "accepted_on",
            "demo",
        ],
        _updates,
    ),
    "indicator_values": (
        "Indicator values",
        [
            "cycle",
            "country_code",
            "country",
            "member",
            "project",
            "indicator",
            "unit",
            "direction",
            "baseline",
            "target",
            "period",
            "period_start",
            "period_end",
            "value",
            "undated",
            "reported_through",
            "note",
        ],
        _values,
    ),
    "membership": (
        "Membership changes",
        ["cycle", "effective", "precision", "country_code", "member", "member_slug", "status", "decided_by"],
        _membership,
    ),
    # One project per member, picked by the rule of hub/monitoring/report/summary.py (reason: why it was picked)
    "highlights": (
        "Highlighted projects",
        [
            "cycle",
            "country_code",
            "country",
            "member",
            "member_local_name",
            "project",
            "project_slug",
            "status",
            "progress_percent",
            "progress_gain_points",
            "reason",
            "narrative",
            "demo",
        ],
        _highlights,
    ),
}


def all_tables() -> dict[str, tuple[str, list[str], Callable[[ReportData], Iterator[list[Any]]]]]:
    """The report's own tables, then those of the sections other apps register (hub/partnerships: money
    committed, secured and disbursed in the cycle, in USD), by name."""
    from hub.monitoring.report.sections import report_sections

    tables = dict(TABLES)
    for section in report_sections():
        if section.table is not None:
            tables[section.key] = section.table
    return tables
