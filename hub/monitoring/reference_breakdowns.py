"""The breakdowns of a published M&E report in data/me_reports.yaml, checked for hub.monitoring.reference:
shares in percent, the appendix's status grouping, and counts by focus area and by country, as printed."""

from __future__ import annotations

from hub.core.reference import Record
from hub.projects.models import FOCUS_AREAS, ProjectStatus, ReportStatus

FIELDS = ("by_status_percent", "appendix_status", "by_focus_area", "by_focus_area_percent", "by_country")
META = ("__line__", "__lines__")


def _mapping(r: Record, name: str, keys: list[str], *, percent: bool) -> dict:
    raw = r.raw.get(name)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        r.error(f"'{name}' must map each key to a number", field=name)
        return {}
    found = {}
    for key, value in raw.items():
        if key in META:
            continue
        line = raw.get("__lines__", {}).get(key)
        if key not in keys:
            r.error(f"'{name}': '{key}' is not one of {', '.join(keys)}", line)
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            r.error(f"'{name}': {key} must be a number of at least 0, not '{value}'", line)
        elif percent and value > 100:
            r.error(f"'{name}': {key} is a share in percent, at most 100, not {value}", line)
        elif not percent and not isinstance(value, int):
            r.error(f"'{name}': {key} must be a whole number of projects, not '{value}'", line)
        else:
            # A share keeps its printed digits (75 stays whole, 75.32 keeps two decimals): the comparison
            # allows for the rounding those digits imply.
            found[key] = value
    return found


def parse(r: Record, projects: int | None) -> dict:
    from hub.network.models import Country

    countries = list(Country.objects.values_list("code", flat=True))
    areas = [code for code, _name in FOCUS_AREAS]
    values = {
        "by_status_percent": _mapping(r, "by_status_percent", ProjectStatus.values, percent=True),
        "appendix_status": _mapping(r, "appendix_status", ReportStatus.values, percent=False),
        "by_focus_area": _mapping(r, "by_focus_area", areas, percent=False),
        "by_focus_area_percent": _mapping(r, "by_focus_area_percent", areas, percent=True),
        "by_country": _mapping(r, "by_country", countries, percent=False),
    }
    for name in ("appendix_status", "by_focus_area", "by_country"):
        total = sum(values[name].values())
        if values[name] and projects is not None and total != projects:
            r.error(f"'{name}' adds up to {total}, not the {projects} projects", field=name)
    return values
