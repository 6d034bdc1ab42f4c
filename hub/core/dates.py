"""Dates that may be known only to the year or the month.

A partial date is stored as two columns: the first day of the period it names and its precision.
"2024" is stored as (2024-01-01, "year"), "2024-06" as (2024-06-01, "month"). We never invent a day:
the precision travels with the date to every page, API response and export.

Comparisons with a day ("was X a member on 2024-06-30?") use the period's first day for a start
("joined in 2024" counts from 1 January) and its last day for an end ("until 2025" lasts through
31 December).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    first_day: date
    precision: str

    @classmethod
    def parse(cls, text: str | int | date) -> PartialDate:
        """Parse "2024", "2024-06" or "2024-06-25" (or a date); raise ValueError with a clear message."""
        if isinstance(text, date):
            return cls(text, Precision.DAY)
        raw = str(text).strip()
        match = _PATTERN.match(raw)
        if not match:
            raise ValueError(f"'{raw}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        try:
            if day:
                return cls(date(int(year), int(month), int(day)), Precision.DAY)
            if month:
                return cls(date(int(year), int(month), 1), Precision.MONTH)
            return cls(date(int(year), 1, 1), Precision.YEAR)
        except ValueError as exc:
            raise ValueError(f"'{raw}' is not a real date ({exc})") from exc

    @property
    def last_day(self) -> date:
        return last_day(self.first_day, self.precision)

    def __str__(self) -> str:
        return format_partial(self.first_day, self.precision)


def last_day(first: date, precision: str) -> date:
    if precision == Precision.YEAR:
        return date(first.year, 12, 31)
    if precision == Precision.MONTH:
        return date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    return first


def format_partial(value: date | None, precision: str | None) -> str:
    """The ISO-like text of a partial date: 2024, 2024-06 or 2024-06-25."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def parse_iso_day(text: str) -> date:
    """A full day, as the ?as_of= and ?date= parameters take it."""
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"'{text}' is not a date of the form YYYY-MM-DD") from exc
