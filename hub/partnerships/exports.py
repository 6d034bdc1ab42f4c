"""CSV and XLSX downloads of the public lists: programmes, partnerships, published opportunities and the
investment figures, with the same filters as their pages. Text a spreadsheet would run as a formula is
neutralised by the hub's one CSV writer (hub.core.exports); money is plain
text with two decimals, never a float."""

from __future__ import annotations

import io

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest

from hub.core.exports import csv_bytes, csv_safe
from hub.partnerships.figures import investment
from hub.partnerships.filters import InvestmentFilter, OpportunityFilter, PartnershipFilter, ProgrammeFilter
from hub.partnerships.models import Financing, Partnership
from hub.partnerships.models_opportunities import Opportunity
from hub.partnerships.money import plain
from hub.partnerships.views import _filtered

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _programmes(filters, user):
    yield [
        "slug",
        "name",
        "short_name",
        "partner_country",
        "organisations",
        "start",
        "end",
        "envelope_amount",
        "envelope_currency",
        "envelope_note",
        "members",
        "projects",
        "sources",
        "confidence",
    ]
    for p in filters.apply():
        yield [
            p.slug,
            p.name,
            p.short_name,
            p.partner_country,
            "; ".join(o.slug for o in p.organisations.all()),
            p.start_display,
            p.end_display,
            plain(p.envelope_amount),
            p.envelope_currency,
            p.envelope_note,
            "; ".join(m.slug for m in p.members.all()),
            "; ".join(x.slug for x in p.projects.all()),
            " ".join(p.sources),
            p.confidence,
        ]


def _partnerships(filters, user):
    from hub.partnerships.figures import stage_totals

    yield [
        "slug",
        "title",
        "partner",
        "programme",
        "kind",
        "status",
        "start",
        "end",
        "members",
        "projects",
        "committed_usd",
        "secured_usd",
        "disbursed_usd",
        "sources",
        "confidence",
        "demo",
    ]
    for p in filters.apply(Partnership.objects.visible_to(user)).prefetch_related("financing"):
        totals = stage_totals(p.financing.all())
        yield [
            p.slug,
            p.title,
            p.partner.slug,
            p.programme.slug if p.programme_id else "",
            p.kind,
            p.status,
            p.start_display,
            p.end_display,
            "; ".join(m.slug for m in p.members.all()),
            "; ".join(x.slug for x in p.projects.all()),
            plain(totals["committed"]),
            plain(totals["secured"]),
            plain(totals["disbursed"]),
            " ".join(p.sources),
            p.confidence,
            "yes" if p.is_demo else "",
        ]


def _opportunities(filters, user):
    yield [
        "slug",
        "title",
        "country",
        "member",
        "project",
        "amount",
        "currency",
        "amount_usd",
        "usd_rate",
        "usd_rate_date",
        "instrument",
        "stage",
        "readiness",
        "published_at",
        "demo",
    ]
    for o in filters.apply(Opportunity.objects.published()):
        yield [
            o.slug,
            o.title,
            o.member.country.code,
            o.member.slug,
            o.project.slug,
            plain(o.amount),
            o.currency,
            plain(o.amount_usd),
            f"{o.usd_rate.normalize():f}",
            o.usd_rate_date.isoformat() if o.usd_rate_date else "",
            o.instrument,
            o.stage,
            "; ".join(o.readiness),
            o.published_at.isoformat() if o.published_at else "",
            "yes" if o.is_demo else "",
        ]


def _investment(filters, user):
    figures = investment(filters.group_by, filters.apply(Financing.objects.visible_to(user)))
    yield [filters.group_by, "label", "committed_usd", "secured_usd", "disbursed_usd"]
    for g in [*figures.groups, figures.total]:
        yield [g.key, str(g.label), plain(g.committed), plain(g.secured), plain(g.disbursed)]


LISTS = {
    "programmes": (ProgrammeFilter, _programmes),
    "partnerships": (PartnershipFilter, _partnerships),
    "opportunities": (OpportunityFilter, _opportunities),
    "investment": (InvestmentFilter, _investment),
}


def _csv(rows) -> bytes:
    rows = iter(rows)
    return csv_bytes(next(rows), rows)


def _xlsx(title: str, rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for row in rows:
        ws.append([csv_safe(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def download(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if name not in LISTS or fmt not in FORMATS:
        raise Http404
    filter_class, rows = LISTS[name]
    filters, errors = _filtered(request, filter_class)
    if errors:
        return HttpResponseBadRequest("\n".join(errors), content_type="text/plain; charset=utf-8")
    data = rows(filters, request.user)
    content = _csv(data) if fmt == "csv" else _xlsx(name, data)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="ascn-{name}.{fmt}"'
    return response
