"""The action plans in the Django admin (writes logged like the registry's, through LoggedModelAdmin)."""

from django.contrib import admin

from hub.core.admin_logging import LoggedModelAdmin
from hub.plans.models import ActionPlan


@admin.register(ActionPlan)
class ActionPlanAdmin(LoggedModelAdmin):
    list_display = ("member", "title", "as_of", "confidence", "updated_at")
    search_fields = ("member__name", "vision")
    list_select_related = ("member",)
    autocomplete_fields = ("member",)
