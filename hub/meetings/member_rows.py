"""HTML of the member page's account of its work (``{% member_work %}``), written in Python from plain values.

Through the template engine each project row cost a model instance with its annotations, a prefetched list
of focus areas, an ``{% include %}`` of the progress partial and a URL reversal, and each meeting a model
instance: a good part of the member page's time. These functions write the same markup (same text, links,
escaping and translations) as the loops of monitoring/partials/member_work.html did;
tests/pages/test_member_rows.py checks them against those loops, kept in the test.

Escaping follows the template engine's: ``{% translate %}`` text and every variable are escaped.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_noop

from hub.core.rowhtml import esc
from hub.core.rowhtml import word as _t
from hub.projects.models import ProjectStatus

# What a project row reads: plain values (``values_list(named=True)``) of the annotated projects.
PROJECT_FIELDS = (
    "pk",
    "slug",
    "title",
    "is_demo",
    "public_status",
    "public_progress",
    "latest_update_id",
    "latest_update_label",
)
MEETING_FIELDS = ("pk", "title", "start_date", "end_date", "city")


def progress(value) -> str:
    """``{% include "monitoring/partials/progress.html" with value=value %}``."""
    if value is None:
        return f'<span class="empty">{_t(gettext_noop("not reported"))}</span>\n'
    return (
        f'<span class="progress-value"><progress max="100" value="{value}" aria-hidden="true">{value} %</progress>'
        f" {value} %</span>\n"
    )


def project_rows(rows, focus_labels: dict[int, list[str]]) -> SafeString:
    """The ``<tr>`` of the member's projects table, ``focus_labels`` mapping a project's id to its focus
    areas' names in the active language (in the areas' order)."""
    project_url = reverse("projects:project", args=["__slug__"])
    update_url = reverse("monitoring:update", args=[0]).replace("/0/", "/__pk__/")
    demo = f' <span class="badge">{_t(gettext_noop("demo"))}</span>'
    none_accepted = _t(gettext_noop("none accepted yet"))
    names = dict(ProjectStatus.choices)
    html = []
    for p in rows:
        areas = ", ".join(esc(label) for label in focus_labels.get(p.pk, ()))
        status = capfirst(names.get(p.public_status, p.public_status))
        if p.latest_update_id:
            label = esc((p.latest_update_label or "").replace("-", "–"))
            latest = f'<a href="{update_url.replace("__pk__", str(p.latest_update_id))}">{label}</a>'
        else:
            latest = none_accepted
        html.append(
            f'\n      <tr><th scope="row"><a href="{project_url.replace("__slug__", p.slug)}">{esc(p.title)}</a>'
            f"{demo if p.is_demo else ''}</th>"
            f"\n        <td>{areas}</td>"
            f"\n        <td>{esc(status)}</td>"
            f"\n        <td>{progress(p.public_progress)}</td>"
            f"\n        <td>{latest}</td></tr>\n    "
        )
    return mark_safe("".join(html))  # noqa: S308 - every piece is escaped or fixed markup


def meeting_items(meetings) -> SafeString:
    """The ``<li>`` of a list of meetings (``MEETING_FIELDS`` values)."""
    meeting_url = reverse("meetings:detail", args=[0]).replace("/0/", "/__pk__/")
    html = []
    for m in meetings:
        day = m.start_date.isoformat()
        city = f", {esc(m.city)}" if m.city else ""
        html.append(
            f'<li><a href="{meeting_url.replace("__pk__", str(m.pk))}">{esc(m.title)}</a> <span class="help">— '
            f'<time datetime="{day}">{day}</time>{city}</span></li>'
        )
    return mark_safe("".join(html))  # noqa: S308 - escaped values and fixed markup
