"""The M&E report's first pages after the cover, in the PDF: the executive summary, the comparison with
earlier cycles, the network map, and (further on) one highlighted project per member. Every figure comes
from ReportData.summary (summary.py, history.py) and the registered sections' own summaries."""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer

from hub.core.charts import format_number
from hub.monitoring.report.data import ReportData
from hub.monitoring.report.pdf_draw import TEXT_W, _bars, _p, _shorten, _table, long_date
from hub.monitoring.report.pdf_map import network_map
from hub.monitoring.report.summary import Compared
from hub.monitoring.report.wording import (
    REASONS,
    demo_mark,
    figures_rows,
    fmt_change,
    fmt_number,
    member_label,
    name_list,
    status_label,
    summary_sentences,
)

MAX_MEMBER_HIGHLIGHTS = 80


def executive_summary(data: ReportData, s) -> list:
    sm = data.summary
    previous = sm.previous.label if sm.previous else _("previous cycle")
    story = [_p(_("Executive summary"), s["h1"])]
    sentences = summary_sentences(data)
    story.append(_p(sentences[0][1][0], s["body"]))
    story.append(Spacer(1, 3 * mm))
    rows = [[_("Figure"), data.cycle.label, previous, _("Change")]]
    for label, c, unit in figures_rows(data):
        rows.append([_p(label, s["cell"]), fmt_number(c.now, unit), fmt_number(c.before, unit), fmt_change(c, unit)])
    story.append(_table(rows, [TEXT_W * w for w in (0.46, 0.18, 0.18, 0.18)], numeric=(1, 2, 3)))
    story += [Spacer(1, 2 * mm), _p(_("Progress by focus area"), s["h2"])]
    focus = [[_("Focus area"), _("Projects"), _("Change"), _("Completed"), _("Average progress"), previous]]
    for row in sm.focus:
        focus.append(
            [
                _p(row.name, s["cell"]),
                fmt_number(row.projects.now),
                fmt_change(row.projects),
                fmt_number(row.completed),
                fmt_number(row.average_progress.now, " %"),
                fmt_number(row.average_progress.before, " %"),
            ]
        )
    story.append(_table(focus, [TEXT_W * w for w in (0.32, 0.12, 0.12, 0.13, 0.17, 0.14)], numeric=(1, 2, 3, 4, 5)))
    for heading, lines in sentences[1:]:
        block = [_p(heading, s["h3"])] + [_p("• " + line, s["body"]) for line in lines]
        story.append(KeepTogether(block))
    return [*story, PageBreak()]


def comparison(data: ReportData, s) -> list:
    h = data.summary.history
    story = [_p(_("Comparison with earlier cycles"), s["h1"])]
    if h.published:
        story += [
            _p(_("Projects in the ASEAN Secretariat's published M&E reports"), s["h2"]),
            _p(
                _(
                    "As each report printed it, beside the hub's count of the same report's project list. The "
                    "published reports count on their own basis: these figures are not mixed with the hub's cycles."
                ),
                s["small"],
            ),
            Spacer(1, 2 * mm),
            _bars([(_("%(year)s report") % {"year": r.year}, r.projects) for r in h.published]),
            Spacer(1, 2 * mm),
        ]
        rows = [[_("Report"), _("Projects, as published"), _("In the hub's rows"), _("Change")]]
        before = None
        for r in h.published:
            step = "—" if before is None else fmt_change(Compared(r.projects, before))
            rows.append([_p(r.title, s["cell"]), format_number(r.projects), format_number(r.hub_count), step])
            before = r.projects
        story.append(_table(rows, [TEXT_W * w for w in (0.4, 0.2, 0.2, 0.2)], numeric=(1, 2, 3)))
    else:
        story.append(_p(_("No published M&E report up to this cycle is loaded in the hub."), s["body"]))
    story += [Spacer(1, 4 * mm), _p(_("The hub's reporting cycles"), s["h2"])]
    rows = [[_("Cycle"), _("Projects"), _("Members with projects"), _("Countries"), _("Updates accepted")]]
    for c in h.cycles:
        label = c.label + (" " + _("(this report)") if c.current else "")
        projects = format_number(c.projects) + (" " + _("(%(n)s demo)") % {"n": c.demo} if c.demo else "")
        rows.append(
            [_p(label, s["cell"]), projects, format_number(c.members), format_number(c.countries), str(c.accepted)]
        )
    story.append(_table(rows, [TEXT_W * w for w in (0.3, 0.2, 0.2, 0.14, 0.16)], numeric=(1, 2, 3, 4)))
    story.append(
        _p(
            _(
                "A project counts in a cycle when its member was a member on the cycle's last day and the project had "
                "started by then; its status is that of its latest accepted update."
            ),
            s["small"],
        )
    )
    return story


