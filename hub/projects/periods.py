"""Periods of indicator values, written only as precisely as the source gives them.

``2019`` (a year), ``2022-12`` (a month), ``2022-06-30`` (a day), ``2022-01/2022-06`` (a span from the
first day of the first part to the last day of the second) and ``undated 2022-12/2024-10`` (a figure the
source does not date; the span only bounds when it could be from and is never shown as its date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hub.core.dates import PartialDate

UNDATED = "undated"


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str
    undated: bool = False

    def fields(self) -> dict:
        """The IndicatorValue fields this period sets."""
        return {
            "period_start": self.start,
            "period_end": self.end,
            "period_label": self.label,
            "undated": self.undated,
        }


def _span(text: str) -> tuple[date, date, str]:
    first, sep, last = text.partition("/")
    start = PartialDate.parse(first.strip())
    end = PartialDate.parse(last.strip()) if sep else start
    if end.last_day < start.first_day:
        raise ValueError(f"'{text}': the period ends before it starts")
    label = str(start) if not sep or str(start) == str(end) else f"{start}/{end}"
    return start.first_day, end.last_day, label


def parse_period(text: str | int, *, label: str = "") -> Period:
    """Parse a period; raise ValueError with a message a person can act on."""
    raw = str(text).strip()
    if not raw:
        raise ValueError("a period is required, e.g. 2019, 2022-12 or 2022-01/2022-06")
    if raw.lower().startswith(UNDATED):
        bounds = raw[len(UNDATED) :].strip()
        if not bounds:
            raise ValueError(
                "an undated figure needs the span it must fall in, e.g. 'undated 2022-12/2024-10' "
                "(not before December 2022, not after October 2024)"
            )
        start, end, _ = _span(bounds)
        return Period(start, end, (label or f"{UNDATED} ({bounds})")[:40], undated=True)
    try:
        start, end, default_label = _span(raw)
    except ValueError as exc:
        message = str(exc)
        if "is not a date" in message:
            message = f"'{raw}' is not a period of the form 2019, 2022-12, 2022-06-30 or 2022-01/2022-06"
        raise ValueError(message) from exc
    return Period(start, end, (label or default_label)[:40])
