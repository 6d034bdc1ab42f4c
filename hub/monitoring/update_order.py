"""The progress updates list's order, stored on each update so that the list reads one table through one index.

The list (page, API, downloads) runs newest cycle first, then by country, member and project, names compared in
lower case: four tables. Sorting their join grows with the network (258,000 updates: 0.5-2.4 s a page, and
deeper pages worse), and no index can span tables. So each update keeps a copy of its sort values
(``ProgressUpdate.order_*``: the cycle's first day, the lower-cased names of its country, member and project), as
the database lower-cases them (``Lower``: the database's own rules, e.g. SQLite's ASCII-only ``lower()``) so that
ordering by the copies is ordering by the originals, row for row. Indexes on (state, copies, id) and (cycle, state,
copies, id) serve the list with and without its cycle filter.

The copies are kept in the write transaction by the receivers below, whatever writes: services, admin, loaders.
A new update gets its copies after its first save; a renamed country, member or project, a member moved to another
country, a project moved to another member, a cycle whose first day changes, refresh the copies of their updates.
Writers that bypass ``save()`` (bulk inserts of the benchmark's generators) call ``refresh()`` when done.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from hub.core.backup import restored
from hub.core.bulk import written
from hub.monitoring.models import ProgressUpdate, ReportingCycle
from hub.network.models import Country, Member
from hub.projects.models import Project

ORDER_FIELDS = ("order_start", "order_country", "order_member", "order_title")


def _project_values(project_id: OuterRef) -> dict:
    """The copies of the names of the project ``project_id`` refers to, each as a subquery."""
    project = Project.objects.filter(pk=project_id)
    return {
        "order_country": Subquery(project.values(sorted=Lower("member__country__name"))[:1]),
        "order_member": Subquery(project.values(sorted=Lower("member__name"))[:1]),
        "order_title": Subquery(project.values(sorted=Lower("title"))[:1]),
    }


def refresh(updates: QuerySet[ProgressUpdate] | None = None) -> int:
    """Recompute the stored order of ``updates`` (default: all) in one statement; the number of rows written."""
    updates = ProgressUpdate.objects.all() if updates is None else updates
    start = Subquery(ReportingCycle.objects.filter(pk=OuterRef("cycle_id")).values("start_date")[:1])
    return updates.order_by().update(order_start=start, **_project_values(OuterRef("project_id")))


@receiver(pre_save, sender=ProgressUpdate, dispatch_uid="update-order-new-update")
def _new_update(sender, instance: ProgressUpdate, raw=False, **kwargs):
    """A new update's copies, read in one query before its insert (its later saves leave them alone:
    ProgressUpdate.save)."""
    if raw or not instance._state.adding:
        return
    start = ReportingCycle.objects.filter(pk=instance.cycle_id).values("start_date")[:1]
    row = (
        Project.objects.filter(pk=instance.project_id)
        .values(
            order_start=Subquery(start),
            order_country=Lower("member__country__name"),
            order_member=Lower("member__name"),
            order_title=Lower("title"),
        )
        .first()
    )
    for name, value in (row or {}).items():
        setattr(instance, name, value)


# What each watched record's copies come from: (its fields they depend on, the updates to refresh).
_WATCHED = {
    Country: (("name",), lambda pk: Q(project__member__country_id=pk)),
    Member: (("name", "country"), lambda pk: Q(project__member_id=pk)),
    Project: (("title", "member"), lambda pk: Q(project_id=pk)),
    ReportingCycle: (("start_date",), lambda pk: Q(cycle_id=pk)),
}
_BEFORE = "_update_order_before"


def _attnames(model, fields) -> list[str]:
    return [model._meta.get_field(name).attname for name in fields]


@receiver(pre_save, sender=Country, dispatch_uid="update-order-country-before")
@receiver(pre_save, sender=Member, dispatch_uid="update-order-member-before")
@receiver(pre_save, sender=Project, dispatch_uid="update-order-project-before")
@receiver(pre_save, sender=ReportingCycle, dispatch_uid="update-order-cycle-before")
def _remember(sender, instance, raw=False, update_fields=None, **kwargs):
    """The values the copies come from, as stored before this save (one query; none for a new record)."""
    fields, _which = _WATCHED[sender]
    attnames = _attnames(sender, fields)
    if raw or instance._state.adding or (update_fields is not None and not {*fields, *attnames} & set(update_fields)):
        return
    setattr(instance, _BEFORE, sender.objects.filter(pk=instance.pk).values_list(*attnames).first())


@receiver(post_save, sender=Country, dispatch_uid="update-order-country-saved")
@receiver(post_save, sender=Member, dispatch_uid="update-order-member-saved")
@receiver(post_save, sender=Project, dispatch_uid="update-order-project-saved")
@receiver(post_save, sender=ReportingCycle, dispatch_uid="update-order-cycle-saved")
def _changed(sender, instance, raw=False, **kwargs):
    before = instance.__dict__.pop(_BEFORE, None)
    if raw or before is None:
        return
    fields, which = _WATCHED[sender]
    if before != tuple(getattr(instance, name) for name in _attnames(sender, fields)):
        refresh(ProgressUpdate.objects.filter(which(instance.pk)))


@receiver(written, dispatch_uid="update-order-bulk-written")
def _bulk_written(sender, pks, **kwargs) -> None:
    """After a bulk writer's rows (no save signals, hub.core.bulk.written): new updates, renamed projects."""
    if sender is ProgressUpdate:
        refresh(ProgressUpdate.objects.filter(pk__in=list(pks)))
    elif sender is Project:
        refresh(ProgressUpdate.objects.filter(project_id__in=list(pks)))


@receiver(restored, dispatch_uid="update-order-restored")
def _restored(sender, **kwargs) -> None:
    refresh()
