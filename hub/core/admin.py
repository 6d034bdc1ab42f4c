"""The change log in the admin: to read and search, never to add, edit or delete."""

from django.contrib import admin

from hub.core.models import ChangeEntry


@admin.register(ChangeEntry)
class ChangeEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "via", "action", "content_type", "object_repr")
    list_filter = ("action", "via", "content_type")
    list_select_related = ("content_type",)
    search_fields = ("actor_label", "object_repr", "object_id", "note")
    date_hierarchy = "at"
    fields = (
        "at",
        "actor",
        "actor_label",
        "via",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "changes",
        "note",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
