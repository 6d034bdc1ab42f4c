"""The Secretariat's published M&E figures beside the hub's own data, for pages and the API.

A published figure (PublishedFigure, from data/me_reports.yaml) is what a report printed. Beside it, the
hub's count of the same report year from the report's own project rows that the hub holds (``lines``:
total, status, focus area, country, each saying whether the two agree; hub.monitoring.official_figures).
The API also keeps ``live``: the hub's count of accepted updates for the cycle of the same year
(CycleFacts.counted), a different count that is never mixed into the report's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hub.core import compiled
from hub.core.labels import pick
from hub.core.rowhtml import WORDS, esc
from hub.monitoring import charts
from hub.monitoring.models import PublishedFigure, ReportingCycle
from hub.monitoring.official_figures import Line, compare, focus_area_names
from hub.monitoring.selectors import STATUS_ORDER, CycleFacts
from hub.monitoring.tallies import Tallies


@dataclass
class FigureRow:
    figure: PublishedFigure
    cycle: ReportingCycle | None  # the hub's cycle of the report's year, if the hub holds one
    live_projects: int | None  # projects the hub counts in that cycle (None: no such cycle)
    live_demo: int  # of which made-up demo projects
    lines: list[Line] = field(default_factory=list)  # the report said / the hub's data say

    @property
    def agrees(self) -> bool:
        """Every figure the report gives equals the hub's count from its rows."""
        return all(line.agrees is not False for line in self.lines)

    def group(self, name: str) -> list[Line]:
        return [line for line in self.lines if line.group == name]

    @property
    def total_line(self) -> Line | None:
        return next(iter(self.group("total")), None)

    @property
    def status_lines(self) -> list[Line]:
        return self.group("status")

    @property
    def focus_lines(self) -> list[Line]:
        return self.group("focus_area")

    @property
    def country_lines(self) -> list[Line]:
        return self.group("country")

    @property
    def sections(self) -> list[tuple[str, list[Line]]]:
        """The lines by group, with the group's heading, for the page's detail tables."""
        titles = [
            ("total", _("Total")),
            ("status", _("By status, as the appendix groups them")),
            ("focus_area", _("By focus area")),
            ("country", _("By country")),
        ]
        by_group: dict[str, list[Line]] = {}
        for line in self.lines:
            by_group.setdefault(line.group, []).append(line)
        return [(title, by_group[name]) for name, title in titles if by_group.get(name)]

    @property
    def sections_markup(self) -> list[tuple[str, str]]:
        """``sections`` with each section's lines as table rows (partials/published.html prints them)."""
        return [(title, line_rows(lines)) for title, lines in self.sections]

    @property
    def table_row_markup(self) -> str:
        """The row of the summary table in partials/published.html (table_row)."""
        return table_row(self)

    @property
    def details_markup(self) -> str:
        """The report's <details> with every figure in partials/published.html (details)."""
        return details(self)

    def __getattr__(self, name: str):
        # The figure's own fields read through the row (what the API's schema reads).
        if name == "figure":
            raise AttributeError(name)
        return getattr(self.figure, name)

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        """(status, label, projects) in the usual status order, for the statuses the report gives."""
        given = self.figure.by_status or {}
        return [(s.value, capfirst(str(s.label)), given[s.value]) for s in STATUS_ORDER if s.value in given]


def published_figures() -> list[PublishedFigure]:
    return compiled.instances(
        ("published-figures",), PublishedFigure, lambda: PublishedFigure.objects.order_by("as_of", "report_year", "pk")
    )


