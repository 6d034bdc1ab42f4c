"""The M&E report's executive summary in words, in the active language: the same sentences and rows in
the PDF (pdf_summary.py) and on the report page. Every figure comes from ReportData.summary (summary.py,
history.py) and the registered sections' own summaries (sections.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hub.core.charts import format_number
from hub.monitoring.report.data import ReportData
from hub.monitoring.report.sections import report_sections
from hub.monitoring.report.summary import Compared, Highlight
from hub.projects.models import ProjectStatus

NAMES_IN_A_SENTENCE = 6

# Why a member's project was picked (summary.py's rule), as the report says it.
REASONS = {
    "completed": gettext_lazy("completed in this cycle"),
    "gain": gettext_lazy("the largest progress gain of the member's projects"),
    "first": gettext_lazy("its first accepted update, the most advanced of the member's projects"),
    "progress": gettext_lazy("the most advanced of the member's projects"),
}


def status_label(status: str) -> str:
    label = str(ProjectStatus(status).label) if status in ProjectStatus.values else status
    return label[:1].upper() + label[1:]


def fmt_number(value, unit: str = "") -> str:
    """A figure as the report's language writes it, with its unit; "—" where there is none."""
    return "—" if value is None else format_number(value) + unit


def fmt_change(c: Compared, unit: str = "") -> str:
    change = c.change
    if change is None:
        return "—"
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return f"{sign}{format_number(abs(change))}{unit}"


def name_list(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_IN_A_SENTENCE])
    more = len(names) - NAMES_IN_A_SENTENCE
    return shown + (" " + _("and %(n)s more") % {"n": more} if more > 0 else "")


def member_label(h: Highlight) -> str:
    return f"{h.member_name} ({h.local_name})" if h.local_name and h.local_name != h.member_name else h.member_name


def demo_mark(h: Highlight) -> str:
    """ " (demo)" after a demo project's title, unless the title says so already (the demo catalogue's do)."""
    return " " + _("(demo)") if h.is_demo and not h.title.endswith("(demo)") else ""


def summary_sentences(data: ReportData) -> list[tuple[str, list[str]]]:
    """The executive summary's points under their headings, in the active language (PDF and page)."""
    sm, f = data.summary, data.figures
    points: list[tuple[str, list[str]]] = []
    cycle = data.cycle.label
    lead = _(
        "In the %(cycle)s cycle the network counted %(projects)s projects of %(members)s members in %(countries)s "
        "countries; %(accepted)s progress updates were accepted."
    ) % {
        "cycle": cycle,
        "projects": format_number(f.projects),
        "members": format_number(f.members),
        "countries": format_number(f.countries),
        "accepted": format_number(f.accepted),
    }
    if sm.previous is not None:
        lead += " " + _("In %(previous)s: %(projects)s projects of %(members)s members in %(countries)s countries.") % {
            "previous": sm.previous.label,
            "projects": fmt_number(sm.projects.before),
            "members": fmt_number(sm.members.before),
            "countries": fmt_number(sm.countries.before),
        }
    if sm.history.published:
        first, last = sm.history.published[0], sm.history.published[-1]
        lead += " " + _(
            "The Secretariat's published reports counted %(growth)s projects from %(first)s to %(last)s."
        ) % {"growth": sm.history.growth, "first": first.year, "last": last.year}
    points.append(("", [lead]))

    highlights = []
    if sm.completed:
        names = [f"{h.title} ({h.member_name}){demo_mark(h)}" for h in sm.completed]
        highlights.append(
            ngettext(
                "%(n)s project was completed in the cycle: %(names)s.",
                "%(n)s projects were completed in the cycle: %(names)s.",
                len(names),
            )
            % {"n": len(names), "names": name_list(names)}
        )
    for h in sm.gains:
        highlights.append(
            _("%(title)s (%(member)s) advanced %(gain)s points, to %(progress)s %%.")
            % {"title": h.title + demo_mark(h), "member": h.member_name, "gain": h.gain, "progress": h.progress}
        )
    if not highlights:
        highlights.append(_("No project was completed or advanced in an accepted update of this cycle."))
    points.append((_("Highlights"), highlights))

    challenges = []
    if f.accepted:
        challenges.append(
            _("%(challenges)s of the %(accepted)s accepted updates name a challenge; %(support)s ask for support.")
            % {"challenges": sm.with_challenges, "accepted": f.accepted, "support": sm.with_support}
        )
    membership = []
    for names, text in (
        (sm.joined, _("Joined the network: %(names)s.")),
        (sm.candidates, _("Became candidates: %(names)s.")),
        (sm.withdrew, _("Withdrew: %(names)s.")),
    ):
        if names:
            membership.append(text % {"names": name_list(names)})
    if not membership:
        membership.append(_("No member joined, became a candidate or withdrew in this cycle."))
    if sm.network_members.now is not None:
        membership.append(
            _("Members of the network on the cycle's last day: %(now)s (previous cycle: %(before)s).")
            % {"now": fmt_number(sm.network_members.now), "before": fmt_number(sm.network_members.before)}
        )
    for section in report_sections():
        if section.summary is not None and section.key in data.sections:
            challenges += section.summary(data.sections[section.key])
    points.append((_("Challenges, support, collaborations and investment"), challenges))
    points.append((_("Membership"), membership))
    if data.demo_projects:
        points.append(
            (
                _("Demo data"),
                [
                    _("%(n)s of the %(projects)s projects are made-up demo data; they are marked “(demo)”.")
                    % {"n": data.demo_projects, "projects": f.projects}
                ],
            )
        )
    return points


def figures_rows(data: ReportData) -> list[tuple[str, Compared, str]]:
    sm = data.summary
    return [
        (_("Projects"), sm.projects, ""),
        (_("Members of the network (last day)"), sm.network_members, ""),
        (_("Members with projects"), sm.members, ""),
        (_("Countries with projects"), sm.countries, ""),
        (_("Progress updates accepted"), sm.accepted, ""),
        (_("Average progress reported"), sm.average_progress, " %"),
    ]
