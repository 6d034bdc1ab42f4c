"""The registry's list items written from rows (hub.core.apilist): what MemberOut, OrganisationOut,
MembershipOut and RoleTermOut, and the ``provenance`` every sourced item carries, dump for one row, without
pydantic walking a model instance. Field order, values and nulls are the schemas' own;
tests/api/test_fast_lists.py checks every row against the schemas' output.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from hub.core.apilist import Rows, filter_key, slug_template, slug_url
from hub.core.dates import Precision, format_partial
from hub.network.models import Role
from hub.network.schemas import Alternative
from hub.network.tallies import event_total, member_total

# The columns a sourced item's provenance reads, with the prefix of the table they are on ("" for the list's).
PROVENANCE_COLUMNS = ("sources", "confidence", "source_note", "alternatives")

_ALTERNATIVES = TypeAdapter(list[Alternative])


def provenance_of(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """What ``Provenance`` dumps for a row's ``sources``, ``confidence``, ``source_note`` and ``alternatives``."""
    alternatives = row[f"{prefix}alternatives"]
    if alternatives:  # rare: validated as the schema does (defaults filled, fields in order, extras dropped)
        alternatives = [a.model_dump() for a in _ALTERNATIVES.validate_python(alternatives)]
    return {
        "sources": row[f"{prefix}sources"] or [],
        "confidence": row[f"{prefix}confidence"],
        "source_note": row[f"{prefix}source_note"],
        "alternatives": alternatives or [],
    }


MEMBER_COLUMNS = (
    *("id", "slug", "name", "local_name", "kind", "country__code", "country__name"),
    *("latitude", "longitude", "website", "status_on", "joined_date", "joined_precision"),
    *PROVENANCE_COLUMNS,
)


def member_item(row: dict[str, Any], context: dict) -> dict[str, Any]:
    """hub.network.schemas.MemberOut of one row of MEMBER_COLUMNS."""
    latitude, longitude, joined_date = row["latitude"], row["longitude"], row["joined_date"]
    return {
        "id": row["id"],
        "slug": row["slug"],
        "name": row["name"],
        "local_name": row["local_name"],
        "kind": row["kind"],
        "country": {"code": row["country__code"], "name": row["country__name"]},
        "latitude": float(latitude) if latitude is not None else None,
        "longitude": float(longitude) if longitude is not None else None,
        "website": row["website"],
        "status": row["status_on"],
        "joined": format_partial(joined_date, row["joined_precision"]) or None,
        "joined_precision": row["joined_precision"] or None,
        "joined_date": joined_date.isoformat() if joined_date is not None else None,  # as ninja's encoder writes it
        "provenance": provenance_of(row),
        "url": slug_url(context, "network:member", row["slug"]),
    }


def _by_country(total):
    """A list's ``total``: everyone's, or a country's, from the tallies (hub.network.tallies); other filters are
    counted (e.g. a member's status on a day is worked out per member)."""

    def given(request, filters):
        if any(getattr(filters, field) for field in type(filters).model_fields if field != "country"):
            return None
        return total(filters.country)

    return given


# The list's SQL depends on its filter and on the day "today" means (the status is on that day).
MEMBER_ROWS = Rows(
    MEMBER_COLUMNS,
    member_item,
    key=lambda request, filters: filter_key("members", filters, filters.effective_day()),
    total=_by_country(member_total),
    shared=lambda context: slug_template(context, "network:member"),  # each item's text kept by its row
)


def _ref(row: dict[str, Any], name: str, *fields: str) -> dict[str, Any] | None:
    """A nested reference ({id, name} and the like) of a nullable relation: null when the row has none."""
    values = {field: row[f"{name}__{field}"] for field in fields}
    return None if values[fields[0]] is None else values


ORGANISATION_COLUMNS = (
    *("id", "slug", "name", "short_name", "local_name", "kind", "country__code", "country__name"),
    *("member__id", "member__slug", "member__name", "parent__id", "parent__name", "website"),
    *PROVENANCE_COLUMNS,
)


