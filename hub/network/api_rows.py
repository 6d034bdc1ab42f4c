"""The registry's list items written from rows (hub.core.apilist): what MemberOut, and the ``provenance`` every
sourced item carries, dump for one row, without pydantic walking a model instance. Field order, values and
nulls are the schemas' own; tests/api/test_fast_lists.py checks every row against the schemas' output.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from hub.core.apilist import Rows, filter_key, slug_url
from hub.core.dates import format_partial
from hub.network.schemas import Alternative

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


# The list's SQL depends on its filter and on the day "today" means (the status is on that day).
MEMBER_ROWS = Rows(
    MEMBER_COLUMNS, member_item, key=lambda request, filters: filter_key("members", filters, filters.effective_day())
)
