"""Admin views of monitoring & evaluation: for looking, not for writing.

Updates move only through the review chain (hub.monitoring.services: pages, API, commands), which
checks rights, keeps the review history and the change log, and publishes figures on acceptance; an
edit in the admin would skip all of that, so the admin shows these records read-only.
"""

from django.contrib import admin

from hub.monitoring.models import ProgressUpdate, Reminder, ReportingCycle, ReviewStep, UpdateValue


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportingCycle)
class ReportingCycleAdmin(ReadOnly):
    list_display = ("label", "start_date", "end_date", "due_date", "state", "opened_at", "closed_at")
    list_filter = ("state",)


class UpdateValueInline(ReadOnlyInline):
    model = UpdateValue
    fields = ("indicator", "value", "note", "published")


class ReviewStepInline(ReadOnlyInline):
    model = ReviewStep
    fields = ("at", "action", "from_state", "to_state", "actor_label", "acting_as", "comment")
    ordering = ("at", "pk")


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnly):
    list_display = ("project", "cycle", "state", "status", "progress", "submitted_at", "accepted_at", "is_demo")
    list_filter = ("cycle", "state", "status", "project__member__country", "is_demo")
    search_fields = ("project__title", "project__member__name", "narrative")
    list_select_related = ("project", "cycle")
    inlines = [UpdateValueInline, ReviewStepInline]


@admin.register(Reminder)
class ReminderAdmin(ReadOnly):
    list_display = ("sent_on", "kind", "recipient", "project", "cycle")
    list_filter = ("kind", "cycle", "sent_on")
    list_select_related = ("recipient", "project", "cycle")
