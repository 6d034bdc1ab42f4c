"""The annual M&E report's files and summary, built once per data version and kept (issue 10, targets 4 and 6).

- ``download``: the report page's download links (PDF, XLSX, CSV of a cycle). The file of the current data
  that is already built is served at once; otherwise a background build is started, or joined when another
  visitor started it (hub.jobs.services.report_build: one build per cycle, format, table, language and data
  version), and the visitor is sent to its public page (/jobs/<id>/: progress, then the link back here,
  which then serves the file). A write changes the data version, so a download after it never gets the
  file of the data before it. In the test suite the backend runs the build in the request: the file comes
  at once.
- ``stored``: that file for the API (/api/v1/reports/{cycle}.pdf|.xlsx|.csv), which builds in the request
  only when no build of the current data exists (an API client gets the file, not a page).
- ``page_data``: what the report's page shows (the executive summary and key figures), kept in the cache
  under the data version and the language, so that only the first view after a write reads the network.
  A background build fills it too (``build_for_job``).
"""

from __future__ import annotations

import dataclasses

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language

from hub.core import dataversion
from hub.jobs.models import Job, JobState
from hub.jobs.services import report_build, report_key
from hub.monitoring import report
from hub.monitoring.models import ReportingCycle

PAGE_SECONDS = 7 * 24 * 3600  # the key holds the data version: an entry is never stale, only unused


def _page_key(cycle: ReportingCycle, version: str) -> str:
    return f"report-page:{cycle.pk}:{get_language() or ''}:{version}"


def _slim(data: report.ReportData) -> report.ReportData:
    """The page shows neither the appendix, the updates' texts nor the indicator figures: leave them out."""
    return dataclasses.replace(data, projects=[], updates=[], values=[])


def page_data(cycle: ReportingCycle) -> report.ReportData:
    """The report's data for its page (``rows=False``), from the cache while the data is unchanged."""
    version = dataversion.current().token  # read before the data it keys
    key = _page_key(cycle, version)
    data = cache.get(key)
    if data is None:
        data = _slim(report.build(cycle, rows=False))
        cache.set(key, data, PAGE_SECONDS)
    return data


def build_for_job(cycle: ReportingCycle) -> report.ReportData:
    """A background build's data (hub.jobs.tasks); its summary is kept for the page on the way."""
    version = dataversion.current().token
    data = report.build(cycle)
    cache.set(_page_key(cycle, version), _slim(data), PAGE_SECONDS)
    return data


def stored(cycle: ReportingCycle, fmt: str, table: str = "projects") -> report.Rendered | None:
    """The file of the current data if a build made it already (the API serves it instead of building)."""
    table = table if fmt == "csv" else "projects"
    built = (
        Job.objects.filter(key=report_key(cycle=cycle, fmt=fmt, table=table), state=JobState.DONE)
        .exclude(output_name="")
        .values_list("output", "output_type", "output_name")
        .first()
    )
    return report.Rendered(bytes(built[0]), built[1], built[2]) if built is not None else None


def download(request: HttpRequest, cycle: ReportingCycle, fmt: str, table: str) -> HttpResponse:
    """The file of the current data if it is built, else the page of its build (started or joined)."""
    table = table if fmt == "csv" else "projects"
    address = reverse("monitoring:report_file", args=[cycle.slug, fmt]) + (f"?table={table}" if fmt == "csv" else "")
    job, _started = report_build(cycle=cycle, fmt=fmt, table=table, download=address)
    if job.state == JobState.DONE:
        built = (
            Job.objects.filter(pk=job.pk, state=JobState.DONE)
            .exclude(output_name="")
            .values_list("output", "output_name", "output_type")
            .first()
        )
        if built is not None:
            content, name, content_type = built
            response = HttpResponse(bytes(content), content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return redirect(job)  # a redirect is never kept by the public cache
