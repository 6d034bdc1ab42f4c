"""Pages of partnerships and investment that read: programmes, partnerships, opportunities, the
conversation of an expression of interest, the investment figures and a partner's own page.

Lists validate ``request.GET`` with the API's filter classes (hub.partnerships.filters); bad input gets the
filter's messages and a 400 page. The write pages are in views_write.py, the downloads in exports.py.
"""

from __future__ import annotations

import pydantic
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hub.accounts.permissions import scope_for
from hub.core.charts import bar_chart
from hub.core.filters import filter_errors
from hub.core.labels import by_label
from hub.network.models import Country, Member, Organisation
from hub.partnerships import policies
from hub.partnerships.choices import Instrument
from hub.partnerships.figures import GROUPINGS, investment, stage_totals
from hub.partnerships.filters import InvestmentFilter, OpportunityFilter, PartnershipFilter, ProgrammeFilter
from hub.partnerships.forms import FinancingForm, MessageForm, ReviewForm
from hub.partnerships.models import Financing, Partnership, PartnershipKind, PartnershipStatus, Programme
from hub.partnerships.models_opportunities import Follow, Interest, InterestMessage, Opportunity, OpportunityStage
from hub.projects.models import FocusArea

PER_PAGE = 25


def _filtered(request: HttpRequest, filter_class):
    """The filter from the query string, or (None, messages) when it is wrong."""
    try:
        return filter_class(**{k: v for k, v in request.GET.items() if k != "page"}), []
    except pydantic.ValidationError as exc:
        return None, filter_errors(exc)


def _page(request: HttpRequest, qs):
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))