def organisation_item(row: dict[str, Any], context: dict) -> dict[str, Any]:
    """hub.network.schemas.OrganisationOut of one row of ORGANISATION_COLUMNS."""
    return {
        "id": row["id"],
        "slug": row["slug"],
        "name": row["name"],
        "short_name": row["short_name"],
        "local_name": row["local_name"],
        "kind": row["kind"],
        "country": _ref(row, "country", "code", "name"),
        "member": _ref(row, "member", "id", "slug", "name"),
        "parent": _ref(row, "parent", "id", "name"),
        "website": row["website"],
        "provenance": provenance_of(row),
    }


ORGANISATION_ROWS = Rows(
    ORGANISATION_COLUMNS, organisation_item, key=lambda request, filters: filter_key("organisations", filters)
)


MEMBERSHIP_COLUMNS = (
    *("id", "status", "effective_date", "effective_date_precision", "not_before", "not_before_precision"),
    *("counts_from", "decided_by", "member__id", "member__slug", "member__name"),
    *PROVENANCE_COLUMNS,
)


def membership_item(row: dict[str, Any], context: dict) -> dict[str, Any]:
    """hub.network.schemas.MembershipOut of one row of MEMBERSHIP_COLUMNS."""
    effective = row["effective_date"]
    return {
        "id": row["id"],
        "status": row["status"],
        "effective": format_partial(effective, row["effective_date_precision"]),
        "effective_precision": row["effective_date_precision"],
        "effective_date": effective.isoformat(),
        "not_before": format_partial(row["not_before"], row["not_before_precision"]) or None,
        "counts_from": row["counts_from"].isoformat(),
        "decided_by": row["decided_by"],
        "provenance": provenance_of(row),
        "member": {"id": row["member__id"], "slug": row["member__slug"], "name": row["member__name"]},
    }


MEMBERSHIP_ROWS = Rows(
    MEMBERSHIP_COLUMNS,
    membership_item,
    key=lambda request, filters: filter_key("memberships", filters),
    total=_by_country(event_total),
)


ROLE_TERM_COLUMNS = (
    *("id", "role", "country__code", "country__name", "member__id", "member__slug", "member__name"),
    *("organisation__id", "organisation__name", "person__id", "person__name"),
    *("start_date", "start_precision", "end_date", "end_precision", "in_force_on", "decided_by", "note"),
    *PROVENANCE_COLUMNS,
)
_COUNTRY_HOLDS = (Role.CHAIR, Role.SHEPHERD)


def role_term_item(row: dict[str, Any], context: dict) -> dict[str, Any]:
    """hub.network.schemas.RoleTermOut of one row of ROLE_TERM_COLUMNS (``holder``: RoleTerm.holder_name)."""
    country = _ref(row, "country", "code", "name")
    organisation = _ref(row, "organisation", "id", "name")
    person = _ref(row, "person", "id", "name")
    if country is not None and row["role"] in _COUNTRY_HOLDS:
        holder = country["name"]
    else:
        holder = (organisation or person or country or {"name": ""})["name"]
    start, end, in_force_on = row["start_date"], row["end_date"], row["in_force_on"]
    return {
        "id": row["id"],
        "role": row["role"],
        "holder": {"name": holder},
        "country": country,
        "member": _ref(row, "member", "id", "slug", "name"),
        "organisation": organisation,
        "person": person,
        "start": format_partial(start, row["start_precision"]) or None,
        "start_precision": (row["start_precision"] or Precision.DAY.value) if start else None,
        "end": format_partial(end, row["end_precision"]) or None,
        "end_precision": (row["end_precision"] or Precision.DAY.value) if end else None,
        "in_force_on": in_force_on.isoformat() if in_force_on is not None else None,
        "decided_by": row["decided_by"],
        "note": row["note"],
        "provenance": provenance_of(row),
    }


ROLE_TERM_ROWS = Rows(ROLE_TERM_COLUMNS, role_term_item, key=lambda request, filters: filter_key("role-terms", filters))
