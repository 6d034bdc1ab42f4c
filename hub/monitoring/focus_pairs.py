"""The /projects/ list filtered by a focus area, counted from tallies: FocusPairTally per member and its roll-up
per country, CountryFocusPairTally (models_tallies.py).

Filtered by a focus area, the list's chart has one bar per focus area of the projects in the one asked for
(a project in two areas counts in both) split by public status, and the list its count: both are sums of
(focus area, other focus area, public status) counts, which these tallies keep per member and per country.
tallies.refresh_members rewrites a member's rows from the same CycleFacts as its other tallies (the public
status today: its latest accepted update's, else the catalogue's) and changes the country's rows by the
difference, in the write's transaction; a member moving country rewrites both countries (refresh_countries);
``rebuild`` recomputes everything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Sum

from hub.core import compiled
from hub.monitoring.models import CountryFocusPairTally, FocusPairTally
from hub.monitoring.selectors import CycleFacts
from hub.monitoring.today import scoped
from hub.projects.models import Project

KEY = ("member_id", "focus_area_id", "with_area_id", "status")


def pair_rows(facts) -> list[FocusPairTally]:
    """The member pair tallies of the projects of ``facts`` (CycleFacts): one per member, focus area, other
    focus area (or the same) and public status today."""
    sums: dict[tuple, int] = defaultdict(int)
    for pid, p in facts.projects.items():
        if not p.focus_ids:
            continue
        status = facts._status_now(pid)
        for area in p.focus_ids:
            for other in p.focus_ids:
                sums[(p.member_id, area, other, status)] += 1
    return [
        FocusPairTally(member_id=m, focus_area_id=a, with_area_id=w, status=s, projects=n)
        for (m, a, w, s), n in sums.items()
    ]


def _by_country(rows, countries: dict[int, int]) -> dict[tuple, int]:
    sums: dict[tuple, int] = defaultdict(int)
    for member, area, other, status, n in rows:
        sums[(countries[member], area, other, status)] += n
    return sums


def refresh_members(member_ids: list[int], facts, countries: dict[int, int]) -> None:
    """Rewrite these members' pair tallies from ``facts`` (CycleFacts of exactly these members) and change
    their countries' roll-up by the difference. In the caller's transaction, the countries locked."""
    rows = FocusPairTally.objects.filter(member_id__in=member_ids)
    old = list(rows.values_list(*KEY, "projects"))
    rows.delete()
    new = FocusPairTally.objects.bulk_create(pair_rows(facts), batch_size=2000)
    before = _by_country(old, countries)
    after = _by_country([(t.member_id, t.focus_area_id, t.with_area_id, t.status, t.projects) for t in new], countries)
    for key in before.keys() | after.keys():
        delta = after.get(key, 0) - before.get(key, 0)
        if not delta:
            continue
        country, area, other, status = key
        found = CountryFocusPairTally.objects.filter(
            country_id=country, focus_area_id=area, with_area_id=other, status=status
        )
        if not found.update(projects=F("projects") + delta):
            CountryFocusPairTally.objects.create(
                country_id=country, focus_area_id=area, with_area_id=other, status=status, projects=delta
            )


def refresh_countries(country_ids: Iterable[int] | None = None) -> None:
    """Sum the member pair tallies of these countries (None: every country) into their roll-up again. In the
    caller's transaction, the countries locked."""
    rows, source = CountryFocusPairTally.objects.all(), FocusPairTally.objects.all()
    if country_ids is not None:
        country_ids = sorted({c for c in country_ids if c is not None})
        if not country_ids:
            return
        rows, source = rows.filter(country_id__in=country_ids), source.filter(member__country_id__in=country_ids)
    rows.delete()
    sums = (
        source.values("member__country_id", "focus_area_id", "with_area_id", "status")
        .annotate(n=Sum("projects"))
        .order_by()
    )
    CountryFocusPairTally.objects.bulk_create(
        (
            CountryFocusPairTally(
                country_id=r["member__country_id"],
                focus_area_id=r["focus_area_id"],
                with_area_id=r["with_area_id"],
                status=r["status"],
                projects=r["n"],
            )
            for r in sums
        ),
        batch_size=2000,
    )


def rebuild(facts) -> None:
    """Every pair tally again, from CycleFacts of the whole network (tallies.rebuild)."""
    FocusPairTally.objects.all().delete()
    FocusPairTally.objects.bulk_create(pair_rows(facts), batch_size=2000)
    refresh_countries()


def fill_if_empty(using: str = "default") -> None:
    """After the migration that brought these tallies: fill them once when projects have focus areas."""
    if FocusPairTally.objects.using(using).exists():
        return
    if not Project.focus_areas.through.objects.using(using).exists():
        return
    with transaction.atomic(using=using):
        rebuild(CycleFacts())


# --- reading -----------------------------------------------------------------------------------------


def _rows(focus_area: str, country: str | None, member: str | None, status: str | None):
    """(other focus area id, public status, projects) of the projects in ``focus_area`` (a code), of a country
    (code), member (slug) and status: the SQL compiled once per filter (hub/core/compiled.py), run each time."""
    country = country.upper() if country else None

    def build():
        rows = scoped(FocusPairTally, CountryFocusPairTally, country=country, member=member)
        rows = rows.filter(focus_area__code=focus_area, projects__gt=0)
        if status:
            rows = rows.filter(status=status)
        return (
            rows.values("with_area_id", "status", "focus_area_id")
            .annotate(n=Sum("projects"))
            .values_list("with_area_id", "status", "n", "focus_area_id")
            .order_by()
        )

    return compiled.rows(("focus-pairs", focus_area, country, member or None, status or None), build)


def by_focus(*, focus_area: str, country=None, member=None, status=None) -> list[dict]:
    """The /projects/ chart's rows (focusarea_id, public_status, n) for the list filtered by ``focus_area``:
    per focus area of its projects and public status, how many of them."""
    found = _rows(focus_area, country, member, status)
    return [{"focusarea_id": other, "public_status": s, "n": n} for other, s, n, _area in found]


def projects_in(*, focus_area: str, country=None, member=None, status=None) -> int:
    """How many projects the list filtered by ``focus_area`` (and country, member, status) holds."""
    return sum(n for other, _s, n, area in _rows(focus_area, country, member, status) if other == area)
