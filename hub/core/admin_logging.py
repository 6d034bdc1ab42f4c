"""Admin classes that put the operator's writes in the change log, like every other write.

The admin is the operator's back office (staff only); it edits records directly, so each save, inline
save and delete is logged here, in the admin's own transaction, with ``via="admin"``. Versioned
records get their version raised, so a page or API client holding the old version is refused.
"""

from __future__ import annotations

from django.contrib import admin

from hub.core import changelog
from hub.core.models import ChangeAction


def _before(obj) -> dict:
    if obj.pk is None:
        return {}
    current = type(obj)._default_manager.filter(pk=obj.pk).first()
    return changelog.snapshot(current) if current is not None else {}


def _save_logged(request, obj, save) -> None:
    before = _before(obj)
    if before and hasattr(obj, "version"):
        obj.version += 1
    save()
    changelog.record(
        actor=request.user,
        obj=obj,
        action=ChangeAction.UPDATE if before else ChangeAction.CREATE,
        before=before,
        after=changelog.snapshot(obj),
        via="admin",
    )


def _delete_logged(request, obj) -> None:
    changelog.record(
        actor=request.user, obj=obj, action=ChangeAction.DELETE, before=changelog.snapshot(obj), after={}, via="admin"
    )


class LoggedModelAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        _save_logged(request, obj, lambda: super(LoggedModelAdmin, self).save_model(request, obj, form, change))

    def delete_model(self, request, obj):
        _delete_logged(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            _delete_logged(request, obj)
            obj.delete()
        for obj in instances:
            _save_logged(request, obj, obj.save)
        formset.save_m2m()
