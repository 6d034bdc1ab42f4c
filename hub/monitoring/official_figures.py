"""For each published M&E report: what the report said beside what the hub's own data say.

The report's figures are PublishedFigure (data/me_reports.yaml, as printed); the hub's are counted from
the rows of the reports' project lists that the hub holds (hub.projects.official, demo data never
counted). Each line says whether the two agree. Where the report's text and its own appendix disagree
(shares in its charts, a status split the appendix does not give per project), the text's reading is
kept beside the line and flagged, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.projects.models import FOCUS_AREAS, FocusArea, ReportStatus, focus_area_label
from hub.projects.official import ReportCounts

STATUS_LABELS = {
    "ongoing": gettext_lazy("ongoing"),
    "planning": gettext_lazy("planning"),
    "completed": gettext_lazy("completed"),
    "discontinued": gettext_lazy("discontinued"),
}


@dataclass
class Line:
    group: str  # total, status, focus_area, country
    key: str
    label: str
    official: int | None  # the report's figure (None: the report gives none)
    hub: int  # the hub's count from the report's rows
    text: str = ""  # the report's text where it reads otherwise, or gives more (a split, a share)
    text_differs: bool = False  # the text's reading disagrees with the report's own appendix

    @property
    def agrees(self) -> bool | None:
        return None if self.official is None else self.official == self.hub


def _decimals(value) -> int:
    return 0 if isinstance(value, int) else len(repr(float(value)).split(".")[1])


def _share_differs(count: int, total: int, percent) -> bool:
    """Whether a printed share cannot be count/total rounded to the digits it was printed with."""
    if not total:
        return False
    share = 100 * count / total
    return abs(share - float(percent)) > 0.5 * 10 ** -_decimals(percent) + 1e-9


def _status_text(figure, appendix_status: str) -> str:
    given = figure.by_status or {}
    percent = figure.by_status_percent or {}
    if appendix_status == ReportStatus.ONGOING_OR_PLANNING:
        parts = [s for s in ("ongoing", "planning") if s in given]
    elif appendix_status == ReportStatus.COMPLETED:
        parts = ["completed"] if "completed" in given else []
    else:
        parts = [s for s in ("ongoing", "planning", "completed", "discontinued") if s in given]
    texts = []
    for status in parts:
        text = f"{STATUS_LABELS[status]} {given[status]}"
        if status in percent:
            text += f" ({percent[status]}%)"
        texts.append(text)
    return ", ".join(texts)


def focus_area_names(areas=None) -> dict[str, str]:
    """Each focus area's name in the active language, by code (the framework's six, and any other row);
    ``areas``: every FocusArea row when the caller has read them already."""
    names = {code: focus_area_label(code) for code, _name in FOCUS_AREAS}
    names.update({area.code: area.label for area in (FocusArea.objects.all() if areas is None else areas)})
    return names


def compare(figure, counts: ReportCounts | None, countries: dict[str, str], names: dict[str, str]) -> list[Line]:
    """The lines of one report: total, status (the appendix's grouping), focus area, country."""
    counts = counts or ReportCounts(figure.report_year)
    lines = [Line("total", "total", _("Projects"), figure.projects, counts.total)]
    percent = figure.by_status_percent or {}
    status_text_differs = any(
        _share_differs((figure.by_status or {}).get(s, 0), figure.projects, p) for s, p in percent.items()
    )
    for status in ReportStatus:
        official = (figure.appendix_status or {}).get(status.value)
        hub = counts.by_status.get(status.value, 0)
        if official is None and not hub:
            continue
        text = _status_text(figure, status.value)
        lines.append(Line("status", status.value, str(status.label), official, hub, text, status_text_differs))
    shares = figure.by_focus_area_percent or {}
    for code, _name in FOCUS_AREAS:
        official = (figure.by_focus_area or {}).get(code)
        hub = counts.by_focus_area.get(code, 0)
        if official is None and not hub and code not in shares:
            continue
        text, differs = "", False
        if code in shares:
            text = _("%(share)s%% in the text's chart") % {"share": shares[code]}
            differs = _share_differs(official if official is not None else hub, figure.projects, shares[code])
        lines.append(Line("focus_area", code, _(names[code]), official, hub, text, differs))
    given = figure.by_country or {}
    for code in sorted(set(given) | set(counts.by_country), key=lambda c: countries.get(c, c)):
        lines.append(Line("country", code, countries.get(code, code), given.get(code), counts.by_country.get(code, 0)))
    return lines