def figure_rows(
    facts: CycleFacts | Tallies | None = None, figures: list[PublishedFigure] | None = None
) -> list[FigureRow]:
    """Each published figure with the hub's live count for the cycle ending in the report's year.

    ``facts`` (the network's) is reused when the caller has it; a fixed number of queries either way.
    """
    figures = figures if figures is not None else published_figures()
    if not figures:
        return []
    official = _official_lines(figures, getattr(facts, "focus_areas", None))
    if facts is None and not ReportingCycle.objects.filter(end_year__in={f.report_year for f in figures}).exists():
        return [FigureRow(figure=f, cycle=None, live_projects=None, live_demo=0, lines=official[f.pk]) for f in figures]
    facts = facts or Tallies()
    by_year = {c.end_year: c for c in facts.cycles}
    rows = []
    for figure in figures:
        cycle = by_year.get(figure.report_year)
        counted, demo = facts.count_in(cycle) if cycle else (0, 0)
        rows.append(
            FigureRow(
                figure=figure,
                cycle=cycle,
                live_projects=counted if cycle else None,
                live_demo=demo,
                lines=official[figure.pk],
            )
        )
    return rows


def _official_lines(figures: list[PublishedFigure], focus_areas=None) -> dict[int, list[Line]]:
    """Each figure's comparison lines, from one count of the report rows (fixed number of queries);
    ``focus_areas``: every FocusArea, when the caller has them."""
    from hub.network.models import Country
    from hub.projects.official import report_counts

    counts = report_counts([f.report_year for f in figures])
    # Each country's name in the active language (Country.label, from the plain values).
    names_of = compiled.rows(("country-names",), lambda: Country.objects.values_list("code", "name", "name_id"))
    countries = {code: pick(name, {"id": name_id}) for code, name, name_id in names_of}
    names = focus_area_names(focus_areas)
    return {f.pk: compare(f, counts.get(f.report_year), countries, names) for f in figures}


def figures_chart(rows: list[FigureRow]) -> dict:
    """Grouped columns per report: the published figure, and the hub's live count where it has the cycle."""
    series = [
        (_("The official report said"), [r.figure.projects for r in rows]),
        (_("The hub's data say"), [r.total_line.hub if r.total_line else None for r in rows]),
    ]
    chart = charts.columns(
        [str(r.figure.report_year) for r in rows],
        series,
        title=_("Projects in the published M&E reports"),
        category_heading=_("Report"),
        chart_id="chart-published",
    )
    chart["description"] = _(
        "Columns per report year: the projects the report counted and the hub's count of the same report's "
        "project list; the tables that follow give every figure, its source and whether the two agree."
    )
    return chart


