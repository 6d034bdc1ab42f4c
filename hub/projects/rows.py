"""HTML of the projects list's repeated parts, written in Python: the table's rows and the filter's options.

Through the template engine the 25 rows of /projects/ cost some 1,500 variable lookups, 25 ``{% include %}``
of the progress partial and a URL reversal per link, about a fifth of the page's time. These functions write
the same markup (same text, links, escaping and translations) from plain values read for the page
(``PAGE_FIELDS``); tests/pages/test_projects_rows.py checks that they give the HTML the template loop gave.

Escaping follows the template engine's: ``{% translate %}`` text and every variable are escaped,
``{% blocktranslate %}`` text is not (its variables are).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_noop, ngettext
from django.utils.translation import gettext as _

from hub.core.dates import format_partial
from hub.core.rowhtml import WORDS, esc
from hub.core.rowhtml import word as _t
from hub.projects.models import ProjectStatus

# What a row of the list reads of its project: plain values (``values_list(named=True)``), not models.
PAGE_FIELDS = (
    "pk",
    "slug",
    "title",
    "is_demo",
    "sources",
    "start_date",
    "start_precision",
    "member__slug",
    "member__name",
    "member__country__code",
    "public_status",
    "public_progress",
    "public_cycle",
    "report_year",
    "report_appendix",
    "report_row",
)


def _status_label(value: str) -> str:
    """``{{ value|project_status_label }}``, escaped, remembered per language."""
    key = (get_language(), "status", value)
    if key not in WORDS:
        try:
            WORDS[key] = esc(ProjectStatus(value).label) if value else ""
        except ValueError:
            WORDS[key] = esc(value)
    return WORDS[key]


def _citation(year: int, appendix: str, row: int) -> str:
    """The ``<cite>`` text of a project's latest M&E report row (the template's two blocktranslates)."""
    if appendix:
        text = _("ASCN M&E Report %(year)s, Appendix %(appendix)s, No. %(row)s")
        return text % {"year": year, "appendix": esc(appendix), "row": row}
    return _("ASCN M&E Report %(year)s, Appendix, No. %(row)s") % {"year": year, "row": row}


def _progress(value: int, cycle) -> str:
    """``{% include "monitoring/partials/progress.html" %}`` and the cycle beside it."""
    return (
        f'<span class="progress-value"><progress max="100" value="{value}" aria-hidden="true">{value} %</progress>'
        f' {value} %</span>\n <span class="help">({esc(cycle)})</span>'
    )


def project_rows(rows, *, country_labels: dict[str, str], focus_labels: dict[int, list[str]]) -> SafeString:
    """The rows of the projects table (projects/list.html) for one page of ``PAGE_FIELDS`` rows:
    ``country_labels`` maps a country's code to its name in the active language, ``focus_labels`` a project's
    id to its focus areas' names (in the areas' order)."""
    project_url = reverse("projects:project", args=["__slug__"])
    member_url = reverse("network:member", args=["__slug__"])
    demo = f' <span class="badge demo-flag">{_t(gettext_noop("demo"))}</span>'
    made_up = _t(gettext_noop("made up (demo)"))
    countries: dict[str, str] = {}
    html = []
    for p in rows:
        url = project_url.replace("__slug__", p.slug)
        code = p.member__country__code
        if code not in countries:
            countries[code] = esc(country_labels.get(code, ""))
        areas = "; ".join(esc(label) for label in focus_labels.get(p.pk, ()))
        status = p.public_status
        progress = "—" if p.public_progress is None else _progress(p.public_progress, p.public_cycle)
        start = format_partial(p.start_date, p.start_precision)
        if p.report_year:
            source = f"<cite>{_citation(p.report_year, p.report_appendix, p.report_row)}</cite>"
        elif p.is_demo:
            source = made_up
        else:
            count = len(p.sources or [])
            text = ngettext("%(counter)s source", "%(counter)s sources", count) % {"counter": count}
            source = f'<a href="{url}#record-sources-title">{text}</a>'
        html.append(
            f'\n    <tr>\n      <th scope="row"><a href="{url}">{esc(p.title)}</a>{demo if p.is_demo else ""}</th>'
            f'\n      <td><a href="{member_url.replace("__slug__", p.member__slug)}">{esc(p.member__name)}</a>'
            f' <span class="help">({countries[code]})</span></td>'
            f"\n      <td>{areas}</td>"
            f'\n      <td><span class="status status--{esc(status)}">{_status_label(status)}</span></td>'
            f"\n      <td>{progress}</td>"
            f'\n      <td class="date">{esc(start) if start else "—"}</td>'
            f"\n      <td>{source}</td>\n    </tr>\n  "
        )
    return mark_safe("".join(html))  # noqa: S308 - every piece is escaped or fixed markup


def options(choices, selected) -> SafeString:
    """``<option>`` of a filter's ``<select>`` from (value, label) pairs, ``selected`` marked."""
    html = []
    for value, label in choices:
        mark = " selected" if selected == value else ""
        html.append(f'<option value="{esc(value)}"{mark}>{esc(label)}</option>')
    return mark_safe("".join(html))  # noqa: S308 - escaped values and labels
