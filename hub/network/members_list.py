"""The members list's page of rows, read as plain values through the SQL memory (hub/core/sqlmemo.py).

The list filtered by MemberFilter (the one filter of the page and the API), in its order, read as the columns
the table shows rather than as Member and Country objects: the same rows for ``{% member_rows %}``
(hub/network/rows.py reads the same attributes), its SQL compiled once per filter values, day and page.
"""

from __future__ import annotations

from hub.core.labels import localized
from hub.core.sqlmemo import RememberedList
from hub.network.filters import MemberFilter

COLUMNS = (
    "slug",
    "name",
    "local_name",
    "kind",
    "country__code",
    "country__name",
    "country__name_id",
    "joined_date",
    "joined_precision",
    "status_on",
)


class CountryRow:
    __slots__ = ("code", "name", "name_id")

    def __init__(self, code: str, name: str, name_id: str):
        self.code, self.name, self.name_id = code, name, name_id

    @property
    def label(self) -> str:
        return localized(self)  # as Country.label


class MemberRow:
    """One member of the list; ``row`` the values it was read as (what its HTML is a function of)."""

    __slots__ = ("slug", "name", "local_name", "kind", "country", "joined_date", "joined_precision", "status_on", "row")

    def __init__(self, row: tuple):
        self.row = row
        (self.slug, self.name, self.local_name, self.kind, code, country, country_id) = row[:7]
        self.country = CountryRow(code, country, country_id)
        self.joined_date, self.joined_precision, self.status_on = row[7:]


def member_list(member_filter: MemberFilter) -> RememberedList:
    """The filtered members for a Paginator: ``count()`` and pages of MemberRow."""
    day = member_filter.effective_day()
    key = ("network.members", tuple(sorted(member_filter.model_dump().items())), day)
    return RememberedList(key, lambda: member_filter.apply().values_list(*COLUMNS), MemberRow)
