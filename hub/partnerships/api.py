"""The partnerships and investment API: programmes, partnerships, investment opportunities, expressions of
interest, financing and the investment figures.

Reads follow the pages' rights (the models' ``visible_to``): programmes, partnerships and published
opportunities are public; drafts are seen only by their member's people, its National Representative and
the network-wide roles (404 to anyone else); an expression of interest only by its partner and the
opportunity's member. Writes (hub.partnerships.services) answer 401 without credentials, 403 when the
caller may not, 404 for what the caller cannot see, 409 for a step in the wrong state, 412 on a stale
If-Match, 422 with field messages.

No ``from __future__ import annotations``: ninja reads the filter annotations through @paginate's wrapper.
"""

from django.db.models import Model, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from hub.accounts.auth import READ, WRITE, caller
from hub.core.api import (
    IF_MATCH_HELP,
    OPEN_READ,
    VIA,
    ETags,
    Pagination,
    detail_responses,
    list_responses,
    service_errors,
    write_responses,
)
from hub.network.models import Member, Organisation
from hub.partnerships import services
from hub.partnerships.figures import investment
from hub.partnerships.filters import InvestmentFilter, OpportunityFilter, PartnershipFilter, ProgrammeFilter
from hub.partnerships.models import Financing, Partnership, Programme
from hub.partnerships.models_opportunities import Interest, InterestMessage, Opportunity
from hub.partnerships.money import plain
from hub.partnerships.schemas import (
    FinancingIn,
    FinancingOut,
    InterestOut,
    InvestmentOut,
    MessageIn,
    MessageOut,
    OpportunityDetail,
    OpportunityIn,
    OpportunityOut,
    OpportunityPatch,
    PartnershipIn,
    PartnershipOut,
    PartnershipPatch,
    ProgrammeOut,
    ReviewIn,
)
from hub.projects.models import Project

router = Router(auth=READ, tags=["partnerships"])

_KINDS = {Opportunity: "opportunity", Partnership: "partnership", Financing: "financing", Interest: "interest"}


def _tag(obj: Model) -> str:
    return f"{_KINDS[type(obj)]}-{obj.pk}"


ETAGS = ETags(_tag)
STATUSES = {services.WrongState: 409}
ROUNDING = (
    "Each amount is converted once at its stored rate and rounded to the cent, half up; totals add the rounded amounts."
)


def _financing() -> Prefetch:
    return Prefetch("financing", queryset=Financing.objects.select_related("member", "rate").order_by("on_date", "pk"))


# -- programmes -----------------------------------------------------------------------------------------


@router.get(
    "/programmes",
    openapi_extra=OPEN_READ,
    response=list_responses(ProgrammeOut),
    operation_id="list_programmes",
    summary="Partner programmes (reference data, with sources)",
)
@paginate(Pagination)
def list_programmes(request, filters: Query[ProgrammeFilter]):
    return filters.apply()


@router.get(
    "/programmes/{slug}",
    openapi_extra=OPEN_READ,
    response=detail_responses(ProgrammeOut),
    operation_id="get_programme",
    summary="One partner programme",
)
def get_programme(request, slug: str):
    if "\x00" in slug:
        raise Http404
    return get_object_or_404(Programme.objects.with_related(), slug=slug)


# -- partnerships ---------------------------------------------------------------------------------------


def _partnership(pk: int) -> Partnership:
    return get_object_or_404(Partnership.objects.with_related().prefetch_related(_financing()), pk=pk)


@router.get(
    "/partnerships",
    openapi_extra=OPEN_READ,
    response=list_responses(PartnershipOut),
    operation_id="list_partnerships",
    summary="Partnerships with members and projects, and their money in USD",
)
@paginate(Pagination)
def list_partnerships(request, filters: Query[PartnershipFilter]):
    return filters.apply(Partnership.objects.visible_to(caller(request))).prefetch_related(_financing())


@router.get(
    "/partnerships/{pk}",
    openapi_extra=OPEN_READ,
    response=detail_responses(PartnershipOut),
    operation_id="get_partnership",
    summary="One partnership",
)
def get_partnership(request, pk: int, response: HttpResponse):
    return ETAGS.with_etag(response, _partnership(pk))


