"""Write API of the registry: ``POST``, ``PATCH`` and ``DELETE`` on the router of hub.network.api.

Writes need a read-write token or a session with its CSRF token (hub.accounts.auth.WRITE) and go through
hub.network.services, which checks the caller's rights, validates, writes in one transaction and logs the
change. Their errors: 401 without credentials, 403 when the caller may not make the change (the registry is
public, so never 404 for that), 404 for an unknown id, 422 with field messages for bad input, 412 when the
record changed since the caller's ``If-Match`` ETag, 400 for an ``If-Match`` header that is not one ETag.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Status

from hub.core import api as core_api
from hub.core.api import VIA, service_errors, write_responses
from hub.core.api_auth import WRITE, caller
from hub.network import services
from hub.network.api import (
    ETAGS,
    _country,
    _member,
    _membership,
    _organisation,
    _person,
    _role_term,
    _with_etag,
    router,
)
from hub.network.models import Country, Member, MembershipEvent, Organisation, Person, RoleTerm
from hub.network.schemas import (
    CountryDetail,
    MemberDetail,
    MembershipOut,
    OrganisationDetail,
    PersonOut,
    RoleTermOut,
)
from hub.network.schemas_in import (
    CountryPatch,
    MemberIn,
    MemberPatch,
    MembershipIn,
    MembershipPatch,
    OrganisationIn,
    OrganisationPatch,
    PersonIn,
    PersonPatch,
    RoleTermIn,
    RoleTermPatch,
)

# The registry's writes also say what a malformed If-Match gets.
IF_MATCH_HELP = (
    core_api.IF_MATCH_HELP.removesuffix(".") + "; a header that is not one ETag as sent, quotes included, is a 400."
)
# The rule of the role terms' writes (hub.network.services.ONE_HOLDER_ROLES).
ONE_HOLDER_HELP = (
    "One holder a day: one Chair, one Shepherd and one National Representative per country (a CSCO and the "
    "Secretariat may be several). A month or year that ends one term and starts the next (Shepherd Singapore "
    "until 2023-07, Indonesia from 2023-07) is a handover within that period, not an overlap."
)


# -- Countries ------------------------------------------------------------------------------------------


@router.patch(
    "/countries/{code}",
    auth=WRITE,
    response=write_responses(CountryDetail),
    tags=["countries"],
    operation_id="update_country",
    summary="Change a country (Secretariat)",
    description=f"Only the fields sent change; the ISO code cannot. {IF_MATCH_HELP}",
)
def update_country(request, code: str, payload: CountryPatch, response: HttpResponse):
    country = get_object_or_404(Country, code__iexact=code)
    version = ETAGS.expected_version(request, country)
    with service_errors(CountryPatch):
        services.update_country(
            actor=caller(request),
            country=country,
            data=payload.model_data(partial=True),
            expected_version=version,
            via=VIA,
        )
    return _with_etag(response, _country(country.code))


# -- Members and membership events ----------------------------------------------------------------------


@router.post(
    "/members",
    auth=WRITE,
    response=write_responses(MemberDetail, 201),
    tags=["members"],
    operation_id="create_member",
    summary="Add a member or candidate to the registry (Secretariat)",
    description="`country` is an ISO code; `slug` is made from the name when omitted. The new member has no "
    "status until a membership event is added (`POST /memberships`).",
)
def create_member(request, payload: MemberIn, response: HttpResponse):
    with service_errors(MemberIn):
        member = services.create_member(actor=caller(request), data=payload.model_data(partial=False), via=VIA)
    return ETAGS.created(response, _member(member.pk), "get_member", member_id=member.pk)


@router.patch(
    "/members/{member_id}",
    auth=WRITE,
    response=write_responses(MemberDetail),
    tags=["members"],
    operation_id="update_member",
    summary="Change a member's profile or registry data",
    description="Only the fields sent change. A city officer (its own member) and a National Representative "
    "(its country's members) may change the profile: `name`, `local_name`, `website`, `summary`, `latitude`, "
    f"`longitude`; everything else is the Secretariat's. {IF_MATCH_HELP}",
)
def update_member(request, member_id: int, payload: MemberPatch, response: HttpResponse):
    member = get_object_or_404(Member, pk=member_id)
    version = ETAGS.expected_version(request, member)
    with service_errors(MemberPatch):
        services.update_member(
            actor=caller(request),
            member=member,
            data=payload.model_data(partial=True),
            expected_version=version,
            via=VIA,
        )
    return _with_etag(response, _member(member_id))


@router.post(
    "/memberships",
    auth=WRITE,
    response=write_responses(MembershipOut, 201),
    tags=["members"],
    operation_id="create_membership",
    summary="Record a change of a member's status (Secretariat)",
    description="`member` is the member's id or slug; `effective` is YYYY, YYYY-MM or YYYY-MM-DD.",
)
def create_membership(request, payload: MembershipIn, response: HttpResponse):
    with service_errors(MembershipIn):
        event = services.create_membership_event(actor=caller(request), data=payload.model_data(partial=False), via=VIA)
    return ETAGS.created(response, _membership(event.pk), "get_membership", event_id=event.pk)


@router.patch(
    "/memberships/{event_id}",
    auth=WRITE,
    response=write_responses(MembershipOut),
    tags=["members"],
    operation_id="update_membership",
    summary="Correct a membership event (Secretariat)",
    description=f"Only the fields sent change. {IF_MATCH_HELP}",
)
def update_membership(request, event_id: int, payload: MembershipPatch, response: HttpResponse):
    event = get_object_or_404(MembershipEvent, pk=event_id)
    version = ETAGS.expected_version(request, event)
    with service_errors(MembershipPatch):
        services.update_membership_event(
            actor=caller(request),
            event=event,
            data=payload.model_data(partial=True),
            expected_version=version,
            via=VIA,
        )
    return _with_etag(response, _membership(event_id))


@router.delete(
    "/memberships/{event_id}",
    auth=WRITE,
    response=write_responses(None, 204),
    tags=["members"],
    operation_id="delete_membership",
    summary="Delete a membership event recorded in error (Secretariat)",
    description=f"The deletion is logged with the event's last state. {IF_MATCH_HELP}",
)
def delete_membership(request, event_id: int):
    event = get_object_or_404(MembershipEvent, pk=event_id)
    version = ETAGS.expected_version(request, event)
    with service_errors(MembershipPatch):
        services.delete_membership_event(actor=caller(request), event=event, expected_version=version, via=VIA)
    return Status(204, None)


# -- Organisations and people ---------------------------------------------------------------------------


@router.post(
    "/organisations",
    auth=WRITE,
    response=write_responses(OrganisationDetail, 201),
    tags=["organisations"],
    operation_id="create_organisation",
    summary="Add an organisation (Secretariat)",
    description="`country` is an ISO code; `member` and `parent` an id or slug; `slug` is made from the name "
    "when omitted.",
)
def create_organisation(request, payload: OrganisationIn, response: HttpResponse):
    with service_errors(OrganisationIn):
        organisation = services.create_organisation(
            actor=caller(request), data=payload.model_data(partial=False), via=VIA
        )
    return ETAGS.created(response, _organisation(organisation.pk), "get_organisation", organisation_id=organisation.pk)


@router.patch(
    "/organisations/{organisation_id}",
    auth=WRITE,
    response=write_responses(OrganisationDetail),
    tags=["organisations"],
    operation_id="update_organisation",
    summary="Change an organisation (Secretariat)",
    description=f"Only the fields sent change. {IF_MATCH_HELP}",
)
def update_organisation(request, organisation_id: int, payload: OrganisationPatch, response: HttpResponse):
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    version = ETAGS.expected_version(request, organisation)
    with service_errors(OrganisationPatch):
        services.update_organisation(
            actor=caller(request),
            organisation=organisation,
            data=payload.model_data(partial=True),
            expected_version=version,
            via=VIA,
        )
    return _with_etag(response, _organisation(organisation_id))


@router.post(
    "/people",
    auth=WRITE,
    response=write_responses(PersonOut, 201),
    tags=["organisations"],
    operation_id="create_person",
    summary="Add a person (Secretariat)",
    description="`organisation` is an id or slug; `slug` is made from the name when omitted.",
)
def create_person(request, payload: PersonIn, response: HttpResponse):
    with service_errors(PersonIn):
        person = services.create_person(actor=caller(request), data=payload.model_data(partial=False), via=VIA)
    return ETAGS.created(response, _person(person.pk), "get_person", person_id=person.pk)


@router.patch(
    "/people/{person_id}",
    auth=WRITE,
    response=write_responses(PersonOut),
    tags=["organisations"],
    operation_id="update_person",
    summary="Change a person (Secretariat)",
    description=f"Only the fields sent change. {IF_MATCH_HELP}",
)
def update_person(request, person_id: int, payload: PersonPatch, response: HttpResponse):
    person = get_object_or_404(Person, pk=person_id)
    version = ETAGS.expected_version(request, person)
    with service_errors(PersonPatch):
        services.update_person(
            actor=caller(request),
            person=person,
            data=payload.model_data(partial=True),
            expected_version=version,
            via=VIA,
        )
    return _with_etag(response, _person(person_id))


# -- Role terms -----------------------------------------------------------------------------------------


@router.post(
    "/role-terms",
    auth=WRITE,
    response=write_responses(RoleTermOut, 201),
    tags=["role terms"],
    operation_id="create_role_term",
    summary="Add a term in a governance role (Secretariat)",
    description="`country` is an ISO code; `member`, `organisation` and `person` an id or slug; `start` and "
    "`end` YYYY, YYYY-MM or YYYY-MM-DD. Rights that come from the role follow the term from its start to its end. "
    f"{ONE_HOLDER_HELP} A new term that starts while another of its seat is in force ends that term with the "
    "period just before its start (`end_previous`, true by default; the ended term's change is logged and its "
    "ETag changes); with `end_previous: false`, or when that is not enough (the other term starts no earlier, "
    "or the new term overlaps a later one), it is a 422 on `start` naming the term, and nothing is written.",
)
def create_role_term(request, payload: RoleTermIn, response: HttpResponse):
    with service_errors(RoleTermIn):
        term = services.create_role_term(
            actor=caller(request),
            data=payload.model_data(partial=False),
            end_previous=payload.end_previous,
            via=VIA,
        )
    return ETAGS.created(response, _role_term(term.pk), "get_role_term", term_id=term.pk)


@router.patch(
    "/role-terms/{term_id}",
    auth=WRITE,
    response=write_responses(RoleTermOut),
    tags=["role terms"],
    operation_id="update_role_term",
    summary="Change a role term, e.g. end it (Secretariat)",
    description="Only the fields sent change; the rights that come from the term change with it. "
    f"{ONE_HOLDER_HELP} A change of role, country or dates that makes the term overlap another of its seat is a "
    f"422 naming that term (on the field changed), and nothing is written. {IF_MATCH_HELP}",
)
def update_role_term(request, term_id: int, payload: RoleTermPatch, response: HttpResponse):
    term = get_object_or_404(RoleTerm, pk=term_id)
    version = ETAGS.expected_version(request, term)
    with service_errors(RoleTermPatch):
        services.update_role_term(
            actor=caller(request),
            term=term,
            data=payload.model_data(partial=True),
            expected_version=version,
            via=VIA,
        )
    return _with_etag(response, _role_term(term_id))


@router.delete(
    "/role-terms/{term_id}",
    auth=WRITE,
    response=write_responses(None, 204),
    tags=["role terms"],
    operation_id="delete_role_term",
    summary="Delete a role term recorded in error (Secretariat)",
    description=f"To end a term, set its `end` instead. {IF_MATCH_HELP}",
)
def delete_role_term(request, term_id: int):
    term = get_object_or_404(RoleTerm, pk=term_id)
    version = ETAGS.expected_version(request, term)
    with service_errors(RoleTermPatch):
        services.delete_role_term(actor=caller(request), term=term, expected_version=version, via=VIA)
    return Status(204, None)
