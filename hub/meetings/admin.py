"""Admin for meetings: read-only. Every change goes through the meeting pages or the API, whose services
check rights, apply decisions to the registry and log; the admin only lets the operator look."""

from django.contrib import admin

from hub.meetings.models import (
    ActionComment,
    ActionReminder,
    AgendaItem,
    DecisionEffect,
    Delegation,
    Document,
    Meeting,
    MeetingSeries,
    Outcome,
    Participant,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ("position", "title", "day", "start_time", "presenter")


class DelegationInline(ReadOnlyInline):
    model = Delegation
    fields = ("kind", "member", "country", "organisation", "status")


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "scope", "country")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "start_date", "end_date", "city", "venue_country", "visibility", "is_demo")
    list_filter = ("kind", "scope", "visibility", "series", "is_demo")
    search_fields = ("title", "venue", "city")
    list_select_related = ("venue_country",)
    date_hierarchy = "start_date"
    inlines = [AgendaItemInline, DelegationInline]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "status", "due_date", "agenda_item")
    list_filter = ("kind", "status")
    search_fields = ("text",)
    list_select_related = ("agenda_item",)


@admin.register(DecisionEffect)
class DecisionEffectAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "created_by_decision", "decision")
    list_select_related = ("decision", "membership_event__member", "role_term__country")


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "meeting", "status")
    list_select_related = ("meeting", "person", "user")


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "meeting", "file_type", "size", "restricted", "created_at")
    list_select_related = ("meeting",)


@admin.register(ActionComment)
class ActionCommentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "action", "created_at")


@admin.register(ActionReminder)
class ActionReminderAdmin(ReadOnlyAdmin):
    list_display = ("sent_on", "email", "reason", "action")
    list_filter = ("sent_on", "reason")
