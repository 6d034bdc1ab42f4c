"""The dashboards' figures from pre-computed tallies (CycleTally), kept in step with every write.

CycleFacts (selectors.py) stays the one definition of what counts in a cycle: a member's tallies are
CycleFacts(member_ids=[member]) summed per cycle, status and focus area. The receivers below refresh
the tallies of the member a write touches, inside the write's transaction (projects, their focus areas,
progress updates, membership events); a change to the cycles themselves rebuilds every tally. Writes
that bypass the model signals (``bulk_create``, ``QuerySet.update``) must call ``refresh_members`` (or
``rebuild``) themselves: the generator of bench/ and the bulk import do.

``Tallies`` reads them for the network, a country or a member, in a fixed number of queries whatever the
size of the network (a few thousand rows summed by the database), with the interface the dashboards use
(``cycles``, ``focus_areas``, ``figures``, ``series``, ``count_in``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from hub.core import compiled
from hub.core.backup import restored
from hub.core.bulk import written
from hub.monitoring import feed, focus_pairs, highlights
from hub.monitoring.models import (
    REPORTED_STATES,
    CountryTally,
    CycleTally,
    IndicatorTally,
    ProgressUpdate,
    ReportingCycle,
    UpdateState,
)
from hub.monitoring.selectors import STATUS_ORDER, CycleFacts, CycleFigures, published_values
from hub.network import tallies as network_tallies
from hub.network.models import Country, Member, MembershipEvent
from hub.projects.models import FocusArea, Indicator, IndicatorValue, Project, PublicProgress

COLUMNS = ("counted", "demo", "expected", "reported", "accepted", "progress_sum", "progress_n")


# --- writing -----------------------------------------------------------------------------------------


def tally_rows(facts: CycleFacts) -> list[CycleTally]:
    """The tallies of the projects in ``facts``: per cycle (and None, today), member, status, focus area."""
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(COLUMNS))
    for cycle in [*facts.cycles, None]:
        if cycle is None:
            counted = set(facts.projects)
            expected: set[int] = set()
            in_cycle = {}
        else:
            counted = set(facts.counted(cycle))
            expected = set(facts.expected(cycle))
            in_cycle = facts.updates.get(cycle.pk, {})
        for pid in counted | set(in_cycle):
            p = facts.projects[pid]
            if cycle is None:
                status, progress = facts._status_now(pid), facts._progress_now(pid)
            else:
                status, progress = facts.status_in(cycle, pid), facts.progress_in(cycle, pid)
            update = in_cycle.get(pid)
            is_counted = pid in counted
            add = (
                int(is_counted),
                int(is_counted and p.is_demo),
                int(pid in expected),
                int(update is not None and update.state in REPORTED_STATES),
                int(update is not None and update.state == UpdateState.ACCEPTED),
                progress if is_counted and progress is not None else 0,
                int(is_counted and progress is not None),
            )
            cycle_id = cycle.pk if cycle else None
            keys = [(cycle_id, p.member_id, None, status)]
            if is_counted:
                keys += [(cycle_id, p.member_id, focus_id, status) for focus_id in p.focus_ids]
            for key in keys:
                row = sums[key]
                for i, n in enumerate(add):
                    row[i] += n
    return [
        CycleTally(cycle_id=c, member_id=m, focus_area_id=f, status=s, **dict(zip(COLUMNS, values, strict=True)))
        for (c, m, f, s), values in sums.items()
    ]


def refresh_members(member_ids: Iterable[int]) -> None:
    """Recompute the tallies of these members (call it after bulk writes that skip the model signals)."""
    member_ids = sorted({m for m in member_ids if m is not None})
    if not member_ids:
        return
    with transaction.atomic():
        countries = dict(Member.objects.filter(pk__in=member_ids).values_list("pk", "country_id"))
        _lock(countries.values())
        rows = CycleTally.objects.filter(member_id__in=member_ids)
        old = list(rows.values_list("cycle_id", "member_id", "focus_area_id", "status", *COLUMNS))
        rows.delete()
        facts = CycleFacts(member_ids=member_ids)
        new = CycleTally.objects.bulk_create(tally_rows(facts), batch_size=2000)
        _add_to_countries(
            old, [(t.cycle_id, t.member_id, t.focus_area_id, t.status, *t.counts()) for t in new], countries
        )
        focus_pairs.refresh_members(member_ids, facts, countries)
        highlights.refresh_members(member_ids, facts)


ROLLUP_COLUMNS = (*COLUMNS, "members")


def _lock(country_ids) -> None:
    """Lock these countries' rows (in id order): one write at a time changes a country's roll-up."""
    ids = sorted({c for c in country_ids if c is not None})
    list(Country.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def _rollup(rows, countries: dict[int, int]) -> dict[tuple, list[int]]:
    """Member tally rows (cycle, member, focus area, status, *COLUMNS) summed as CountryTally keys them."""
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(ROLLUP_COLUMNS))
    counted: dict[tuple, int] = defaultdict(int)  # (cycle, member): projects counted, all statuses
    for cycle, member, focus, status, *values in rows:
        country = countries[member]
        keys = [(cycle, country, focus, status)] + ([(cycle, country, None, "")] if focus is None else [])
        for key in keys:
            total = sums[key]
            for i, n in enumerate(values):
                total[i] += n
        if focus is None:
            counted[(cycle, member)] += values[0]
    for (cycle, member), n in counted.items():
        sums[(cycle, countries[member], None, "")][-1] += int(n > 0)
    return sums


def _add_to_countries(old, new, countries: dict[int, int]) -> None:
    """Change the roll-up by what the members' tallies changed (old rows out, new rows in): a few indexed
    updates for a write, where summing a country's member tallies again reads tens of thousands of rows."""
    before, after = _rollup(old, countries), _rollup(new, countries)
    for key in before.keys() | after.keys():
        delta = [a - b for a, b in zip(after.get(key, [0] * 8), before.get(key, [0] * 8), strict=True)]
        if not any(delta):
            continue
        cycle, country, focus, status = key
        found = CountryTally.objects.filter(cycle_id=cycle, country_id=country, focus_area_id=focus, status=status)
        changes = {c: F(c) + d for c, d in zip(ROLLUP_COLUMNS, delta, strict=True) if d}
        if not found.update(**changes):
            values = dict(zip(ROLLUP_COLUMNS, delta, strict=True))
            CountryTally.objects.create(
                cycle_id=cycle, country_id=country, focus_area_id=focus, status=status, **values
            )


