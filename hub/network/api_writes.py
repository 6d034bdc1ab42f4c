"""Write API of the registry: ``POST``, ``PATCH`` and ``DELETE`` on the router of hub.network.api.

Writes need a read-write token or a session with its CSRF token (hub.accounts.auth.WRITE) and go through
hub.network.services, which checks the caller's rights, validates, writes in one transaction and logs the
change. Their errors: 401 without credentials, 403 when the caller may not make the change (the registry is
public, so never 404 for that), 404 for an unknown id, 422 with field messages for bad input, 412 when the
record changed since the caller's ``If-Match`` ETag, 400 for an ``If-Match`` header that is not one ETag.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hub.accounts.auth import WRITE, caller
from hub.network import services
from hub.network.api import (
    VIA,
    _country,
    _member,
    _membership,
    _organisation,
    _person,
    _record_tag,
    _role_term,
    _with_etag,
    etag,
    router,
)
from hub.network.models import Country, Member, MembershipEvent, Organisation, Person, RoleTerm
from hub.network.schemas import (
    CountryDetail,
    MemberDetail,
    MembershipOut,
    Message,
    OrganisationDetail,
    PersonOut,
    RoleTermOut,
    ValidationErrorOut,
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
    WriteSchema,
)

_WRITE_ERRORS = {400: Message, 401: Message, 403: Message, 404: Message, 412: Message, 422: ValidationErrorOut}


def _write(schema, status: int = 200) -> dict:
    return {status: schema, **_WRITE_ERRORS}


# -- If-Match ---------------------------------------------------------------------------------------------

_ETAG = re.compile(r'^"(?P<record>[A-Za-z0-9-]+)-v(?P<version>\d+)"$')

IF_MATCH_HELP = (
    "Send the `ETag` of your last read in `If-Match` to be refused (412) if someone changed the record since; "
    "without `If-Match` the write overwrites. `If-Match: *` matches any version; a header that is not one "
    "ETag as sent, quotes included, is a 400."
)


def expected_version(request: HttpRequest, obj: Model) -> int | None:
    """The version the caller's If-Match names (None: overwrite whatever is there)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    value = header.strip()
    if value.startswith("W/"):
        raise HttpError(412, "If-Match compares strong ETags; a weak one (W/…) never matches. Send the ETag as sent.")
    match = _ETAG.match(value)
    if match is None:
        raise HttpError(400, f"If-Match must be one ETag as the API sent it, quotes included (e.g. {etag(obj)}), or *.")
    if match["record"] != _record_tag(obj):
        raise HttpError(412, f"The If-Match ETag {value} is for another record than this one ({_record_tag(obj)}).")
    return int(match["version"])


# -- From service errors to HTTP ------------------------------------------------------------------------


def _field_errors(exc: DjangoValidationError, schema: type[WriteSchema]) -> list[dict]:
    if not hasattr(exc, "error_dict"):
        return [{"type": "value_error", "loc": ["body", "payload"], "msg": msg} for msg in exc.messages]
    errors = []
    for model_field, messages in exc.message_dict.items():
        field = schema.input_field(model_field)
        loc = ["body", "payload", field] if field else ["body", "payload"]
        errors.extend({"type": "value_error", "loc": loc, "msg": msg} for msg in messages)
    return errors


@contextmanager
def service_errors(schema: type[WriteSchema]) -> Iterator[None]:
    """Refusals become 403, stale versions 412, invalid data 422 naming the fields of the body."""
    try:
        yield
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "You may not make this change.") from exc
    except services.Conflict as exc:
        raise HttpError(412, str(exc)) from exc
    except DjangoValidationError as exc:
        raise NinjaValidationError(_field_errors(exc, schema)) from exc


def _created(response: HttpResponse, obj: Model, url_name: str, **kwargs):
    response["Location"] = reverse(f"api:{url_name}", kwargs=kwargs)
    return Status(201, _with_etag(response, obj))


# -- Countries ------------------------------------------------------------------------------------------


@router.patch(
    "/countries/{code}",
    auth=WRITE,
    response=_write(CountryDetail),
    tags=["countries"],
    operation_id="update_country",
    summary="Change a country (Secretariat)",
    description=f"Only the fields sent change; the ISO code cannot. {IF_MATCH_HELP}",
)
def update_country(request, code: str, payload: CountryPatch, response: HttpResponse):
    country = get_object_or_404(Country, code__iexact=code)
    version = expected_version(request, country)
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
    response=_write(MemberDetail, 201),
    tags=["members"],
    operation_id="create_member",
    summary="Add a member or candidate to the registry (Secretariat)",
    description="`country` is an ISO code; `slug` is made from the name when omitted. The new member has no "
    "status until a membership event is added (`POST /memberships`).",
)
def create_member(request, payload: MemberIn, response: HttpResponse):
    with service_errors(MemberIn):
        member = services.create_member(actor=caller(request), data=payload.model_data(partial=False), via=VIA)
    return _created(response, _member(member.pk), "get_member", member_id=member.pk)