def _slugs(model, field: str, slugs, name: str) -> list:
    from django.core.exceptions import ValidationError

    slugs = list(slugs or [])
    found = {getattr(o, field): o for o in model.objects.filter(**{f"{field}__in": slugs})}
    missing = [s for s in slugs if s not in found]
    if missing:
        raise ValidationError({name: f"Unknown: {', '.join(missing)}."})
    return [found[s] for s in slugs]


def _partnership_data(payload, fields: set) -> dict:
    from django.core.exceptions import ValidationError

    data = payload.model_dump(include=fields, exclude_unset=True)
    if "partner" in data:
        data["partner"] = Organisation.objects.filter(slug=data["partner"]).first()
        if data["partner"] is None:
            raise ValidationError({"partner": "Unknown organisation."})
    if "programme" in data:
        data["programme"] = Programme.objects.filter(slug=data["programme"]).first() if data["programme"] else None
        if payload.programme and data["programme"] is None:
            raise ValidationError({"programme": "Unknown programme."})
    for name in ("description",):
        if name in data and data[name] is None:
            data[name] = ""
    if "currency" in data and data["currency"] is None:
        data["currency"] = ""
    return data


_P_FIELDS = {
    "title",
    "partner",
    "programme",
    "kind",
    "status",
    "description",
    "start",
    "end",
    "amount",
    "currency",
    "documents",
    "sources",
}


@router.post(
    "/partnerships",
    auth=WRITE,
    response=write_responses(PartnershipOut, 201),
    operation_id="create_partnership",
    summary="Record a partnership",
    description="By the partner itself, the officers or National Representative of every member in it, "
    "or the Secretariat.",
)
def create_partnership(request, payload: PartnershipIn, response: HttpResponse):
    with service_errors(statuses=STATUSES):
        obj = services.create_partnership(
            actor=caller(request),
            data=_partnership_data(payload, _P_FIELDS),
            members=_slugs(Member, "slug", payload.members, "members"),
            projects=_slugs(Project, "slug", payload.projects, "projects"),
            via=VIA,
        )
    return ETAGS.created(response, _partnership(obj.pk), "get_partnership", pk=obj.pk)


@router.patch(
    "/partnerships/{pk}",
    auth=WRITE,
    response=write_responses(PartnershipOut),
    operation_id="update_partnership",
    summary="Change a partnership",
    description=IF_MATCH_HELP,
)
def update_partnership(request, pk: int, payload: PartnershipPatch, response: HttpResponse):
    obj = _partnership(pk)
    version = ETAGS.expected_version(request, obj)
    sent = payload.model_fields_set
    with service_errors(statuses=STATUSES):
        services.update_partnership(
            actor=caller(request),
            partnership=obj,
            data=_partnership_data(payload, _P_FIELDS & sent),
            members=_slugs(Member, "slug", payload.members, "members") if "members" in sent else None,
            projects=_slugs(Project, "slug", payload.projects, "projects") if "projects" in sent else None,
            expected_version=version,
            via=VIA,
        )
    return ETAGS.with_etag(response, _partnership(pk))


@router.post(
    "/partnerships/{pk}/financing",
    auth=WRITE,
    response=write_responses(FinancingOut, 201),
    operation_id="add_partnership_financing",
    summary="Add money committed, secured or disbursed",
)
def add_partnership_financing(request, pk: int, payload: FinancingIn):
    parent = _partnership(pk)
    with service_errors(statuses=STATUSES):
        row = services.record_financing(actor=caller(request), parent=parent, data=_financing_data(payload), via=VIA)
    return Status(201, row)


def _financing_data(payload: FinancingIn) -> dict:
    data = payload.model_dump()
    member = data.pop("member")
    data["member"] = Member.objects.filter(slug=member).first() if member else None
    return data


@router.delete(
    "/financing/{pk}",
    auth=WRITE,
    response=write_responses(None, 204),
    operation_id="delete_financing",
    summary="Delete a financing row",
    description=IF_MATCH_HELP,
)
def delete_financing(request, pk: int):
    row = get_object_or_404(Financing.objects.visible_to(caller(request)).with_related(), pk=pk)
    version = ETAGS.expected_version(request, row)
    with service_errors(statuses=STATUSES):
        services.delete_financing(actor=caller(request), financing=row, expected_version=version, via=VIA)
    return Status(204, None)


# -- opportunities --------------------------------------------------------------------------------------