def refresh_countries(country_ids: Iterable[int] | None = None) -> None:
    """Sum the member tallies of these countries (None: of every country) into their CountryTally rows.

    The countries' rows are locked first (in id order), so that two writes in one country do not both
    delete the old roll-up and each insert a new one."""
    rows, source = CountryTally.objects.all(), CycleTally.objects.all()
    if country_ids is not None:
        country_ids = sorted({c for c in country_ids if c is not None})
        if not country_ids:
            return
        rows, source = rows.filter(country_id__in=country_ids), source.filter(member__country_id__in=country_ids)
    sums = {c: Sum(c) for c in COLUMNS}
    with transaction.atomic():
        if country_ids is not None:
            _lock(country_ids)
        rows.delete()
        by_status = source.values("cycle_id", "member__country_id", "focus_area_id", "status").annotate(**sums)
        every_status = (
            source.filter(focus_area=None)
            .values("cycle_id", "member__country_id")
            # members first: in its filter, "counted" is still the column, not the sum annotated next
            .annotate(members=Count("member_id", distinct=True, filter=Q(counted__gt=0)))
            .annotate(**sums)
        )
        made = [
            CountryTally(
                cycle_id=r["cycle_id"],
                country_id=r["member__country_id"],
                focus_area_id=r.get("focus_area_id"),
                status=r.get("status", ""),
                members=r.get("members", 0),
                **{c: r[c] for c in COLUMNS},
            )
            for query in (by_status, every_status)
            for r in query.order_by()
        ]
        CountryTally.objects.bulk_create(made, batch_size=2000)
        if country_ids is not None:  # a member changed country (rebuild sums every country's pairs itself)
            focus_pairs.refresh_countries(country_ids)


def refresh_public(project_ids: Iterable[int] | None = None) -> None:
    """Recompute the PublicProgress rows of these projects (None: of every project): the projects app's
    data, which this app defines (the latest accepted update) and keeps."""
    updates = ProgressUpdate.objects.filter(state=UpdateState.ACCEPTED)
    rows = PublicProgress.objects.all()
    if project_ids is not None:
        project_ids = sorted(set(project_ids))
        updates, rows = updates.filter(project_id__in=project_ids), rows.filter(project_id__in=project_ids)
    latest: dict[int, tuple] = {}
    # Newest cycle first, then the highest id: the first row seen per project is its latest accepted update.
    for values in updates.order_by("project_id", "-cycle__start_date", "-pk").values_list(
        "project_id", "pk", "cycle__slug", "status", "progress"
    ):
        latest.setdefault(values[0], values)
    with transaction.atomic():
        rows.delete()
        PublicProgress.objects.bulk_create(
            (PublicProgress(project_id=p, cycle=c, status=s, progress=g) for p, _u, c, s, g in latest.values()),
            batch_size=5000,
        )


