"""Admin for the registry: the operator's and the Secretariat's back office.

Sources and other readings are JSON lists, edited as JSON text (each reading
``{"reading": ..., "sources": [...], "note": ...}``); the model's validation runs on save.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models

from hub.core.admin_logging import LoggedModelAdmin
from hub.network.models import Country, Member, MembershipEvent, Organisation, Person, RoleTerm
from hub.network.seats import SEAT_FIELDS, clash_message, clashing_terms

PROVENANCE = ("sources", "confidence", "source_note", "alternatives", "is_demo")
# Addresses typed without a scheme are taken as https (Django 6's default, and what the sites use).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class MembershipEventInline(admin.StackedInline):
    model = MembershipEvent
    extra = 0
    fields = (
        "status",
        ("effective_date", "effective_date_precision"),
        ("not_before", "not_before_precision"),
        "decided_by",
        *PROVENANCE,
        "ref_key",
    )
    ordering = ("effective_date", "pk")


@admin.register(Country)
class CountryAdmin(LoggedModelAdmin):
    list_display = ("name", "code", "local_name", "asean_joined", "asean_joined_precision", "confidence")
    list_filter = ("confidence",)
    search_fields = ("name", "code", "local_name")
    fieldsets = (
        (None, {"fields": ("code", "name", "local_name", ("asean_joined", "asean_joined_precision"))}),
        ("Provenance", {"fields": (*PROVENANCE, "ref_key")}),
    )


@admin.register(Member)
class MemberAdmin(LoggedModelAdmin):
    list_display = ("name", "local_name", "kind", "country", "confidence", "is_demo")
    list_filter = ("country", "kind", "confidence", "is_demo")
    search_fields = ("name", "local_name", "slug")
    list_select_related = ("country",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipEventInline]
    formfield_overrides = URL_FIELDS
    fieldsets = (
        (None, {"fields": ("slug", "name", "local_name", "kind", "country", "summary")}),
        ("Location and links", {"fields": (("latitude", "longitude"), "website")}),
        ("Provenance", {"fields": (*PROVENANCE, "ref_key")}),
    )


@admin.register(Organisation)
class OrganisationAdmin(LoggedModelAdmin):
    list_display = ("name", "short_name", "kind", "country", "member", "parent", "confidence")
    list_filter = ("kind", "country", "confidence")
    search_fields = ("name", "short_name", "local_name", "slug")
    list_select_related = ("country", "member", "parent")
    autocomplete_fields = ("member", "parent")
    formfield_overrides = URL_FIELDS
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Person)
class PersonAdmin(LoggedModelAdmin):
    list_display = ("name", "position", "organisation", "confidence")
    list_filter = ("confidence",)
    search_fields = ("name", "position", "organisation__name")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)
    prepopulated_fields = {"slug": ("name",)}


class RoleTermAdminForm(forms.ModelForm):
    """The admin keeps the registry's rule too: one holder a day for the Chair, the Shepherd and each
    country's National Representative (hub.network.seats.clashing_terms). Unlike the pages and the API, it
    offers no ending of the other term: the operator edits that term first."""

    class Meta:
        model = RoleTerm
        fields = (
            *("role", "country", "member", "organisation", "person"),
            *("start_date", "start_precision", "end_date", "end_precision", "in_force_on", "decided_by", "note"),
            *PROVENANCE,
            "ref_key",
        )

    def clean(self):
        data = super().clean()
        term = RoleTerm(pk=self.instance.pk)
        for name in SEAT_FIELDS:
            setattr(term, name, data.get(name, getattr(self.instance, name)))
        clashes = clashing_terms(term)
        if clashes:
            raise ValidationError(clash_message(clashes, None))
        return data


@admin.register(RoleTerm)
class RoleTermAdmin(LoggedModelAdmin):
    form = RoleTermAdminForm
    list_display = ("role", "holder", "country", "member", "period", "confidence")
    list_filter = ("role", "country", "confidence")
    search_fields = ("country__name", "member__name", "organisation__name", "person__name", "note", "decided_by")
    list_select_related = ("country", "member", "member__country", "organisation", "person")
    autocomplete_fields = ("member", "organisation", "person")
    fieldsets = (
        (None, {"fields": ("role", "country", "member", "organisation", "person")}),
        (
            "Period",
            {
                "fields": (
                    ("start_date", "start_precision"),
                    ("end_date", "end_precision"),
                    "in_force_on",
                    "decided_by",
                    "note",
                )
            },
        ),
        ("Provenance", {"fields": (*PROVENANCE, "ref_key")}),
    )

    @admin.display(description="holder")
    def holder(self, obj: RoleTerm) -> str:
        return obj.holder_name

    @admin.display(description="period", ordering="start_date")
    def period(self, obj: RoleTerm) -> str:
        return obj.period_display