def _opportunity(request, pk: int) -> Opportunity:
    qs = Opportunity.objects.visible_to(caller(request)).with_related().prefetch_related(_financing())
    return get_object_or_404(qs, pk=pk)


@router.get(
    "/opportunities",
    openapi_extra=OPEN_READ,
    response=list_responses(OpportunityOut),
    operation_id="list_opportunities",
    summary="Investment opportunities",
    description="Published ones for everyone; `state` shows drafts and submitted ones to those who may see "
    "them (their member's people, its National Representative, the Secretariat).",
)
@paginate(Pagination)
def list_opportunities(request, filters: Query[OpportunityFilter]):
    qs = Opportunity.objects.visible_to(caller(request))
    return filters.apply(qs if filters.state else qs.published())


@router.get(
    "/opportunities/{pk}",
    openapi_extra=OPEN_READ,
    response=detail_responses(OpportunityDetail),
    operation_id="get_opportunity",
    summary="One investment opportunity, with its financing",
)
def get_opportunity(request, pk: int, response: HttpResponse):
    return ETAGS.with_etag(response, _opportunity(request, pk))


_O_FIELDS = {
    "title",
    "summary",
    "amount",
    "currency",
    "instrument",
    "stage",
    "readiness",
    "readiness_note",
    "contact_name",
    "contact_email",
}


@router.post(
    "/opportunities",
    auth=WRITE,
    response=write_responses(OpportunityDetail, 201),
    operation_id="create_opportunity",
    summary="Draft an investment opportunity for a project",
    description="By the project's member's officers, its National Representative or the Secretariat.",
)
def create_opportunity(request, payload: OpportunityIn, response: HttpResponse):
    from django.core.exceptions import ValidationError

    with service_errors(statuses=STATUSES):
        project = Project.objects.select_related("member").filter(slug=payload.project).first()
        if project is None:
            raise ValidationError({"project": "Unknown project."})
        obj = services.create_opportunity(
            actor=caller(request), project=project, data=payload.model_dump(include=_O_FIELDS), via=VIA
        )
    return ETAGS.created(response, _opportunity(request, obj.pk), "get_opportunity", pk=obj.pk)


@router.patch(
    "/opportunities/{pk}",
    auth=WRITE,
    response=write_responses(OpportunityDetail),
    operation_id="update_opportunity",
    summary="Change a draft opportunity",
    description=IF_MATCH_HELP,
)
def update_opportunity(request, pk: int, payload: OpportunityPatch, response: HttpResponse):
    obj = _opportunity(request, pk)
    version = ETAGS.expected_version(request, obj)
    with service_errors(statuses=STATUSES):
        services.update_opportunity(
            actor=caller(request),
            opportunity=obj,
            data={k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None},
            expected_version=version,
            via=VIA,
        )
    return ETAGS.with_etag(response, _opportunity(request, pk))


@router.post(
    "/opportunities/{pk}/review",
    auth=WRITE,
    response=write_responses(OpportunityDetail),
    operation_id="review_opportunity",
    summary="Submit, publish, return (with a comment) or close",
    description="Submit and close: the member's people. Publish and return: the member's National "
    f"Representative or the Secretariat. {IF_MATCH_HELP}",
)
def review_opportunity(request, pk: int, payload: ReviewIn, response: HttpResponse):
    obj = _opportunity(request, pk)
    version = ETAGS.expected_version(request, obj)
    with service_errors(statuses=STATUSES):
        services.review_opportunity(
            actor=caller(request),
            opportunity=obj,
            action=payload.action,
            comment=payload.comment,
            expected_version=version,
            via=VIA,
            base_url=request.build_absolute_uri("/"),
        )
    return ETAGS.with_etag(response, _opportunity(request, pk))


@router.post(
    "/opportunities/{pk}/financing",
    auth=WRITE,
    response=write_responses(FinancingOut, 201),
    operation_id="add_opportunity_financing",
    summary="Add money committed, secured or disbursed",
)
def add_opportunity_financing(request, pk: int, payload: FinancingIn):
    parent = _opportunity(request, pk)
    with service_errors(statuses=STATUSES):
        row = services.record_financing(actor=caller(request), parent=parent, data=_financing_data(payload), via=VIA)
    return Status(201, row)


