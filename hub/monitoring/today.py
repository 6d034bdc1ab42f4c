"""Today's figures from the per-country tallies: the /projects/ chart's and list's counts, the home page's
bars and a cycle's update counts (hub/monitoring/tallies.py keeps them)."""

from __future__ import annotations

from django.db.models import Subquery, Sum, Value
from django.db.models.functions import Coalesce

from hub.core import compiled
from hub.monitoring.models import (
    CountryTally,
    CycleTally,
    ReportingCycle,
)


def scoped(member_tally, country_tally, *, country=None, member=None):
    """The rows of a tally kept per member and rolled up per country: a member's own (slug; within a country,
    code, when given), else the roll-up's of a country or of every country."""
    if member:
        rows = member_tally.objects.filter(member__slug=member)
        return rows.filter(member__country__code=country) if country else rows
    rows = country_tally.objects.all()
    return rows.filter(country__code=country) if country else rows


def today_by_focus(*, country=None, member=None, status=None) -> list[dict]:
    """Projects by focus area and public status today (rows of focusarea_id, public_status, n), of a
    country (code), member (slug) and public status: the /projects/ chart's counts, from the tallies
    (hub/monitoring/tallies.py keeps them): the per-country roll-up, a member's own tallies for a member.
    The SQL compiled once per country, member and status (hub/core/compiled.py), run on every call."""
    country = country.upper() if country else None

    def build():
        rows = scoped(CycleTally, CountryTally, country=country, member=member)
        rows = rows.filter(cycle=None, focus_area__isnull=False, counted__gt=0)
        if status:
            rows = rows.filter(status=status)
        return (
            rows.values("focus_area_id", "status")
            .annotate(n=Sum("counted"))
            .values_list("focus_area_id", "status", "n")
            .order_by()
        )

    found = compiled.rows(("today-by-focus", country, member or None, status or None), build)
    return [{"focusarea_id": area, "public_status": s, "n": n} for area, s, n in found]


def today_totals(*, country=None, status=None) -> tuple[int, int]:
    """(projects, members with projects) today, of a country (code) and public status: the /projects/ list's
    count and whether its member dropdown fits, from the per-country tallies (a few rows, not every project).
    Rows with ``status`` "" hold every status together and the ``members``; a status's rows have no members
    (0), so with a status the members are those of every status (the dropdown ignores the status).
    The rows of every status (a few per country) summed here: their SQL compiled once per country."""
    country = country.upper() if country else None

    def build():
        rows = CountryTally.objects.filter(cycle=None, focus_area=None)
        if country:
            rows = rows.filter(country__code=country)
        return rows.order_by().values_list("status", "counted", "members")

    projects = members = 0
    wanted = status or ""
    for row_status, counted, row_members in compiled.rows(("today-totals", country), build):
        if row_status == wanted:
            projects += counted or 0
        if row_status == "":
            members += row_members or 0
    return projects, members


def today_projects_total(*, country=None, status=None) -> Coalesce:
    """today_totals' projects as an expression a query reads beside its rows (the API's projects list): the
    per-country tallies summed in a scalar subquery, its SQL depending only on the country and status asked."""
    rows = CountryTally.objects.filter(cycle=None, focus_area=None, status=status or "").order_by()
    if country:
        rows = rows.filter(country__code=country.upper())
    summed = rows.annotate(one=Value(1)).values("one").annotate(n=Sum("counted")).values("n")
    return Coalesce(Subquery(summed), 0)


def projects_by_focus_today() -> dict[int, tuple[int, int]]:
    """Per focus area id: (projects, of them demo), from the per-country tallies (the home page's bars)."""
    rows = (
        CountryTally.objects.filter(cycle=None, focus_area__isnull=False)
        .values("focus_area_id")
        .annotate(n=Sum("counted"), demo=Sum("demo"))
        .order_by()
    )
    return {r["focus_area_id"]: (r["n"], r["demo"]) for r in rows}


def cycle_update_counts(cycle: ReportingCycle) -> dict[str, int]:
    """Updates of the cycle submitted or later ("reported") and accepted, from the per-country tallies."""
    sums = CountryTally.objects.filter(cycle=cycle, focus_area=None, status="").aggregate(
        reported=Sum("reported"), accepted=Sum("accepted")
    )
    return {key: value or 0 for key, value in sums.items()}