def the_map(data: ReportData, s) -> list:
    points = data.summary.map_points
    with_projects = sum(1 for p in points if p.has_projects)
    caption = _(
        "%(members)s members of the network on %(day)s, %(with)s of them with projects counted in the cycle."
    ) % {"members": format_number(len(points)), "day": long_date(data.cycle.end_date), "with": with_projects}
    demo = sum(1 for p in points if p.is_demo)
    if demo:
        caption += " " + _("%(n)s of the members on the map are demo data.") % {"n": demo}
    per_country: dict[str, list[int]] = {}
    for p in points:
        counts = per_country.setdefault(p.country_name, [0, 0])
        counts[0] += 1
        counts[1] += p.has_projects
    rows = [[_("Country"), _("Members on the map"), _("With projects counted")]]
    rows += [[name, fmt_number(n), fmt_number(w)] for name, (n, w) in sorted(per_country.items())]
    return [
        CondPageBreak(150 * mm),
        _p(_("The network"), s["h1"]),
        _p(caption, s["small"]),
        Spacer(1, 2 * mm),
        network_map(points),
        Spacer(1, 4 * mm),
        _table(rows, [TEXT_W * w for w in (0.5, 0.25, 0.25)], numeric=(1, 2)),
        PageBreak(),
    ]


def member_highlights(data: ReportData, s) -> list:
    sm = data.summary
    story = [PageBreak(), _p(_("Highlighted projects, one per member"), s["h1"])]
    story.append(
        _p(
            _(
                "For each member, one project whose update was accepted for this cycle: the one completed in the "
                "cycle, else the one that advanced most since its previous accepted update, else the most advanced; "
                "the line under each title says why it was picked."
            ),
            s["small"],
        )
    )
    if not sm.highlights:
        return [*story, _p(_("No progress update has been accepted for this cycle yet."), s["body"])]
    country = None
    for h in sm.highlights[:MAX_MEMBER_HIGHLIGHTS]:
        if h.country_name != country:
            country = h.country_name
            story.append(_p(country, s["h2"]))
        why = _("Picked: %(reason)s · %(status)s · progress %(progress)s %%") % {
            "reason": REASONS[h.reason],
            "status": status_label(h.status),
            "progress": h.progress,
        }
        if h.gain is not None and h.gain > 0:
            why += " " + _("(+%(gain)s points)") % {"gain": h.gain}
        block = [_p(f"{member_label(h)} — {h.title}{demo_mark(h)}", s["h3"]), _p(why, s["small"])]
        if h.narrative:
            block.append(_p(_shorten(h.narrative, 400), s["body"]))
        story.append(KeepTogether([*block, Spacer(1, 2 * mm)]))
    if len(sm.highlights) > MAX_MEMBER_HIGHLIGHTS:
        story.append(
            _p(
                _("%(n)s more members' highlighted projects are in the XLSX and CSV files (table 'highlights').")
                % {"n": len(sm.highlights) - MAX_MEMBER_HIGHLIGHTS},
                s["small"],
            )
        )
    if sm.without_update:
        story.append(
            _p(
                _("Members with projects but no update accepted for this cycle: %(names)s.")
                % {"names": name_list(sm.without_update)},
                s["small"],
            )
        )
    return story
