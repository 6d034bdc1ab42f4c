"""Read side of monitoring & evaluation, by concern (each module's docstring says more):

- hub/monitoring/cyclefacts.py: ``CycleFacts``, the one definition of which projects count in a cycle
  (cycle_rows.py: the rows and figures it works out);
- hub/monitoring/public.py: a project's public progress, the published indicator values, its M&E timeline;
- hub/monitoring/series.py: indicators over time (the dashboards' line charts);
- hub/monitoring/today.py: today's figures from the per-country tallies (the /projects/ chart and list).

Their names are importable from here too, as before the split.
"""

from hub.monitoring.cycle_rows import FINISHED, PROJECT_FIELDS, STATUS_ORDER, CycleFigures, ProjectRow, UpdateRow
from hub.monitoring.cyclefacts import CycleFacts, current_cycle
from hub.monitoring.public import _latest_accepted, annotate_public_progress, project_timeline, published_values
from hub.monitoring.series import SeriesIndicator, SeriesValue, indicator_series
from hub.monitoring.today import (
    cycle_update_counts,
    projects_by_focus_today,
    today_by_focus,
    today_projects_total,
    today_totals,
)

__all__ = [
    "FINISHED",
    "PROJECT_FIELDS",
    "STATUS_ORDER",
    "CycleFacts",
    "CycleFigures",
    "ProjectRow",
    "SeriesIndicator",
    "SeriesValue",
    "UpdateRow",
    "_latest_accepted",
    "annotate_public_progress",
    "current_cycle",
    "cycle_update_counts",
    "indicator_series",
    "project_timeline",
    "projects_by_focus_today",
    "published_values",
    "today_by_focus",
    "today_projects_total",
    "today_totals",
]
