"""Indicators over time: the dashboards' line charts of the public indicators with the most dated values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import NamedTuple

from hub.core import compiled
from hub.monitoring.public import published_values
from hub.projects.models import Indicator

# --- indicators over time -----------------------------------------------------------------------------


class SeriesValue(NamedTuple):
    """One dated public value of an indicator, as the dashboards' line charts draw it."""

    period_end: date
    value: Decimal
    period_label: str


@dataclass(frozen=True)
class SeriesIndicator:
    """What the dashboards read of an indicator they chart: ``project`` has ``title``, ``slug`` and ``member``
    (``name``, ``slug``)."""

    pk: int
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    project: SimpleNamespace


def indicator_series(*, country_ids=None, member_ids=None, project_ids=None, limit: int = 6) -> list[dict]:
    """Public indicators with at least two dated values in the scope, most values first, with their series.

    Two queries whatever the scope: the chosen indicators with their names (SeriesIndicator: what the
    dashboards read of an Indicator), their values.
    """

    def scoped(qs, path: str):
        if country_ids is not None:
            qs = qs.filter(**{f"{path}project__member__country_id__in": country_ids})
        if member_ids is not None:
            qs = qs.filter(**{f"{path}project__member_id__in": member_ids})
        if project_ids is not None:
            qs = qs.filter(**{f"{path}project_id__in": project_ids})
        return qs

    # The count of each indicator's dated public values is kept in IndicatorTally (tallies.py): the network
    # dashboard reads the six largest from its index instead of counting millions of values. Plain values,
    # the SQL compiled once per scope (hub/core/compiled.py: the QuerySets are built only then).
    scope = tuple(None if x is None else tuple(x) for x in (country_ids, member_ids, project_ids))
    found = compiled.rows(
        ("indicator-chosen", limit, *scope),
        lambda: (
            scoped(Indicator.objects.filter(tally__dated_values__gte=2), "")
            .order_by("-tally__dated_values", "pk")
            .values_list(
                *("pk", "name", "unit", "baseline", "target", "project__title", "project__slug"),
                *("project__member__name", "project__member__slug"),
            )[:limit]
        ),
    )
    chosen = [
        SeriesIndicator(
            pk=pk,
            name=name,
            unit=unit,
            baseline=baseline,
            target=target,
            project=SimpleNamespace(title=title, slug=slug, member=SimpleNamespace(name=member, slug=member_slug)),
        )
        for pk, name, unit, baseline, target, title, slug, member, member_slug in found
    ]
    if not chosen:
        return []
    # The values as plain tuples (what the charts draw): building a model for each of hundreds of values
    # cost more than the whole query.
    ids = tuple(i.pk for i in chosen)
    rows = compiled.rows(
        ("indicator-series", ids, *scope),
        lambda: (
            scoped(published_values().filter(undated=False), "indicator__")
            .filter(indicator_id__in=ids)
            .order_by("indicator_id", "period_end", "pk")
            .values_list("indicator_id", "period_end", "value", "period_label")
        ),
    )
    series: dict[int, list[SeriesValue]] = {}
    for indicator_id, *value in rows:
        series.setdefault(indicator_id, []).append(SeriesValue(*value))
    return [{"indicator": i, "values": series[i.pk]} for i in chosen if i.pk in series]