@router.post(
    "/opportunities/{pk}/interests",
    auth=WRITE,
    response=write_responses(InterestOut, 201),
    operation_id="express_interest",
    summary="Express interest (partners), with a first message",
)
def express_interest(request, pk: int, payload: MessageIn):
    obj = _opportunity(request, pk)
    with service_errors(statuses=STATUSES):
        try:
            interest = services.express_interest(
                actor=caller(request),
                opportunity=obj,
                message=payload.message,
                via=VIA,
                base_url=request.build_absolute_uri("/"),
            )
        except Opportunity.DoesNotExist as exc:
            raise Http404 from exc
    return Status(201, _interest(request, interest.pk))


class FollowOut(Schema):
    following: bool


@router.post(
    "/opportunities/{pk}/follow",
    auth=WRITE,
    response=write_responses(FollowOut),
    operation_id="follow_opportunity",
    summary="Follow a published opportunity (partners); it shows on the partner's page",
)
def follow_opportunity(request, pk: int):
    return _follow(request, pk, True)


@router.delete(
    "/opportunities/{pk}/follow",
    auth=WRITE,
    response=write_responses(FollowOut),
    operation_id="unfollow_opportunity",
    summary="Stop following an opportunity",
)
def unfollow_opportunity(request, pk: int):
    return _follow(request, pk, False)


def _follow(request, pk: int, following: bool) -> dict:
    obj = _opportunity(request, pk)
    with service_errors(statuses=STATUSES):
        try:
            now = services.follow(actor=caller(request), opportunity=obj, following=following, via=VIA)
        except Opportunity.DoesNotExist as exc:
            raise Http404 from exc
    return {"following": now}


# -- expressions of interest -------------------------------------------------------------------------------


def _interests(request):
    messages = Prefetch("messages", queryset=InterestMessage.objects.order_by("created_at", "pk"))
    return (
        Interest.objects.visible_to(caller(request))
        .select_related("opportunity", "organisation")
        .prefetch_related(messages)
    )


def _interest(request, pk: int) -> Interest:
    return get_object_or_404(_interests(request), pk=pk)


@router.get(
    "/interests",
    openapi_extra=OPEN_READ,
    response=list_responses(InterestOut),
    operation_id="list_interests",
    summary="Expressions of interest the caller may read (its own, or those on its member's opportunities)",
)
@paginate(Pagination)
def list_interests(request):
    return _interests(request).order_by("-updated_at", "pk")


@router.get(
    "/interests/{pk}",
    openapi_extra=OPEN_READ,
    response=detail_responses(InterestOut),
    operation_id="get_interest",
    summary="One expression of interest with its conversation",
)
def get_interest(request, pk: int):
    return _interest(request, pk)


@router.post(
    "/interests/{pk}/messages",
    auth=WRITE,
    response=write_responses(MessageOut, 201),
    operation_id="add_message",
    summary="Write in the conversation (the partner, or the member's answer)",
)
def add_message(request, pk: int, payload: MessageIn):
    interest = _interest(request, pk)
    with service_errors(statuses=STATUSES):
        try:
            message = services.reply(
                actor=caller(request),
                interest=interest,
                message=payload.message,
                via=VIA,
                base_url=request.build_absolute_uri("/"),
            )
        except Interest.DoesNotExist as exc:
            raise Http404 from exc
    return Status(201, message)


# -- figures ------------------------------------------------------------------------------------------


@router.get(
    "/investment",
    openapi_extra=OPEN_READ,
    response={200: InvestmentOut, 422: dict},
    operation_id="investment",
    summary="Money committed, secured and disbursed (realised), in USD",
    description=f"Grouped by country, member, year or instrument; filters narrow the rows first. {ROUNDING} "
    "The groups always add up to `total`; money for the network as a whole is the group `network`.",
)
def get_investment(request, filters: Query[InvestmentFilter]):
    figures = investment(filters.group_by, filters.apply(Financing.objects.visible_to(caller(request))))

    def out(g):
        return {
            "key": g.key,
            "label": str(g.label),
            "committed": plain(g.committed),
            "secured": plain(g.secured),
            "disbursed": plain(g.disbursed),
        }

    return {
        "group_by": figures.group_by,
        "currency": filters.currency,
        "rounding": ROUNDING,
        "groups": [out(g) for g in figures.groups],
        "total": out(figures.total),
    }


from hub.partnerships import api_assessments  # noqa: E402,F401  (adds its endpoints to this router)
