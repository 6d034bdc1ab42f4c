"""Admin for partnerships and investment: the operator's back office (LoggedModelAdmin logs every write).

Pages and the API are the way to write opportunities, interests and financing (rights, conversion, review
chain); here exchange rates can be entered as data, and the rest looked up. Financing rows are read-only
here: their USD amount is worked out by the services, never typed."""

from django.contrib import admin

from hub.core.admin_logging import LoggedModelAdmin
from hub.partnerships.models import ExchangeRate, Financing, Partnership, Programme
from hub.partnerships.models_assessments import CandidateAssessment
from hub.partnerships.models_opportunities import Opportunity


@admin.register(ExchangeRate)
class ExchangeRateAdmin(LoggedModelAdmin):
    list_display = ("currency", "rate_date", "units_per_usd", "note", "confidence")
    list_filter = ("currency", "confidence")
    ordering = ("currency", "-rate_date")
    fields = ("currency", "rate_date", "units_per_usd", "note", "sources", "confidence", "source_note")


@admin.register(Programme)
class ProgrammeAdmin(LoggedModelAdmin):
    list_display = ("name", "short_name", "partner_country", "envelope_currency", "envelope_amount", "confidence")
    search_fields = ("name", "short_name", "summary")
    filter_horizontal = ("organisations", "members", "projects")


@admin.register(Partnership)
class PartnershipAdmin(LoggedModelAdmin):
    list_display = ("title", "partner", "programme", "kind", "status", "is_demo")
    list_filter = ("kind", "status", "is_demo")
    search_fields = ("title", "description", "partner__name")
    list_select_related = ("partner", "programme")
    filter_horizontal = ("members", "projects")


@admin.register(Financing)
class FinancingAdmin(admin.ModelAdmin):
    list_display = ("on_date", "stage", "instrument", "currency", "amount", "rate_value", "rate_date", "amount_usd")
    list_filter = ("stage", "instrument", "currency")
    list_select_related = ("member",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("title", "member", "state", "currency", "amount", "amount_usd", "is_demo")
    list_filter = ("state", "instrument", "stage")
    search_fields = ("title", "summary")
    list_select_related = ("member",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CandidateAssessment)
class CandidateAssessmentAdmin(admin.ModelAdmin):
    list_display = ("title", "member", "state", "assessed_on")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