@router.patch(
    "/members/{member_id}",
    auth=WRITE,
    response=_write(MemberDetail),
    tags=["members"],
    operation_id="update_member",
    summary="Change a member's profile or registry data",
    description="Only the fields sent change. A city officer (its own member) and a National Representative "
    "(its country's members) may change the profile: `name`, `local_name`, `website`, `summary`, `latitude`, "
    f"`longitude`; everything else is the Secretariat's. {IF_MATCH_HELP}",
)
def update_member(request, member_id: int, payload: MemberPatch, response: HttpResponse):
    member = get_object_or_404(Member, pk=member_id)
    version = expected_version(request, member)
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
    response=_write(MembershipOut, 201),
    tags=["members"],
    operation_id="create_membership",
    summary="Record a change of a member's status (Secretariat)",
    description="`member` is the member's id or slug; `effective` is YYYY, YYYY-MM or YYYY-MM-DD.",
)
def create_membership(request, payload: MembershipIn, response: HttpResponse):
    with service_errors(MembershipIn):
        event = services.create_membership_event(actor=caller(request), data=payload.model_data(partial=False), via=VIA)
    return _created(response, _membership(event.pk), "get_membership", event_id=event.pk)


@router.patch(
    "/memberships/{event_id}",
    auth=WRITE,
    response=_write(MembershipOut),
    tags=["members"],
    operation_id="update_membership",
    summary="Correct a membership event (Secretariat)",
    description=f"Only the fields sent change. {IF_MATCH_HELP}",
)
def update_membership(request, event_id: int, payload: MembershipPatch, response: HttpResponse):
    event = get_object_or_404(MembershipEvent, pk=event_id)
    version = expected_version(request, event)
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
    response=_write(None, 204),
    tags=["members"],
    operation_id="delete_membership",
    summary="Delete a membership event recorded in error (Secretariat)",
    description=f"The deletion is logged with the event's last state. {IF_MATCH_HELP}",
)
def delete_membership(request, event_id: int):
    event = get_object_or_404(MembershipEvent, pk=event_id)
    version = expected_version(request, event)
    with service_errors(MembershipPatch):
        services.delete_membership_event(actor=caller(request), event=event, expected_version=version, via=VIA)
    return Status(204, None)


# -- Organisations and people ---------------------------------------------------------------------------


@router.post(
    "/organisations",
    auth=WRITE,
    response=_write(OrganisationDetail, 201),
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
    return _created(response, _organisation(organisation.pk), "get_organisation", organisation_id=organisation.pk)


@router.patch(
    "/organisations/{organisation_id}",
    auth=WRITE,
    response=_write(OrganisationDetail),
    tags=["organisations"],
    operation_id="update_organisation",
    summary="Change an organisation (Secretariat)",
    description=f"Only the fields sent change. {IF_MATCH_HELP}",
)
def update_organisation(request, organisation_id: int, payload: OrganisationPatch, response: HttpResponse):
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    version = expected_version(request, organisation)
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
    response=_write(PersonOut, 201),
    tags=["organisations"],
    operation_id="create_person",
    summary="Add a person (Secretariat)",
    description="`organisation` is an id or slug; `slug` is made from the name when omitted.",
)
def create_person(request, payload: PersonIn, response: HttpResponse):
    with service_errors(PersonIn):
        person = services.create_person(actor=caller(request), data=payload.model_data(partial=False), via=VIA)
    return _created(response, _person(person.pk), "get_person", person_id=person.pk)


@router.patch(
    "/people/{person_id}",
    auth=WRITE,
    response=_write(PersonOut),
    tags=["organisations"],
    operation_id="update_person",
    summary="Change a person (Secretariat)",
    description=f"Only the fields sent change. {IF_MATCH_HELP}",
)
def update_person(request, person_id: int, payload: PersonPatch, response: HttpResponse):
    person = get_object_or_404(Person, pk=person_id)
    version = expected_version(request, person)
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
    response=_write(RoleTermOut, 201),
    tags=["role terms"],
    operation_id="create_role_term",
    summary="Add a term in a governance role (Secretariat)",
    description="`country` is an ISO code; `member`, `organisation` and `person` an id or slug; `start` and "
    "`end` YYYY, YYYY-MM or YYYY-MM-DD. Rights that come from the role follow the term from its start to its end.",
)
def create_role_term(request, payload: RoleTermIn, response: HttpResponse):
    with service_errors(RoleTermIn):
        term = services.create_role_term(actor=caller(request), data=payload.model_data(partial=False), via=VIA)
    return _created(response, _role_term(term.pk), "get_role_term", term_id=term.pk)


@router.patch(
    "/role-terms/{term_id}",
    auth=WRITE,
    response=_write(RoleTermOut),
    tags=["role terms"],
    operation_id="update_role_term",
    summary="Change a role term, e.g. end it (Secretariat)",
    description=f"Only the fields sent change; the rights that come from the term change with it. {IF_MATCH_HELP}",
)
def update_role_term(request, term_id: int, payload: RoleTermPatch, response: HttpResponse):
    term = get_object_or_404(RoleTerm, pk=term_id)
    version = expected_version(request, term)
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
    response=_write(None, 204),
    tags=["role terms"],
    operation_id="delete_role_term",
    summary="Delete a role term recorded in error (Secretariat)",
    description=f"To end a term, set its `end` instead. {IF_MATCH_HELP}",
)
def delete_role_term(request, term_id: int):
    term = get_object_or_404(RoleTerm, pk=term_id)
    version = expected_version(request, term)
    with service_errors(RoleTermPatch):
        services.delete_role_term(actor=caller(request), term=term, expected_version=version, via=VIA)
    return Status(204, None)