def refresh_indicators(indicator_ids: Iterable[int] | None = None) -> None:
    """Recount the dated public values of these indicators (None: of every indicator)."""
    values = published_values(IndicatorValue.objects.filter(undated=False))
    rows = IndicatorTally.objects.all()
    if indicator_ids is not None:
        indicator_ids = sorted(set(indicator_ids))
        values, rows = values.filter(indicator_id__in=indicator_ids), rows.filter(indicator_id__in=indicator_ids)
    counts = values.values("indicator_id").annotate(n=Count("pk")).order_by().values_list("indicator_id", "n")
    with transaction.atomic():
        rows.delete()
        existing = (
            set(Indicator.objects.filter(pk__in=indicator_ids).values_list("pk", flat=True))
            if (indicator_ids is not None)
            else None
        )
        IndicatorTally.objects.bulk_create(
            (IndicatorTally(indicator_id=i, dated_values=n) for i, n in counts if existing is None or i in existing),
            batch_size=5000,
        )


def rebuild() -> int:
    """Recompute every tally, public progress and the accepted feed (``manage.py rebuildtallies``; after a
    change to the cycles), and the registry's members per country (hub.network.tallies). The number of tallies."""
    with transaction.atomic():
        network_tallies.rebuild()
        CycleTally.objects.all().delete()
        facts = CycleFacts()
        rows = CycleTally.objects.bulk_create(tally_rows(facts), batch_size=2000)
        refresh_countries()
        focus_pairs.rebuild(facts)
        highlights.rebuild(facts)
        refresh_public()
        refresh_indicators()
        feed.refresh()
    return len(rows)


@receiver(pre_save, sender=Project, dispatch_uid="tallies-project-moves")
def _remember_member(sender, instance: Project, raw=False, **kwargs):
    """A project moved to another member leaves the old member's tallies too."""
    if instance.pk and not raw:
        instance._tally_old_member = Project.objects.filter(pk=instance.pk).values_list("member_id", flat=True).first()


@receiver(post_save, sender=Project, dispatch_uid="tallies-project-saved")
@receiver(post_delete, sender=Project, dispatch_uid="tallies-project-deleted")
def _project_changed(sender, instance: Project, raw=False, **kwargs):
    if not raw:
        refresh_members([instance.member_id, getattr(instance, "_tally_old_member", None)])


@receiver(m2m_changed, sender=Project.focus_areas.through, dispatch_uid="tallies-project-focus")
def _focus_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # focus_area.projects.add(...): the projects named, or every project of the area on clear
        projects = Project.objects.filter(pk__in=pk_set) if pk_set else Project.objects.all()
        refresh_members(projects.values_list("member_id", flat=True).distinct())
    else:
        refresh_members([instance.member_id])


@receiver(pre_save, sender=Member, dispatch_uid="tallies-member-moves")
def _remember_country(sender, instance: Member, raw=False, **kwargs):
    """A member moved to another country takes its tallies out of the old country's roll-up."""
    if instance.pk and not raw:
        instance._tally_old_country = Member.objects.filter(pk=instance.pk).values_list("country_id", flat=True).first()


@receiver(post_save, sender=Member, dispatch_uid="tallies-member-saved")
@receiver(post_delete, sender=Member, dispatch_uid="tallies-member-deleted")
def _member_changed(sender, instance: Member, raw=False, created=False, **kwargs):
    old = getattr(instance, "_tally_old_country", None)
    if raw or created or (kwargs.get("signal") is post_save and old == instance.country_id):
        return
    refresh_countries([instance.country_id, old])


@receiver(post_save, sender=ProgressUpdate, dispatch_uid="tallies-update-saved")
@receiver(post_delete, sender=ProgressUpdate, dispatch_uid="tallies-update-deleted")
def _update_changed(sender, instance: ProgressUpdate, raw=False, **kwargs):
    if raw:
        return
    member_id = Project.objects.filter(pk=instance.project_id).values_list("member_id", flat=True).first()
    refresh_members([member_id])
    if member_id is not None:  # else the project is being deleted, its PublicProgress with it
        refresh_public([instance.project_id])


@receiver(post_save, sender=IndicatorValue, dispatch_uid="tallies-value-saved")
@receiver(post_delete, sender=IndicatorValue, dispatch_uid="tallies-value-deleted")
def _value_changed(sender, instance: IndicatorValue, raw=False, **kwargs):
    if not raw:
        refresh_indicators([instance.indicator_id])