def _query(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def programmes(request: HttpRequest) -> HttpResponse:
    filters, errors = _filtered(request, ProgrammeFilter)
    context = {"errors": errors, "params": request.GET, "query": _query(request)}
    if errors:
        return render(request, "partnerships/programmes.html", context, status=400)
    context["page_obj"] = _page(request, filters.apply())
    return render(request, "partnerships/programmes.html", context)


def programme(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(Programme.objects.with_related(), slug=slug)
    partnerships = obj.partnerships.with_related().order_by("title")
    return render(request, "partnerships/programme.html", {"programme": obj, "partnerships": partnerships})


def partnerships(request: HttpRequest) -> HttpResponse:
    filters, errors = _filtered(request, PartnershipFilter)
    context = {
        "errors": errors,
        "params": request.GET,
        "query": _query(request),
        "countries": by_label(Country.objects.all()),
        "kinds": PartnershipKind.choices,
        "statuses": PartnershipStatus.choices,
        "programmes": Programme.objects.order_by("name"),
        "can_create": scope_for(request.user).authenticated
        and (policies.can_create_any_opportunity(request.user) or scope_for(request.user).partner),
    }
    if errors:
        return render(request, "partnerships/partnerships.html", context, status=400)
    qs = filters.apply(Partnership.objects.visible_to(request.user)).prefetch_related("financing")
    context["page_obj"] = _page(request, qs)
    return render(request, "partnerships/partnerships.html", context)


def partnership(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(Partnership.objects.with_related(), slug=slug)
    rows = list(obj.financing.with_related().order_by("on_date", "pk"))
    can_finance = policies.can_record_financing(request.user, obj)
    members = obj.members.all()
    form = FinancingForm(members=members if members.count() > 1 else None) if can_finance else None
    return render(
        request,
        "partnerships/partnership.html",
        {
            "partnership": obj,
            "financing": rows,
            "totals": stage_totals(rows),
            "financing_form": form,
            "can_edit": can_finance,  # the same people edit the partnership and record its money
        },
    )


def opportunities(request: HttpRequest) -> HttpResponse:
    filters, errors = _filtered(request, OpportunityFilter)
    context = {
        "errors": errors,
        "params": request.GET,
        "query": _query(request),
        "countries": by_label(Country.objects.all()),
        "focus_areas": FocusArea.objects.order_by("position"),
        "instruments": Instrument.choices,
        "stages": OpportunityStage.choices,
        "can_create": policies.can_create_any_opportunity(request.user),
    }
    if errors:
        return render(request, "partnerships/opportunities.html", context, status=400)
    visible = Opportunity.objects.visible_to(request.user)
    context["page_obj"] = _page(request, filters.apply(visible if filters.state else visible.published()))
    # The reader's own drafts and submitted ones, to find them again (officers, NRs, the Secretariat).
    if policies.can_create_any_opportunity(request.user):
        mine = Opportunity.objects.editable_by(request.user).exclude(state="published").with_related()
        context["mine"] = list(mine.order_by("state", "title")[:50])
    return render(request, "partnerships/opportunities.html", context)


def opportunity(request: HttpRequest, slug: str) -> HttpResponse:
    qs = Opportunity.objects.visible_to(request.user).with_related()
    obj = get_object_or_404(qs, slug=slug)  # a draft is a 404 to those who may not see it
    user = request.user
    rows = list(obj.financing.with_related().order_by("on_date", "pk"))
    interests = (
        Interest.objects.visible_to(user)
        .filter(opportunity=obj)
        .select_related("organisation")
        .prefetch_related(Prefetch("messages", queryset=InterestMessage.objects.order_by("created_at", "pk")))
    )
    scope = scope_for(user)
    own_interest = next((i for i in interests if i.organisation_id in scope.organisation_ids), None)
    context = {
        "opportunity": obj,
        "financing": rows,
        "totals": stage_totals(rows),
        "interests": list(interests),
        "own_interest": own_interest,
        "reviews": list(obj.reviews.all()) if policies.can_edit_opportunity(user, obj) else [],
        "can_edit": policies.can_edit_opportunity(user, obj) and obj.state == "draft",
        "can_submit": policies.can_edit_opportunity(user, obj) and obj.state == "draft",
        "can_review": policies.can_review_opportunity(user, obj) and obj.state == "submitted",
        "can_close": policies.can_edit_opportunity(user, obj) and obj.state == "published",
        "can_interest": policies.can_express_interest(user, obj) and own_interest is None,
        "financing_form": FinancingForm() if policies.can_record_financing(user, obj) else None,
        "review_form": ReviewForm(),
        "message_form": MessageForm(),
        "show_contact": scope.authenticated,
        "can_follow": scope.partner and obj.state == "published",
        "following": scope.partner
        and Follow.objects.filter(opportunity=obj, organisation_id=scope.organisation_id).exists(),
    }
    return render(request, "partnerships/opportunity.html", context)


def interest(request: HttpRequest, pk: int) -> HttpResponse:
    qs = Interest.objects.visible_to(request.user).select_related("opportunity__member__country", "organisation")
    obj = get_object_or_404(qs, pk=pk)
    return render(
        request,
        "partnerships/interest.html",
        {
            "interest": obj,
            "messages_list": list(obj.messages.order_by("created_at", "pk")),
            "form": MessageForm(),
            "can_write": policies.can_write_in(request.user, obj),
        },
    )


def investment_page(request: HttpRequest) -> HttpResponse:
    filters, errors = _filtered(request, InvestmentFilter)
    context = {
        "errors": errors,
        "params": request.GET,
        "query": _query(request),
        "groupings": [(g, _label(g)) for g in GROUPINGS],
        "countries": by_label(Country.objects.all()),
        "instruments": Instrument.choices,
    }
    if errors:
        return render(request, "partnerships/investment.html", context, status=400)
    figures = investment(filters.group_by, filters.apply(Financing.objects.visible_to(request.user)))
    context.update(figures=figures, chart=investment_chart(figures), group_label=_label(filters.group_by))
    return render(request, "partnerships/investment.html", context)


def _label(group_by: str) -> str:
    return {"country": _("Country"), "member": _("Member"), "year": _("Year"), "instrument": _("Instrument")}[group_by]


def investment_chart(figures, *, chart_id: str = "investment-chart") -> dict:
    """Committed money per group, in whole US dollars (the table beside it gives the three stages to the cent)."""
    return bar_chart(
        [(g.label, int(g.committed)) for g in figures.groups],
        label_heading=_label(figures.group_by),
        value_heading=_("Committed (USD)"),
        title=_("Money committed, in USD"),
        chart_id=chart_id,
    )


def partner_page(request: HttpRequest, slug: str) -> HttpResponse:
    """What a partner supports (programmes, partnerships), and — to its own people and the network-wide
    roles only — the opportunities it follows through its expressions of interest and their answers."""
    organisation = get_object_or_404(Organisation, slug=slug)
    scope = scope_for(request.user)
    programmes_qs = Programme.objects.filter(organisations=organisation).order_by("name")
    partnerships_qs = Partnership.objects.of_partner([organisation.pk]).with_related().order_by("title")
    rows = Financing.objects.filter(partnership__partner=organisation).visible_to(request.user)
    own = organisation.pk in scope.organisation_ids or scope.network_wide
    interests = []
    if own:
        interests = list(
            Interest.objects.visible_to(request.user)
            .filter(organisation=organisation)
            .select_related("opportunity__member__country")
            .prefetch_related(Prefetch("messages", queryset=InterestMessage.objects.order_by("created_at", "pk")))
        )
    followed = []
    if own:
        followed = list(
            Follow.objects.filter(
                organisation=organisation, opportunity__in=Opportunity.objects.visible_to(request.user)
            )
            .select_related("opportunity__member__country")
            .order_by("opportunity__title")
        )
    for item in interests:
        thread = list(item.messages.all())
        item.last_message = thread[-1] if thread else None
    if not (programmes_qs.exists() or partnerships_qs.exists() or own):
        raise Http404
    return render(
        request,
        "partnerships/partner.html",
        {
            "organisation": organisation,
            "programmes": programmes_qs,
            "partnerships": partnerships_qs,
            "figures": investment("member", rows),
            "interests": interests,
            "followed": followed,
            "own": own,
        },
    )


def my_partner_page(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.partner:
        return redirect("partnerships:opportunities")
    organisation = Organisation.objects.get(pk=scope.organisation_id)
    return redirect("partnerships:partner", organisation.slug)


def member_figures(member: Member, user) -> dict:
    """For a member's or a country's page: its partnerships and money (used by the national view)."""
    rows = Financing.objects.visible_to(user).filter(member=member)
    return {"figures": investment("year", rows), "url": reverse("partnerships:investment") + f"?member={member.slug}"}
