"""Read API of the registry: thin endpoints over the shared filters (filters.py) and schemas (schemas.py).

Every list is paginated (``limit``, ``offset``) and answers ``{count, items}`` with a constant number of
queries (a count and a page) whatever the data size: the filters ``select_related`` what the schemas read
and annotate status and join date with subqueries.

No ``from __future__ import annotations`` here: ninja reads the filter annotations through @paginate's
wrapper, whose module cannot resolve them as strings.
"""

from datetime import date

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, P, Query, Router, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination, paginate

from hub.network.filters import (
    CountryFilter,
    MemberFilter,
    MembershipFilter,
    OrganisationFilter,
    RoleTermFilter,
    today,
)
from hub.network.models import Country, Member, MembershipEvent, Organisation, Person, RoleTerm
from hub.network.schemas import (
    CountryDetail,
    CountryOut,
    MemberDetail,
    MemberOut,
    MembershipOut,
    Message,
    OrganisationDetail,
    OrganisationOut,
    PersonOut,
    RoleTermOut,
    ValidationErrorOut,
)

router = Router()

PER_PAGE = ninja_settings.PAGINATION_PER_PAGE
MAX_LIMIT = ninja_settings.PAGINATION_MAX_LIMIT


class Pagination(LimitOffsetPagination):
    """ninja's limit/offset pagination, with its parameters documented. A limit over the maximum is a 422."""

    class Input(Schema):
        limit: int = Field(PER_PAGE, ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}.")
        offset: int = Field(0, ge=0, description="How many items to skip.")


def _list(item_schema) -> dict:
    return {200: list[item_schema], 422: ValidationErrorOut}


def _detail(schema) -> dict:
    return {200: schema, 404: Message, 422: ValidationErrorOut}


# -- Countries ------------------------------------------------------------------------------------------


@router.get(
    "/countries",
    response=_list(CountryOut),
    tags=["countries"],
    operation_id="list_countries",
    summary="List the ASEAN member states",
)
@paginate(Pagination)
def list_countries(request, filters: Query[CountryFilter]):
    return filters.apply()


@router.get(
    "/countries/{code}",
    response=_detail(CountryDetail),
    tags=["countries"],
    operation_id="get_country",
    summary="One country, with its members",
    description="`code` is the ISO 3166-1 alpha-2 code, in either case (`ID` or `id`).",
)
def get_country(request, code: str):
    members = Prefetch("members", queryset=Member.objects.order_by("name", "pk"))
    return get_object_or_404(Country.objects.prefetch_related(members), code__iexact=code)


# -- Members and membership events ----------------------------------------------------------------------


@router.get(
    "/members",
    response=_list(MemberOut),
    tags=["members"],
    operation_id="list_members",
    summary="List members and candidates, with their status on a day",
    description="Without `as_of` and `status` the list has every member, candidate and former member, with "
    "today's status. With `as_of` alone it has the members on that day.",
)
@paginate(Pagination)
def list_members(request, filters: Query[MemberFilter]):
    return filters.apply(Member.objects.published())


@router.get(
    "/members/{member_id}",
    response=_detail(MemberDetail),
    tags=["members"],
    operation_id="get_member",
    summary="One member, with its membership history",
)
def get_member(
    request,
    member_id: int,
    as_of: Query[date | None, P(description="The day `status` refers to (YYYY-MM-DD); today if omitted.")] = None,
):
    events = Prefetch("events", queryset=MembershipEvent.objects.order_by("effective_date", "pk"))
    queryset = (
        Member.objects.published()
        .select_related("country")
        .with_status(as_of or today())
        .with_join()
        .prefetch_related(events)
    )
    return get_object_or_404(queryset, pk=member_id)


@router.get(
    "/memberships",
    response=_list(MembershipOut),
    tags=["members"],
    operation_id="list_memberships",
    summary="List membership events (joined, candidate, withdrew), oldest first",
)
@paginate(Pagination)
def list_memberships(request, filters: Query[MembershipFilter]):
    return filters.apply()


# -- Organisations and people ---------------------------------------------------------------------------


@router.get(
    "/organisations",
    response=_list(OrganisationOut),
    tags=["organisations"],
    operation_id="list_organisations",
    summary="List ministries, local governments, the secretariat and partners",
)
@paginate(Pagination)
def list_organisations(request, filters: Query[OrganisationFilter]):
    return filters.apply()


@router.get(
    "/organisations/{organisation_id}",
    response=_detail(OrganisationDetail),
    tags=["organisations"],
    operation_id="get_organisation",
    summary="One organisation, with its units and people",
)
def get_organisation(request, organisation_id: int):
    queryset = Organisation.objects.select_related("country", "member", "parent").prefetch_related(
        Prefetch("units", queryset=Organisation.objects.order_by("name", "pk")),
        Prefetch("people", queryset=Person.objects.order_by("name", "pk")),
    )
    return get_object_or_404(queryset, pk=organisation_id)


@router.get(
    "/people",
    response=_list(PersonOut),
    tags=["organisations"],
    operation_id="list_people",
    summary="List the people named by sources",
)
@paginate(Pagination)
def list_people(request):
    return Person.objects.select_related("organisation").order_by("name", "pk")


# -- Role terms -----------------------------------------------------------------------------------------


@router.get(
    "/role-terms",
    response=_list(RoleTermOut),
    tags=["role terms"],
    operation_id="list_role_terms",
    summary="List terms in governance roles (Chair, Shepherd, National Representative, CSCO, Secretariat)",
    description="Where sources disagree (e.g. on a Shepherd's years) each term carries the other readings "
    "in `provenance.alternatives`.",
)
@paginate(Pagination)
def list_role_terms(request, filters: Query[RoleTermFilter]):
    return filters.apply()


@router.get(
    "/role-terms/{term_id}",
    response=_detail(RoleTermOut),
    tags=["role terms"],
    operation_id="get_role_term",
    summary="One role term",
)
def get_role_term(request, term_id: int):
    return get_object_or_404(RoleTerm.objects.with_related(), pk=term_id)
