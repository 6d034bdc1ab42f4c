"""The member dashboard's projects table written in Python: the markup of the loop in monitoring/dashboard.html
(a dozen lookups, a nested loop and an include per project); tests/pages/test_monitoring_chart_html.py keeps
the former loop as the reference."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hub.core.rowhtml import esc


def progress(value) -> str:
    """``{% include "monitoring/partials/progress.html" with value=value %}``."""
    if value is None:
        return f'<span class="empty">{_("not reported")}</span>\n'
    v = esc(value)
    bar = f'<progress max="100" value="{v}" aria-hidden="true">{v} %</progress>'
    return f'<span class="progress-value">{bar} {v} %</span>\n'


def project_rows(projects) -> SafeString:
    """The rows of the member's projects (``annotate_public_progress``, focus areas prefetched)."""
    demo = f' <span class="badge">{_("demo")}</span>'
    out = []
    for p in projects:
        areas = ", ".join(esc(f.label) for f in p.focus_areas.all())
        cycle = (p.public_cycle or "").replace("-", "–") or "—"
        out.append(
            f'\n      <tr><th scope="row"><a href="{esc(p.get_absolute_url())}">{esc(p.title)}</a>'
            f"{demo if p.is_demo else ''}</th>\n"
            f"        <td>{areas}</td>\n"
            f"        <td>{esc(capfirst(p.public_status_label))}</td>\n"
            f"        <td>{progress(p.public_progress)}</td>\n"
            f"        <td>{esc(cycle)}</td></tr>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 (every value escaped; the words are the template's msgids)
