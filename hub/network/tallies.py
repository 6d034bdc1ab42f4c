"""The members per country (MemberTally), kept in each write's transaction by the receivers below, and read as
the API's members count (``member_total``): a few rows whatever the size of the network.

A member's creation adds one to its country, its deletion takes one away, a move to another country does both;
an increment (``members + 1``) rather than a recount, so two members created at once both count. Writes that
skip the model signals (``bulk_create``: the large network's generator; loaddata's raw saves: a restore) are
followed by ``rebuild()`` (``manage.py rebuildtallies`` calls it too, through hub.monitoring's rebuild).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, Subquery, Sum, Value
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from hub.core.backup import restored
from hub.network.models import Member, MemberTally


def _add(country_id: int | None, delta: int) -> None:
    if country_id is None:
        return
    if not MemberTally.objects.filter(country_id=country_id).update(members=F("members") + delta):
        # The country's first member (or a tally not built yet): counted, the row written now included.
        members = Member.objects.filter(country_id=country_id).count()
        MemberTally.objects.update_or_create(country_id=country_id, defaults={"members": members})


def rebuild() -> int:
    """Count every country's members again (after writes that bypassed the model signals). The tallies written."""
    counts: Iterable[dict] = Member.objects.order_by().values("country_id").annotate(n=Count("pk"))
    with transaction.atomic():
        MemberTally.objects.all().delete()
        rows = MemberTally.objects.bulk_create(MemberTally(country_id=c["country_id"], members=c["n"]) for c in counts)
    return len(rows)


@receiver(pre_save, sender=Member, dispatch_uid="member-tally-moves")
def _remember_country(sender, instance: Member, raw=False, **kwargs):
    """A member saved again may have moved to another country: which one it leaves."""
    if instance.pk and not raw and not instance._state.adding:
        instance._member_tally_from = Member.objects.filter(pk=instance.pk).values_list("country_id", flat=True).first()


@receiver(post_save, sender=Member, dispatch_uid="member-tally-saved")
def _member_saved(sender, instance: Member, raw=False, created=False, **kwargs):
    if raw:
        return
    if created:
        _add(instance.country_id, 1)
        return
    old = getattr(instance, "_member_tally_from", instance.country_id)
    if old != instance.country_id:
        _add(old, -1)
        _add(instance.country_id, 1)


@receiver(post_delete, sender=Member, dispatch_uid="member-tally-deleted")
def _member_deleted(sender, instance: Member, **kwargs):
    _add(instance.country_id, -1)


@receiver(restored, dispatch_uid="member-tally-restored")
def _restored(sender, **kwargs) -> None:
    rebuild()


def member_total(country: str | None = None) -> Expression:
    """The number of members (of a country: its ISO code) from the tallies, as an expression a list's query reads
    beside its rows (one query)."""
    rows = MemberTally.objects.order_by()
    if country:
        rows = rows.filter(country__code=country.upper())
    summed = rows.annotate(one=Value(1)).values("one").annotate(n=Sum("members")).values("n")
    return Coalesce(Subquery(summed), 0)
