"""Public M&E pages: the network, country and member dashboards, and the annual report's page.

Everything here is public data (the catalogue and accepted updates; counts of updates in review are
numbers only), read from the tallies (tallies.py: CycleFacts' counts kept per member and refreshed in every
write's transaction), a fixed number of queries summing a few thousand rows whatever the network's size.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.core.charts import map_points
from hub.monitoring import policies, report, report_store
from hub.monitoring.dashboard_charts import dashboard_charts, indicator_charts, published_section, status_series
from hub.monitoring.models import CycleState, ReportingCycle
from hub.monitoring.published import figure_rows
from hub.monitoring.report.sections import report_sections
from hub.monitoring.report.wording import REASONS, figures_rows, fmt_change, fmt_number, member_label, summary_sentences
from hub.monitoring.selectors import (
    annotate_public_progress,
    current_cycle,
    indicator_series,
)
from hub.monitoring.tallies import Tallies
from hub.network.models import Country, Member
from hub.projects.models import Project, ProjectStatus


def _chosen_cycle(request: HttpRequest, cycles: list[ReportingCycle]) -> tuple[ReportingCycle | None, str | None]:
    """(the cycle to show, an error). ?cycle=now shows today's statuses; no parameter, the last complete
    cycle (the latest closed one), else the current one: an open cycle looks empty until reports come in."""
    ref = request.GET.get("cycle", "").strip().replace("–", "-")
    if ref == "now":
        return None, None
    if ref:
        found = next((c for c in cycles if c.slug == ref), None)
        return found, None if found else _("There is no reporting cycle '%(ref)s'.") % {"ref": ref}
    closed = [c for c in cycles if c.state == CycleState.CLOSED]
    return (closed[-1] if closed else current_cycle(cycles)), None


def _cycle_note(cycle: ReportingCycle | None, cycles: list[ReportingCycle], figures) -> dict:
    """What the reader should know about the cycle shown: the running one, and why an open one looks thin."""
    running = current_cycle(cycles)
    note: dict = {}
    if running is not None and cycle is not None and running.pk != cycle.pk and running.state != CycleState.CLOSED:
        note["running"] = running
    if cycle is not None and cycle.state != CycleState.CLOSED:
        note["open"] = {"expected": figures.expected, "reported": figures.reported, "accepted": figures.accepted}
    return note


def _dashboard(request: HttpRequest, *, facts: Tallies, scope: dict, breakdown=None, breakdown_title: str = ""):
    """breakdown(facts, cycle, figures) gives the rows of the third chart (countries, or members)."""
    cycle, error = _chosen_cycle(request, facts.cycles)
    if error:
        context = {"errors": [error], "back": request.path}
        return render(request, "monitoring/bad_request.html", context, status=400)
    figures = facts.figures(cycle)
    series = facts.series()
    level = scope["level"]
    # Each chart drawn again only when its rows differ from the last drawing's (dashboard_charts.py).
    drawn = dashboard_charts(
        level, figures, series, breakdown(facts, cycle, figures) if breakdown else [], breakdown_title
    )
    entries = indicator_series(limit=12 if scope.get("member") else 6, **scope.get("series_filter", {}))
    context = {
        **scope,
        **(_published(request, facts) if level == "network" else {}),
        "cycle": cycle,
        "cycles": list(reversed(facts.cycles)),
        "figures": figures,
        "series": series,
        **drawn,
        "indicators": indicator_charts(level, entries),
        "can_see_late": policies.can_see_late(request.user),
        "today": timezone.localdate(),
        "demo_projects": facts.demo_projects(),
        "cycle_note": _cycle_note(cycle, facts.cycles, figures),
    }
    return render(request, "monitoring/dashboard.html", context)


def _published(request: HttpRequest, facts: Tallies) -> dict:
    """The published reports' figures beside the hub's live count (network dashboard only)."""
    rows = figure_rows(facts)
    return published_section(request, rows) if rows else {}


def _by_country(facts, cycle, figures) -> list[tuple]:
    return [(name, n, reverse("monitoring:country", args=[code.lower()])) for code, name, n in figures.by_country]


def _by_member(facts, cycle, figures) -> list[tuple]:
    return [(name, n, reverse("monitoring:member", args=[slug])) for name, slug, n in facts.by_member(cycle)]


def network(request: HttpRequest) -> HttpResponse:
    return _dashboard(
        request,
        facts=Tallies(),
        scope={"scope_title": _("The whole network"), "level": "network"},
        breakdown=_by_country,
        breakdown_title=_("Projects by country"),
    )


def country(request: HttpRequest, code: str) -> HttpResponse:
    if code != code.lower():
        return redirect("monitoring:country", code.lower(), permanent=True)
    obj = get_object_or_404(Country, code=code.upper())
    return _dashboard(
        request,
        facts=Tallies(country_ids=[obj.pk]),
        scope={"scope_title": obj.name, "country": obj, "level": "country", "series_filter": {"country_ids": [obj.pk]}},
        breakdown=_by_member,
        breakdown_title=_("Projects by member"),
    )


def member(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(Member.objects.select_related("country"), slug=slug)
    facts = Tallies(member_ids=[obj.pk])
    projects = list(
        annotate_public_progress(Project.objects.filter(member=obj)).prefetch_related("focus_areas").order_by("title")
    )
    status_names = dict(ProjectStatus.choices)
    for p in projects:
        p.public_status_label = status_names.get(p.public_status, p.public_status)
    return _dashboard(
        request,
        facts=facts,
        scope={
            "scope_title": obj.name,
            "member": obj,
            "country": obj.country,
            "level": "member",
            "projects": projects,
            "series_filter": {"member_ids": [obj.pk]},
        },
    )


# --- the annual report --------------------------------------------------------------------------------


def report_page(request: HttpRequest, cycle: str) -> HttpResponse:
    the_cycle = get_object_or_404(ReportingCycle, slug=cycle.replace("–", "-"))
    data = report_store.page_data(the_cycle)  # kept per data version; no appendix, no indicator figures
    figures = data.figures
    status_names = dict(status_series())
    sentences = summary_sentences(data)
    sm = data.summary
    return render(
        request,
        "monitoring/report.html",
        {
            "cycle": the_cycle,
            "cycles": [c for c in reversed(ReportingCycle.objects.order_by("start_date"))],
            "figures": figures,
            "status_rows": [(status_names[k], v) for k, v in figures.by_status.items()],
            "tables": [
                ("projects", _("CSV: projects")),
                ("updates", _("CSV: accepted updates")),
                ("indicator_values", _("CSV: indicator values")),
                ("membership", _("CSV: membership changes")),
                ("highlights", _("CSV: highlighted projects, one per member")),
            ],
            "provisional": the_cycle.state != "closed",
            # The executive summary, as the PDF says it (hub/monitoring/report/wording.py).
            "summary": sm,
            "lead": sentences[0][1][0],
            "points": sentences[1:],
            "summary_rows": [
                (label, fmt_number(c.now, unit), fmt_number(c.before, unit), fmt_change(c, unit))
                for label, c, unit in figures_rows(data)
            ],
            "focus_rows": [
                (
                    row.name,
                    fmt_number(row.projects.now),
                    fmt_change(row.projects),
                    row.completed,
                    fmt_number(row.average_progress.now),
                    fmt_number(row.average_progress.before),
                )
                for row in sm.focus
            ],
            "highlights": [(h, member_label(h), REASONS[h.reason]) for h in sm.highlights],
            "map": _report_map(sm.map_points, the_cycle),
            # The parts other apps register (hub.monitoring.report.sections), e.g. the exchange's collaborations.
            "sections": [
                {"template": s.template, "found": data.sections[s.key]}
                for s in report_sections()
                if s.template and s.key in data.sections
            ],
        },
    )


def _report_map(points, cycle: ReportingCycle) -> dict:
    """The network on the cycle's last day, as the PDF draws it: members with projects counted or not."""
    member_url = reverse("network:member", args=["__slug__"])
    return map_points(
        [
            {
                "label": p.name,
                "lat": p.lat,
                "lon": p.lon,
                "url": member_url.replace("__slug__", p.slug),
                "group": "with" if p.has_projects else "without",
                "area": p.country_name,
            }
            for p in points
        ],
        group_labels={
            "with": _("Member with projects counted in the cycle"),
            "without": _("Member without a project counted"),
        },
        chart_id="report-map",
        title=_("The members of the network on %(day)s") % {"day": cycle.end_date.isoformat()},
        area_label=_("Country"),
    )


def report_file(request: HttpRequest, cycle: str, fmt: str) -> HttpResponse:
    the_cycle = get_object_or_404(ReportingCycle, slug=cycle.replace("–", "-"))
    table = request.GET.get("table", "projects")
    if fmt not in report.FORMATS or (fmt == "csv" and table not in report.CSV_TABLES):
        return HttpResponseBadRequest(
            _("Choose a format (pdf, xlsx, csv) and, for CSV, a table (%(tables)s).")
            % {"tables": ", ".join(report.CSV_TABLES)},
            content_type="text/plain; charset=utf-8",
        )
    return report_store.download(request, the_cycle, fmt, table)  # the built file, or its build's page
