"""Read API of the registry: thin endpoints over the shared filters (filters.py) and schemas (schemas.py).

Every list is paginated (``limit``, ``offset``) and answers ``{count, items}`` with a constant number of
queries (a count and a page) whatever the data size: the filters ``select_related`` what the schemas read
and annotate status and join date with subqueries.

The writes (``POST``, ``PATCH``, ``DELETE``) are in hub.network.api_writes, on this same router: the
import at the end of this module registers them, so ``from hub.network.api import router`` gives both.

No ``from __future__ import annotations`` here: ninja reads the filter annotations through @paginate's
wrapper, whose module cannot resolve them as strings.
"""

from datetime import date

from django.db.models import Model, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import P, Query, Router
from ninja.pagination import paginate

from hub.core.api import OPEN_READ, ETags, Pagination, detail_responses, list_responses
from hub.core.api_auth import READ
from hub.core.apilist import paginate_rows
from hub.core.inputs import Day
from hub.network.api_rows import MEMBER_ROWS, MEMBERSHIP_ROWS, ORGANISATION_ROWS, ROLE_TERM_ROWS
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
    MEMBER_OUT_COLUMNS,
    CountryDetail,
    CountryOut,
    MemberDetail,
    MemberOut,
    MembershipOut,
    OrganisationDetail,
    OrganisationOut,
    PersonOut,
    RoleTermOut,
)

# Reads are open to everyone; READ still refuses a bad, expired or revoked token (401) instead of reading it as
# anonymous, so a client learns at once that its token no longer works. Writes say auth=WRITE.
router = Router(auth=READ)


# -- ETags ------------------------------------------------------------------------------------------------
# A record's ETag names it and its version, e.g. "member-12-v3" or "country-ID-v1" (hub.core.api.ETags).
# Writes check it (If-Match).

_ETAG_KINDS = {
    Country: "country",
    Member: "member",
    MembershipEvent: "membership",
    Organisation: "organisation",
    Person: "person",
    RoleTerm: "role-term",
}


def _record_tag(obj: Model) -> str:
    ident = obj.code if isinstance(obj, Country) else obj.pk
    return f"{_ETAG_KINDS[type(obj)]}-{ident}"


ETAGS = ETags(_record_tag)
_with_etag = ETAGS.with_etag


# -- Single records as the detail endpoints answer them ---------------------------------------------------


def _member(member_id: int, as_of: date | None = None) -> Member:
    events = Prefetch("events", queryset=MembershipEvent.objects.order_by("effective_date", "pk"))
    queryset = (
        Member.objects.published()
        .select_related("country")
        .with_status(as_of or today())
        .with_join()
        .prefetch_related(events)
    )
    return get_object_or_404(queryset, pk=member_id)


def _country(code: str) -> Country:
    members = Prefetch("members", queryset=Member.objects.order_by("name", "pk"))
    return get_object_or_404(Country.objects.prefetch_related(members), code__iexact=code)


def _organisation(organisation_id: int) -> Organisation:
    queryset = Organisation.objects.select_related("country", "member", "parent").prefetch_related(
        Prefetch("units", queryset=Organisation.objects.order_by("name", "pk")),
        Prefetch("people", queryset=Person.objects.order_by("name", "pk")),
    )
    return get_object_or_404(queryset, pk=organisation_id)


def _membership(event_id: int) -> MembershipEvent:
    return get_object_or_404(MembershipEvent.objects.select_related("member"), pk=event_id)


def _person(person_id: int) -> Person:
    return get_object_or_404(Person.objects.select_related("organisation"), pk=person_id)


def _role_term(term_id: int) -> RoleTerm:
    return get_object_or_404(RoleTerm.objects.with_related(), pk=term_id)


# -- Countries ------------------------------------------------------------------------------------------


@router.get(
    "/countries",
    openapi_extra=OPEN_READ,
    response=list_responses(CountryOut),
    tags=["countries"],
    operation_id="list_countries",
    summary="List the ASEAN member states",
)
@paginate(Pagination)
def list_countries(request, filters: Query[CountryFilter]):
    return filters.apply()


@router.get(
    "/countries/{code}",
    openapi_extra=OPEN_READ,
    response=detail_responses(CountryDetail),
    tags=["countries"],
    operation_id="get_country",
    summary="One country, with its members",
    description="`code` is the ISO 3166-1 alpha-2 code, in either case (`ID` or `id`).",
)
def get_country(request, code: str, response: HttpResponse):
    return _with_etag(response, _country(code))


