"""The accepted updates of real projects, newest first (AcceptedFeed): the home page's latest progress.

An update is in the feed while it is accepted and its project is not demo data, with its ``accepted_at``.
The receivers below keep it so in the transaction of each write (an update saved or deleted, a project's
demo flag changed; deletes cascade); bulk writers' rows come through hub.core.bulk.written, and
tallies.rebuild (``rebuildtallies``, a restore) writes it again whole.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from hub.core.bulk import written
from hub.monitoring.models import AcceptedFeed, ProgressUpdate, UpdateState
from hub.projects.models import Project


def refresh(*, update_ids: Iterable[int] | None = None, project_ids: Iterable[int] | None = None) -> None:
    """Write again the feed's rows of these updates, of these projects' updates, or (neither) of every update."""
    updates, rows = ProgressUpdate.objects.all(), AcceptedFeed.objects.all()
    if update_ids is not None:
        update_ids = list(update_ids)
        updates, rows = updates.filter(pk__in=update_ids), rows.filter(update_id__in=update_ids)
    if project_ids is not None:
        project_ids = list(project_ids)
        updates, rows = updates.filter(project_id__in=project_ids), rows.filter(update__project_id__in=project_ids)
    wanted = updates.filter(state=UpdateState.ACCEPTED, project__is_demo=False).values_list("pk", "accepted_at")
    with transaction.atomic():
        rows.delete()
        AcceptedFeed.objects.bulk_create(
            (AcceptedFeed(update_id=pk, accepted_at=at) for pk, at in wanted.iterator()), batch_size=5000
        )


def latest(limit: int) -> list[ProgressUpdate]:
    """The newest ``limit`` accepted updates of real projects, as ``ProgressUpdate.objects.accepted()
    .filter(project__is_demo=False).order_by("-accepted_at", "-pk")`` gives them, from the feed's index."""
    return list(latest_queryset(limit))


def latest_queryset(limit: int):
    """``latest(limit)``'s query."""
    newest = AcceptedFeed.objects.order_by("-accepted_at", "-update_id").values("update_id")[:limit]
    return ProgressUpdate.objects.filter(pk__in=newest).with_related().order_by("-accepted_at", "-pk")


@receiver(post_save, sender=ProgressUpdate, dispatch_uid="feed-update-saved")
def _update_saved(sender, instance: ProgressUpdate, raw=False, **kwargs):
    if not raw:
        refresh(update_ids=[instance.pk])


@receiver(pre_save, sender=Project, dispatch_uid="feed-project-demo")
def _remember_demo(sender, instance: Project, raw=False, **kwargs):
    if instance.pk and not raw:
        instance._feed_was_demo = Project.objects.filter(pk=instance.pk).values_list("is_demo", flat=True).first()


@receiver(post_save, sender=Project, dispatch_uid="feed-project-saved")
def _project_saved(sender, instance: Project, raw=False, created=False, **kwargs):
    """Marking a project as demo data (or not) takes its updates out of the feed (or puts them in)."""
    if not raw and not created and getattr(instance, "_feed_was_demo", instance.is_demo) != instance.is_demo:
        refresh(project_ids=[instance.pk])


def _bulk_written(sender, pks, **kwargs) -> None:
    if sender is ProgressUpdate:
        refresh(update_ids=list(pks))
    elif sender is Project:
        refresh(project_ids=list(pks))


written.connect(_bulk_written, dispatch_uid="feed-bulk-written")
