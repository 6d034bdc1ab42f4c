"""The members and membership events per country (MemberTally), kept in each write's transaction by the receivers
below, and read as the API's members and memberships counts (``member_total``, ``event_total``): a few rows
whatever the size of the network.

A creation adds one to its country, a deletion takes one away, a move to another country does both (a member
takes its events along); increments (``members + 1``) rather than recounts, so two writes at once both count.
Writes that skip the model signals (``bulk_create``: the large network's generator; loaddata's raw saves: a
restore) are followed by ``rebuild()`` (``manage.py rebuildtallies`` calls it too, through hub.monitoring's
rebuild).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Subquery, Sum, Value
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from hub.core.backup import restored
from hub.network.models import Country, Member, MembershipEvent, MemberTally


def _add(country_id: int | None, *, members: int = 0, events: int = 0) -> None:
    if country_id is None or not (members or events):
        return
    changed = MemberTally.objects.filter(country_id=country_id)
    if not changed.update(members=F("members") + members, events=F("events") + events):
        # The country's first member (or tallies not built yet): counted, the rows written now included.
        counts = {
            "members": Member.objects.filter(country_id=country_id).count(),
            "events": MembershipEvent.objects.filter(member__country_id=country_id).count(),
        }
        MemberTally.objects.update_or_create(country_id=country_id, defaults=counts)


def _country_of(member_id: int | None) -> int | None:
    return Member.objects.filter(pk=member_id).values_list("country_id", flat=True).first()


def rebuild() -> int:
    """Count every country's members and events again (after writes that bypassed the model signals). The
    tallies written."""
    countries = Country.objects.order_by().annotate(
        n_members=Count("members", distinct=True), n_events=Count("members__events")
    )
    with transaction.atomic():
        MemberTally.objects.all().delete()
        rows = MemberTally.objects.bulk_create(
            MemberTally(country_id=c.pk, members=c.n_members, events=c.n_events) for c in countries if c.n_members
        )
    return len(rows)


@receiver(pre_save, sender=Member, dispatch_uid="member-tally-moves")
def _remember_country(sender, instance: Member, raw=False, **kwargs):
    """A member saved again may have moved to another country: which one it leaves."""
    if not raw and not instance._state.adding:
        instance._member_tally_from = _country_of(instance.pk)


@receiver(post_save, sender=Member, dispatch_uid="member-tally-saved")
def _member_saved(sender, instance: Member, raw=False, created=False, **kwargs):
    if raw:
        return
    if created:
        _add(instance.country_id, members=1)
        return
    old = getattr(instance, "_member_tally_from", instance.country_id)
    if old != instance.country_id:
        events = MembershipEvent.objects.filter(member_id=instance.pk).count()
        _add(old, members=-1, events=-events)
        _add(instance.country_id, members=1, events=events)


@receiver(post_delete, sender=Member, dispatch_uid="member-tally-deleted")
def _member_deleted(sender, instance: Member, **kwargs):
    _add(instance.country_id, members=-1)  # its events went first, each with its own receiver


@receiver(pre_save, sender=MembershipEvent, dispatch_uid="member-tally-event-moves")
def _remember_event_country(sender, instance: MembershipEvent, raw=False, **kwargs):
    if not raw and not instance._state.adding:
        old = MembershipEvent.objects.filter(pk=instance.pk).values_list("member_id", flat=True).first()
        instance._member_tally_from = _country_of(old) if old != instance.member_id else None


@receiver(post_save, sender=MembershipEvent, dispatch_uid="member-tally-event-saved")
def _event_saved(sender, instance: MembershipEvent, raw=False, created=False, **kwargs):
    if raw:
        return
    old = None if created else getattr(instance, "_member_tally_from", None)
    if created or old is not None:
        country = _country_of(instance.member_id)
        if old != country:
            _add(old, events=-1)
            _add(country, events=1)


@receiver(post_delete, sender=MembershipEvent, dispatch_uid="member-tally-event-deleted")
def _event_deleted(sender, instance: MembershipEvent, **kwargs):
    _add(_country_of(instance.member_id), events=-1)  # deleted with its member: the member is still there


@receiver(restored, dispatch_uid="member-tally-restored")
def _restored(sender, **kwargs) -> None:
    rebuild()


def _total(column: str, country: str | None) -> Expression:
    rows = MemberTally.objects.order_by()
    if country:
        rows = rows.filter(country__code=country.upper())
    summed = rows.annotate(one=Value(1)).values("one").annotate(n=Sum(column)).values("n")
    return Coalesce(Subquery(summed), 0)


def member_total(country: str | None = None) -> Expression:
    """The number of members (of a country: its ISO code) from the tallies, as an expression a list's query reads
    beside its rows (one query)."""
    return _total("members", country)


def event_total(country: str | None = None) -> Expression:
    """The number of membership events (of a country's members), the same way."""
    return _total("events", country)
