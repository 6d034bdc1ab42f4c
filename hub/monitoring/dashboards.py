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
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hub.core.charts import bar_chart, map_points, stacked_bar_chart
from hub.monitoring import charts, policies, report, report_store
from hub.monitoring.models import CycleState, ReportingCycle
from hub.monitoring.published import figure_rows, figures_chart
from hub.monitoring.report.sections import report_sections
from hub.monitoring.report.wording import REASONS, figures_rows, fmt_change, fmt_number, member_label, summary_sentences
from hub.monitoring.selectors import (
    STATUS_ORDER,
    annotate_public_progress,
    current_cycle,
    indicator_series,
)
from hub.monitoring.tallies import Tallies
from hub.network.models import Country, Member
from hub.projects.chart import stacked_chart_html
from hub.projects.models import Project, ProjectStatus


def _status_series() -> list[tuple[str, str]]:
    return [(s.value, capfirst(str(s.label))) for s in STATUS_ORDER]


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
    status_names = dict(_status_series())
    focus = stacked_bar_chart(
        [{"label": area.label, "values": counts} for area, counts in figures.by_focus],
        [{"key": key, "label": label} for key, label in _status_series()],
        bar_height=24,
        title=_("Projects by focus area and status"),
        label_heading=_("Focus area"),
        chart_id="chart-focus",
        width=760,
    )
    statuses = bar_chart(
        [(status_names[k], v) for k, v in figures.by_status.items()],
        width=460,
        chart_id="chart-status",
        title=_("Projects by status"),
        label_heading=_("Status"),
        value_heading=_("Projects"),
    )
    breakdown_chart = bar_chart(
        breakdown(facts, cycle, figures) if breakdown else [],
        width=460,
        chart_id="chart-breakdown",
        title=breakdown_title,
        value_heading=_("Projects"),
    )
    cycle_labels = [row["cycle"].label for row in series]
    growth = charts.columns(
        cycle_labels,
        [
            (_("Projects counted"), [r["projects"] for r in series]),
            (_("Updates accepted"), [r["accepted"] for r in series]),
        ],
        title=_("Projects and accepted updates per cycle"),
        category_heading=_("Cycle"),
        chart_id="chart-cycles",
    )
    flow = charts.columns(
        cycle_labels,
        [
            (_("Expected to report"), [r["expected"] for r in series]),
            (_("Submitted"), [r["submitted"] for r in series]),
            (_("Accepted"), [r["accepted"] for r in series]),
        ],
        title=_("Updates submitted and accepted per cycle"),
        category_heading=_("Cycle"),
        chart_id="chart-flow",
    )
    indicators = []
    for entry in indicator_series(limit=12 if scope.get("member") else 6, **scope.get("series_filter", {})):
        indicator = entry["indicator"]
        chart = charts.line(
            [(v.period_end, v.value, v.period_label) for v in entry["values"]],
            target=indicator.target,
            baseline=indicator.baseline,
            title=f"{indicator.name} ({indicator.unit})",
            unit=indicator.unit,
            chart_id=f"chart-indicator-{indicator.pk}",
        )
        indicators.append({"indicator": indicator, "chart": chart, "values": entry["values"]})
    context = {
        **scope,
        **(_published(facts) if scope.get("level") == "network" else {}),
        "cycle": cycle,
        "cycles": list(reversed(facts.cycles)),
        "figures": figures,
        "series": series,
        "focus_chart": focus,
        "focus_chart_html": stacked_chart_html(focus),  # the markup of core/charts/stacked.html
        "status_chart": statuses,
        "breakdown_chart": breakdown_chart,
        "growth_chart": growth,
        "flow_chart": flow,
        "indicators": indicators,
        "can_see_late": policies.can_see_late(request.user),
        "today": timezone.localdate(),
        "demo_projects": facts.demo_projects(),
        "cycle_note": _cycle_note(cycle, facts.cycles, figures),
    }
    return render(request, "monitoring/dashboard.html", context)


def _published(facts: Tallies) -> dict:
    """The published reports' figures beside the hub's live count (network dashboard only)."""
    rows = figure_rows(facts)
    if not rows:
        return {}
    with_status = [r for r in rows if r.status_rows]
    status_chart = None
    if with_status:
        latest = with_status[-1]
        status_chart = bar_chart(
            [(label, n) for _key, label, n in latest.status_rows],
            width=460,
            chart_id="chart-published-status",
            title=_("Projects by status in the %(report)s (published)") % {"report": latest.figure.title},
            label_heading=_("Status"),
            value_heading=_("Projects"),
        )
    return {"published_rows": rows, "published_chart": figures_chart(rows), "published_status_chart": status_chart}


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
    status_names = dict(_status_series())
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
