"""Admin for the projects catalogue: the operator's and the Secretariat's back office.

Pages and the API are the way to edit projects (rights, change log, conflicts); the admin is for looking
things up and for repairs. Sources and other readings are JSON lists, edited as JSON text.
"""

from django.contrib import admin

from hub.core.admin_logging import LoggedModelAdmin
from hub.projects.models import FocusArea, Indicator, IndicatorValue, Project

PROVENANCE = ("sources", "confidence", "source_note", "alternatives", "is_demo")


@admin.register(FocusArea)
class FocusAreaAdmin(LoggedModelAdmin):
    list_display = ("position", "name", "code")
    ordering = ("position",)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ("name", "unit", "direction", "baseline", "target", "confidence")
    show_change_link = True


@admin.register(Project)
class ProjectAdmin(LoggedModelAdmin):
    list_display = ("title", "member", "status", "start_date", "confidence", "is_demo")
    list_filter = ("status", "focus_areas", "member__country", "confidence", "is_demo")
    search_fields = ("title", "local_title", "summary", "slug", "member__name")
    list_select_related = ("member",)
    autocomplete_fields = ("member", "partners")
    filter_horizontal = ("focus_areas",)
    inlines = [IndicatorInline]
    fieldsets = (
        (None, {"fields": ("slug", "member", "title", "local_title", "language", "summary", "description")}),
        (
            "Catalogue",
            {"fields": ("focus_areas", "status", ("start_date", "start_precision"), ("end_date", "end_precision"))},
        ),
        ("Partners and links", {"fields": ("partners", "partners_text", "funding", "links", "sdgs")}),
        ("Provenance", {"fields": (*PROVENANCE, "ref_key")}),
    )


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ("period_label", "period_start", "period_end", "undated", "value", "note", "sources", "confidence")


@admin.register(Indicator)
class IndicatorAdmin(LoggedModelAdmin):
    list_display = ("name", "project", "unit", "direction", "target")
    search_fields = ("name", "project__title")
    list_select_related = ("project",)
    autocomplete_fields = ("project",)
    inlines = [IndicatorValueInline]