@receiver(post_save, sender=MembershipEvent, dispatch_uid="tallies-event-saved")
@receiver(post_delete, sender=MembershipEvent, dispatch_uid="tallies-event-deleted")
def _event_changed(sender, instance: MembershipEvent, raw=False, **kwargs):
    if not raw:
        refresh_members([instance.member_id])


@receiver(post_save, sender=ReportingCycle, dispatch_uid="tallies-cycle-saved")
@receiver(post_delete, sender=ReportingCycle, dispatch_uid="tallies-cycle-deleted")
def _cycle_changed(sender, instance: ReportingCycle, created=False, raw=False, update_fields=None, **kwargs):
    """A new cycle, or new dates, changes what counts everywhere; opening or closing one changes nothing;
    a new slug is the public cycle of the projects whose latest accepted update is of it."""
    if raw:
        return
    before = getattr(instance, "_tally_dates", None)
    dates = (instance.start_date, instance.end_date, instance.slug)
    if not created and before == dates:
        return
    if not created and before is not None and before[:2] == dates[:2]:
        refresh_public(PublicProgress.objects.filter(cycle=before[2]).values_list("project_id", flat=True))
    elif Project.objects.exists():
        rebuild()


@receiver(pre_save, sender=ReportingCycle, dispatch_uid="tallies-cycle-dates")
def _remember_dates(sender, instance: ReportingCycle, raw=False, **kwargs):
    if instance.pk and not raw:
        instance._tally_dates = (
            ReportingCycle.objects.filter(pk=instance.pk).values_list("start_date", "end_date", "slug").first()
        )


def bulk_written(sender, pks, **kwargs) -> None:
    """After a bulk writer's rows (no save signals): refresh what they touch. Connected to
    hub.core.bulk.written (the bulk import's signal: sender = the model, pks = the records written)."""
    pks = list(pks)
    if sender is Project:
        refresh_members(Project.objects.filter(pk__in=pks).values_list("member_id", flat=True).distinct())
    elif sender is IndicatorValue:
        # The writer may say which indicators the values belong to (the import does): no query over every pk.
        indicator_ids = kwargs.get("indicator_ids")
        if indicator_ids is None:
            indicator_ids = IndicatorValue.objects.filter(pk__in=pks).values_list("indicator_id", flat=True).distinct()
        refresh_indicators(indicator_ids)
    elif sender is ProgressUpdate:
        updates = ProgressUpdate.objects.filter(pk__in=pks)
        refresh_members(updates.values_list("project__member_id", flat=True).distinct())
        refresh_public(updates.values_list("project_id", flat=True).distinct())
    elif sender is MembershipEvent:
        refresh_members(MembershipEvent.objects.filter(pk__in=pks).values_list("member_id", flat=True).distinct())


written.connect(bulk_written, dispatch_uid="tallies-bulk-written")


@receiver(restored, dispatch_uid="tallies-restored")
def _restored(sender, **kwargs) -> None:
    """A restore brings back every row (manage.py restore): the tallies are worked out again from them."""
    rebuild()


# --- reading -----------------------------------------------------------------------------------------