def _number(value) -> str:
    """``localize(value)`` as ``{{ value }}`` prints it: a whole number without grouping is its digits."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return localize(value)


def _line_words() -> tuple[str, str, str, str]:
    """The fixed words of the comparison rows, remembered per language (hub.core.rowhtml.WORDS)."""
    key = (get_language(), "published-line-words")
    if key not in WORDS:
        # {% translate "literal" %} prints its translation unescaped (a trusted msgid): so do these.
        differs = _("The report's text and its own appendix disagree; both readings are kept.")
        # Words outside the f-strings: xgettext (make messages) does not read inside them.
        no_figure, disagree, no = _("the report gives no figure"), _("text and appendix disagree"), _("no")
        WORDS[key] = (
            f'<span class="help">{no_figure}</span>',
            _("yes"),
            f"<strong>{no}</strong>",
            f' <span class="badge" title="{differs}">{disagree}</span>',
        )
    return WORDS[key]


def line_rows(lines: list[Line]) -> str:
    """The comparison table's rows of these lines, as partials/published.html wrote them with a loop of
    template tags per line (a few hundred nodes per report on every view of the dashboard): same markup,
    same words (the template's msgids), escaped as the template escapes."""
    help_nothing, yes, strong_no, badge = _line_words()
    chunks = []
    for line in lines:
        key = esc(f"{line.group}:{line.key}")
        official = "—" if line.official is None else esc(_number(line.official))
        if line.agrees is None:
            agrees = help_nothing
        else:
            agrees = yes if line.agrees else strong_no
        text = f'<span lang="en">{esc(line.text)}</span>' if line.text else ""
        chunks.append(
            f'\n        <tr data-line="{key}">\n'
            f'          <th scope="row">{esc(line.label)}</th>\n'
            f'          <td class="num" data-official="{key}">{official}</td>\n'
            f'          <td class="num" data-hub="{key}">{esc(_number(line.hub))}</td>\n'
            f"          <td>{agrees}</td>\n"
            f"          <td>{text}{badge if line.text_differs else ''}</td>\n"
            "        </tr>\n        "
        )
    return mark_safe("".join(chunks))  # noqa: S308 (every value escaped above)


def _hub_total(row: FigureRow) -> str:
    # {{ row.total_line.hub }}: nothing when the row has no total line (the template's failed lookup).
    line = row.total_line
    return "" if line is None else conditional_escape(localize(line.hub))


def table_row(row: FigureRow) -> str:
    """One report's row of the summary table, as partials/published.html wrote it with template tags (a few
    dozen lookups and two includes per report on every view of the dashboard): same markup and words."""
    from hub.network.rows import alternatives, sources

    f = row.figure
    year = conditional_escape(localize(f.report_year))
    period = ""
    if f.cycle_label or f.period_text:
        if f.cycle_label:
            covered = conditional_escape(f.cycle_label)
            if f.period_text:
                covered += f" ({conditional_escape(f.period_text)})"
        else:
            covered = conditional_escape(f.period_text)
        period_covered = _("Period covered")  # outside the f-string: xgettext does not read inside one
        period = f'<br><span class="help">{period_covered}: {covered}</span>'
    see_details = _("no: see the details")
    agree = _("yes, every figure") if row.agrees else f"<strong>{see_details}</strong>"
    return mark_safe(  # noqa: S308 (every value escaped; the words are the template's unescaped msgids)
        f'\n      <tr data-report="{year}">\n'
        f'        <th scope="row"><a href="#report-{year}">{conditional_escape(f.title)}</a></th>\n'
        f"        <td><time>{conditional_escape(f.as_of_text)}</time>{period}</td>\n"
        f'        <td class="num" data-figure="published-{year}">{conditional_escape(localize(f.projects))}</td>\n'
        f'        <td class="num" data-figure="hub-{year}">{_hub_total(row)}</td>\n'
        f'        <td data-agree="{year}">{agree}</td>\n'
        f"        <td>{sources(f, show_note=True)}{alternatives(f)}</td>\n"
        "      </tr>\n    "
    )


def details(row: FigureRow) -> str:
    """One report's <details> with every figure beside the hub's, as partials/published.html wrote it."""
    f = row.figure
    year = conditional_escape(localize(f.report_year))
    title = conditional_escape(f.title)
    summary = _("%(report)s: every figure, the report beside the hub") % {"report": title}
    caption = _("%(report)s: the official report said, the hub's data say") % {"report": title}
    headings = (
        _("Figure"),
        _("The official report said"),
        _("The hub's data say"),
        _("Agree?"),
        _("The report's text"),
    )
    notes = f'<p class="help" lang="en">{conditional_escape(f.notes)}</p>' if f.notes else ""
    sections = "".join(
        "\n      <tbody>\n"
        f'        <tr><th scope="rowgroup" colspan="5">{conditional_escape(heading)}</th></tr>\n'
        f"        {rows}\n"
        "      </tbody>\n      "
        for heading, rows in row.sections_markup
    )
    return mark_safe(  # noqa: S308 (every value escaped; the words are the template's unescaped msgids)
        f'\n  <details class="published-report" id="report-{year}">\n'
        f"    <summary>{summary}</summary>\n"
        f"    {notes}\n"
        f'    <div class="table-scroll" role="region" aria-labelledby="report-{year}-caption" tabindex="0">\n'
        f'    <table class="data-table" data-comparison="{year}">\n'
        f'      <caption id="report-{year}-caption">{caption}</caption>\n'
        "      <thead><tr>\n"
        f'        <th scope="col">{headings[0]}</th>\n'
        f'        <th scope="col" class="num">{headings[1]}</th>\n'
        f'        <th scope="col" class="num">{headings[2]}</th>\n'
        f'        <th scope="col">{headings[3]}</th>\n'
        f'        <th scope="col">{headings[4]}</th>\n'
        "      </tr></thead>\n"
        f"      {sections}\n"
        "    </table>\n"
        "    </div>\n"
        "  </details>\n  "
    )
