"""Parts of the annual M&E report that other apps contribute: the registry the report reads them from.

Monitoring sits below the idea exchange and partnerships (docs/architecture.md), so the report never
imports them: each app registers a ``ReportSection`` in its ``AppConfig.ready()`` with ``register``, as
the apps add their tasks to hub.accounts.work.TASK_PROVIDERS. ``build`` calls every section's
``collect(cycle)`` once and keeps what it returns in ``ReportData.sections[key]``; the formats then ask
the section to say it:

- ``summary(found)``: sentences for the executive summary, in the active language;
- ``figures(found)``: (label, value) rows for the XLSX summary sheet;
- ``pdf(found, styles)``: the section's flowables in the PDF (built with hub.monitoring.report.pdf_draw);
- ``table``: (sheet title, columns, rows(data)) for the CSV table named ``key`` and the XLSX sheet;
- ``template``: the report page's part, rendered with ``found`` and ``cycle``.

``collect`` reads public data only, with a fixed number of queries whatever the size of the network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReportSection:
    key: str
    collect: Callable[[Any], Any]
    order: int = 100
    summary: Callable[[Any], list[str]] | None = None
    figures: Callable[[Any], list[tuple[str, Any]]] | None = None
    pdf: Callable[[Any, dict], list] | None = None
    table: tuple[str, list[str], Callable[[Any], Iterator[list[Any]]]] | None = None
    template: str = ""


_REGISTERED: dict[str, ReportSection] = {}


def register(section: ReportSection) -> ReportSection:
    """Add (or replace, by key) a section; called from an app's ready()."""
    _REGISTERED[section.key] = section
    return section


def report_sections() -> list[ReportSection]:
    """The registered sections, in their order."""
    return sorted(_REGISTERED.values(), key=lambda s: (s.order, s.key))