# -- Members and membership events ----------------------------------------------------------------------


@router.get(
    "/members",
    openapi_extra=OPEN_READ,
    response=list_responses(MemberOut),
    tags=["members"],
    operation_id="list_members",
    summary="List members and candidates, with their status on a day",
    description="Without `as_of` and `status` the list has every member, candidate and former member, with "
    "today's status. With `as_of` alone it has the members on that day.",
)
@paginate_rows(Pagination, MEMBER_ROWS)
def list_members(request, filters: Query[MemberFilter]):
    return filters.apply(Member.objects.published()).only(*MEMBER_OUT_COLUMNS)


@router.get(
    "/members/{member_id}",
    openapi_extra=OPEN_READ,
    response=detail_responses(MemberDetail),
    tags=["members"],
    operation_id="get_member",
    summary="One member, with its membership history",
)
def get_member(
    request,
    member_id: int,
    response: HttpResponse,
    as_of: Query[Day | None, P(description="The day `status` refers to (YYYY-MM-DD); today if omitted.")] = None,
):
    return _with_etag(response, _member(member_id, as_of))


@router.get(
    "/memberships",
    openapi_extra=OPEN_READ,
    response=list_responses(MembershipOut),
    tags=["members"],
    operation_id="list_memberships",
    summary="List membership events (joined, candidate, withdrew), oldest first",
)
@paginate_rows(Pagination, MEMBERSHIP_ROWS)
def list_memberships(request, filters: Query[MembershipFilter]):
    return filters.apply()


@router.get(
    "/memberships/{event_id}",
    openapi_extra=OPEN_READ,
    response=detail_responses(MembershipOut),
    tags=["members"],
    operation_id="get_membership",
    summary="One membership event",
)
def get_membership(request, event_id: int, response: HttpResponse):
    return _with_etag(response, _membership(event_id))


# -- Organisations and people ---------------------------------------------------------------------------


@router.get(
    "/organisations",
    openapi_extra=OPEN_READ,
    response=list_responses(OrganisationOut),
    tags=["organisations"],
    operation_id="list_organisations",
    summary="List ministries, local governments, the secretariat and partners",
)
@paginate_rows(Pagination, ORGANISATION_ROWS)
def list_organisations(request, filters: Query[OrganisationFilter]):
    return filters.apply()


@router.get(
    "/organisations/{organisation_id}",
    openapi_extra=OPEN_READ,
    response=detail_responses(OrganisationDetail),
    tags=["organisations"],
    operation_id="get_organisation",
    summary="One organisation, with its units and people",
)
def get_organisation(request, organisation_id: int, response: HttpResponse):
    return _with_etag(response, _organisation(organisation_id))


@router.get(
    "/people",
    openapi_extra=OPEN_READ,
    response=list_responses(PersonOut),
    tags=["organisations"],
    operation_id="list_people",
    summary="List the people named by sources",
)
@paginate(Pagination)
def list_people(request):
    return Person.objects.select_related("organisation").order_by("name", "pk")


@router.get(
    "/people/{person_id}",
    openapi_extra=OPEN_READ,
    response=detail_responses(PersonOut),
    tags=["organisations"],
    operation_id="get_person",
    summary="One person",
)
def get_person(request, person_id: int, response: HttpResponse):
    return _with_etag(response, _person(person_id))


# -- Role terms -----------------------------------------------------------------------------------------


@router.get(
    "/role-terms",
    openapi_extra=OPEN_READ,
    response=list_responses(RoleTermOut),
    tags=["role terms"],
    operation_id="list_role_terms",
    summary="List terms in governance roles (Chair, Shepherd, National Representative, CSCO, Secretariat)",
    description="Where sources disagree (e.g. on a Shepherd's years) each term carries the other readings "
    "in `provenance.alternatives`.",
)
@paginate_rows(Pagination, ROLE_TERM_ROWS)
def list_role_terms(request, filters: Query[RoleTermFilter]):
    return filters.apply()


@router.get(
    "/role-terms/{term_id}",
    openapi_extra=OPEN_READ,
    response=detail_responses(RoleTermOut),
    tags=["role terms"],
    operation_id="get_role_term",
    summary="One role term",
)
def get_role_term(request, term_id: int, response: HttpResponse):
    return _with_etag(response, _role_term(term_id))
