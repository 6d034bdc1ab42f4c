"""Admin for the idea exchange: the operator's back office for looking things up and for repairs.

Pages and the API are the way to write (rights, e-mails, conflicts); admin writes are logged
(LoggedModelAdmin). Follows and digest subscriptions are people's own settings: read-only here.
"""

from django.contrib import admin

from hub.core.admin_logging import LoggedModelAdmin
from hub.exchange.models import Challenge, Collaboration, CollaborationRequest, DigestSent, Follow


@admin.register(Challenge)
class ChallengeAdmin(LoggedModelAdmin):
    list_display = ("title", "member", "severity", "status", "published", "is_demo")
    list_filter = ("status", "published", "severity", "focus_areas", "member__country", "is_demo")
    search_fields = ("title", "text", "member__name")
    list_select_related = ("member",)
    raw_id_fields = ("member", "project", "solved_by_project", "solved_by_collaboration", "source_update", "created_by")
    filter_horizontal = ("focus_areas",)


@admin.register(CollaborationRequest)
class CollaborationRequestAdmin(LoggedModelAdmin):
    list_display = ("subject", "from_member", "to_member", "kind", "state", "created_at")
    list_filter = ("state", "kind")
    search_fields = ("subject", "from_member__name", "to_member__name")
    list_select_related = ("from_member", "to_member")
    raw_id_fields = ("from_member", "to_member", "challenge", "project", "created_by", "decided_by", "collaboration")


@admin.register(Collaboration)
class CollaborationAdmin(LoggedModelAdmin):
    list_display = ("topic", "kind", "status", "start_date", "end_date", "is_demo")
    list_filter = ("status", "kind", "is_demo")
    search_fields = ("topic",)
    raw_id_fields = ("challenge",)
    filter_horizontal = ("members", "projects")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "member", "project", "challenge", "country", "created_at")
    list_filter = ("kind",)


@admin.register(DigestSent)
class DigestSentAdmin(ReadOnlyAdmin):
    list_display = ("user", "period", "period_start", "items", "sent_at")
    list_filter = ("period",)
