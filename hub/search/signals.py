"""Keep the index in step with the records: Django's save/delete signals fire inside the write's own
transaction (every service is atomic), so a rolled-back write leaves no index change behind and a
committed one is searchable at once. No on_commit: a reader never sees a record without its document."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save


def connect(entry) -> None:
    from hub.search import index

    provider = entry.provider
    model = provider.model
    uid = f"search-{provider.kind}"

    def saved(sender, instance, raw=False, **kwargs):
        if not raw:
            index.index_object(provider, instance)

    def deleted(sender, instance, **kwargs):
        index.remove_object(provider.kind, instance.pk)

    def m2m(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if not reverse:
            index.index_object(provider, instance)
        elif pk_set:
            for obj in provider.queryset().filter(pk__in=pk_set):
                index.index_object(provider, obj)

    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
    for through in entry.m2m:
        m2m_changed.connect(m2m, sender=through, weak=False, dispatch_uid=f"{uid}-m2m-{through._meta.label}")
    for other, targets in entry.related.items():

        def related(sender, instance, raw=False, _targets=targets, **kwargs):
            if raw:
                return
            for obj in _targets(instance):
                if obj is not None and obj.pk is not None:
                    index.reindex_pk(provider, obj.pk)

        post_save.connect(related, sender=other, weak=False, dispatch_uid=f"{uid}-rel-save-{other._meta.label}")
        post_delete.connect(related, sender=other, weak=False, dispatch_uid=f"{uid}-rel-del-{other._meta.label}")


def bump_generation() -> None:
    """Tell every worker's match index that projects changed (see MatchGeneration)."""
    from django.db.models import F

    from hub.search.models import MatchGeneration

    if not MatchGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        MatchGeneration.objects.create(pk=1, value=1)


def _drop_vector(project_id) -> None:
    from hub.search.models import ProjectVector

    ProjectVector.objects.filter(project_id=project_id).delete()
    bump_generation()


def _project_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _drop_vector(instance.pk)


def _project_areas(sender, instance, action, reverse, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        if reverse:
            from hub.search.models import ProjectVector

            ProjectVector.objects.filter(project_id__in=pk_set or ()).delete()
            bump_generation()
        else:
            _drop_vector(instance.pk)


def _connect_matching() -> None:
    """The matcher's vectors are dropped with every write to their project; the next match recomputes them."""
    from hub.projects.models import Project

    post_save.connect(_project_saved, sender=Project, dispatch_uid="search-vector-project")
    post_delete.connect(lambda **kwargs: bump_generation(), sender=Project, weak=False, dispatch_uid="search-gen-del")
    m2m_changed.connect(_project_areas, sender=Project.focus_areas.through, dispatch_uid="search-vector-areas")


_connect_matching()


def _connect_bulk() -> None:
    from hub.core.bulk import written

    written.connect(bulk_saved, dispatch_uid="search-bulk-written")


def bulk_saved(sender, pks, **kwargs) -> None:
    """What the save signals above do for each record, for records written in bulk (bulk_create, COPY: no
    signals): their search documents replaced, and for projects the matcher's vectors dropped, in the
    write's transaction."""
    from hub.search import index
    from hub.search.providers import registry

    model = sender
    pks = list(pks)
    if not pks:
        return
    provider = registry.for_model(model)
    if provider is not None:
        index.index_many(provider, pks)
    from hub.projects.models import Project

    if model is Project:
        from hub.search.models import ProjectVector

        ProjectVector.objects.filter(project_id__in=pks).delete()
        bump_generation()


_connect_bulk()
