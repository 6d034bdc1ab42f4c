"""What the apps above projects add to its pages: the registry the project page and the list read.

Projects sits below monitoring (docs/architecture.md), so its pages never import it: monitoring registers
its parts in ``MonitoringConfig.ready()``, as the idea exchange and partnerships register their parts of
the M&E report (hub.monitoring.report.sections).

- ``ProjectSection``: a part of a project's page. ``collect(request, project)`` is called once per page
  and its result is given to ``template`` as ``found`` (monitoring: the project's M&E timeline);
  ``status_source(project, found)`` may say where the public status comes from (a ``StatusSource``: the
  page of the accepted update and its cycle's label), for the status line of "At a glance".
- ``register_focus_counts(counts)``: where the /projects/ chart reads its counts by focus area and public
  status when the list is filtered by country, member, status or focus area only: ``counts(country=,
  member=, status=, focus_area=)`` gives rows of ``focusarea_id``, ``public_status`` and ``n`` (monitoring:
  its pre-computed tallies, flat with the size of the network). Without one, the chart counts the list.
- ``register_list_totals(totals)``: where /projects/ reads, unfiltered or filtered by country, status or focus
  area only, how many projects the list holds and how many members (of its country) have projects:
  ``totals(country=, status=, focus_area=)`` gives ``(projects, members)`` (monitoring: the same tallies),
  instead of counting 50,000 projects and listing
  2,000 members on each request. Without one, the list is counted. ``projects_expression(country=, status=)``,
  if given, is the same count of projects as an expression a query reads beside its rows (the API's list: one
  query for the page and its count).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StatusSource:
    url: str
    label: str


@dataclass(frozen=True)
class ProjectSection:
    key: str
    collect: Callable[[Any, Any], Any]
    template: str
    order: int = 100
    status_source: Callable[[Any, Any], StatusSource | None] | None = None


_SECTIONS: dict[str, ProjectSection] = {}
_FOCUS_COUNTS: list[Callable[..., list[dict]]] = []
_LIST_TOTALS: list[Callable[..., tuple[int, int]]] = []
_LIST_TOTAL_EXPRESSION: list[Callable[..., Any]] = []


def register(section: ProjectSection) -> ProjectSection:
    """Add (or replace, by key) a part of the project page; called from an app's ready()."""
    _SECTIONS[section.key] = section
    return section


def project_sections() -> list[ProjectSection]:
    """The registered parts of the project page, in their order."""
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def register_focus_counts(counts: Callable[..., list[dict]]) -> None:
    """Set the chart's source of pre-computed counts (the last registered wins)."""
    _FOCUS_COUNTS[:] = [counts]


def focus_counts() -> Callable[..., list[dict]] | None:
    """The registered source of the chart's counts, or None: count the list."""
    return _FOCUS_COUNTS[0] if _FOCUS_COUNTS else None


def register_list_totals(
    totals: Callable[..., tuple[int, int]], projects_expression: Callable[..., Any] | None = None
) -> None:
    """Set the list's source of pre-computed totals (the last registered wins)."""
    _LIST_TOTALS[:] = [totals]
    _LIST_TOTAL_EXPRESSION[:] = [projects_expression] if projects_expression is not None else []


def list_totals() -> Callable[..., tuple[int, int]] | None:
    """The registered source of the list's totals, or None: count the list."""
    return _LIST_TOTALS[0] if _LIST_TOTALS else None


def list_total_expression() -> Callable[..., Any] | None:
    """The registered source of the list's count of projects as an expression, or None: count the list."""
    return _LIST_TOTAL_EXPRESSION[0] if _LIST_TOTAL_EXPRESSION else None