class Tallies:
    """The figures of the network (no argument), of countries or of members, from the tallies: the
    network's and countries' from the per-country roll-up (CountryTally, a few hundred rows), a member's
    from its member tallies."""

    def __init__(self, *, country_ids=None, member_ids=None):
        # Compiled once (hub/core/compiled.py), read fresh: every dashboard reads the same two lists.
        self.cycles = compiled.instances(
            ("cycles",), ReportingCycle, lambda: ReportingCycle.objects.order_by("start_date")
        )
        self.focus_areas = compiled.instances(
            ("focus-areas",), FocusArea, lambda: FocusArea.objects.order_by("position", "pk")
        )
        members = CycleTally.objects.all()
        if country_ids is not None:
            members = members.filter(member__country_id__in=country_ids)
        self.by_country_rows = member_ids is None
        if member_ids is not None:
            members = members.filter(member_id__in=member_ids)
            self.rows = members
        else:
            self.rows = CountryTally.objects.all()
            if country_ids is not None:
                self.rows = self.rows.filter(country_id__in=country_ids)
        self.member_rows = members  # by_member's
        self._totals = None
        # What the rows' SQL depends on (compiled.rows keeps the SQL of the same arguments).
        self._key = (
            tuple(country_ids) if country_ids is not None else None,
            tuple(member_ids) if member_ids is not None else None,
        )

    def _status_rows(self, **filters):
        """The rows of one status each (the roll-up's every-status rows left out)."""
        rows = self.rows.filter(**filters)
        return rows.exclude(status="") if self.by_country_rows else rows

    def _every_status(self, cycle=...):
        rows = self.rows.filter(focus_area=None)
        if cycle is not ...:
            rows = rows.filter(cycle=cycle)
        return rows.filter(status="") if self.by_country_rows else rows

    def _all_totals(self) -> dict:
        """Per cycle (None: today): the sums of every column (one query, a hash aggregate)."""
        if self._totals is None:
            # The roll-up's every-status rows also hold the members with projects counted (members_in).
            columns = (*COLUMNS, "members") if self.by_country_rows else COLUMNS
            found = compiled.rows(
                ("tally-totals", *self._key),
                lambda: (
                    self._every_status().values_list("cycle_id").annotate(**{c: Sum(c) for c in columns}).order_by()
                ),
            )
            names = ("cycle_id", *columns)
            self._totals = {row[0]: dict(zip(names, row, strict=True)) for row in found}
        return self._totals

    def _totals_of(self, cycle: ReportingCycle | None) -> dict:
        return self._all_totals().get(cycle.pk if cycle else None, dict.fromkeys(COLUMNS, 0))

    def members_in(self, cycle: ReportingCycle | None) -> int:
        """Members with projects counted in the cycle."""
        if self.by_country_rows:
            return self._totals_of(cycle).get("members") or 0
        return self.rows.filter(cycle=cycle, focus_area=None, counted__gt=0).values("member_id").distinct().count()

    def count_in(self, cycle: ReportingCycle) -> tuple[int, int]:
        """(projects counted in the cycle, of them demo)."""
        totals = self._totals_of(cycle)
        return totals["counted"], totals["demo"]

    def demo_projects(self) -> int:
        return self._totals_of(None)["demo"]

    def figures(self, cycle: ReportingCycle | None) -> CycleFigures:
        totals = self._totals_of(cycle)
        by_status = {s.value: 0 for s in STATUS_ORDER}
        by_country: dict[str, list] = {}
        focus: dict[int, dict[str, int]] = {f.pk: {s.value: 0 for s in STATUS_ORDER} for f in self.focus_areas}
        members: set[int] = set()
        # One query for the status, country and focus-area counts (the rows of one status each: all areas
        # together, or one area), summed here; a member's own tallies also say which members count.
        country = "country__" if self.by_country_rows else "member__country__"
        fields = ["focus_area_id", "status", f"{country}code", f"{country}name"]
        if not self.by_country_rows:
            fields.append("member_id")
        rows = compiled.rows(
            ("tally-status", *self._key, cycle.pk if cycle else None),
            lambda: (
                self._status_rows(cycle=cycle, counted__gt=0).values_list(*fields).annotate(n=Sum("counted")).order_by()
            ),
        )
        for area, status, code, name, *member, n in rows:
            if area is None:
                by_status[status] = by_status.get(status, 0) + n
                entry = by_country.setdefault(code, [name, 0])
                entry[1] += n
                members.update(member)
            else:
                focus[area][status] = focus[area].get(status, 0) + n
        projects, n = totals["counted"], totals["progress_n"]
        return CycleFigures(
            cycle=cycle,
            projects=projects,
            reported=totals["reported"] if cycle else 0,
            accepted=totals["accepted"] if cycle else 0,
            expected=totals["expected"] if cycle else 0,
            members=(self._totals_of(cycle).get("members") or 0) if self.by_country_rows else len(members),
            countries=len(by_country),
            by_status=by_status,
            by_focus=[(f, focus[f.pk]) for f in self.focus_areas],
            by_country=sorted(((code, name, k) for code, (name, k) in by_country.items()), key=lambda r: r[1]),
            average_progress=round(totals["progress_sum"] / n, 1) if n else None,
        )

    def series(self) -> list[dict]:
        """Per cycle, oldest first: projects counted, expected, updates submitted (or later) and accepted."""
        result = []
        for cycle in self.cycles:
            totals = self._totals_of(cycle)
            result.append(
                {
                    "cycle": cycle,
                    "projects": totals["counted"],
                    "expected": totals["expected"],
                    "submitted": totals["reported"],
                    "accepted": totals["accepted"],
                }
            )
        return result

    def by_member(self, cycle: ReportingCycle | None) -> list[tuple[str, str, int]]:
        """(member name, slug, projects counted) of the members with counted projects, by name."""
        rows = compiled.rows(
            ("tally-by-member", *self._key, cycle.pk if cycle else None),
            lambda: (
                self.member_rows.filter(cycle=cycle, focus_area=None, counted__gt=0)
                .values_list("member__name", "member__slug")
                .annotate(n=Sum("counted"))
                .order_by()
            ),
        )
        return sorted(rows, key=lambda r: r[0].lower())
