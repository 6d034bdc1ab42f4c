"""Admin for accounts: the operator administers users; invitations and tokens are shown, never edited.

Every change to a user made here is written to the change log, in the admin's own transaction.
"""

from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hub.accounts import permissions
from hub.accounts.forms import AdminLoginForm
from hub.accounts.models import ApiToken, Invitation, User
from hub.accounts.services import user_snapshot
from hub.core import changelog
from hub.core.models import ChangeAction

# /admin/login/ signs in through the same throttled form as /accounts/login/ (defect 2: it was not throttled).
admin.site.login_form = AdminLoginForm


class UserCreationAdminForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name", "organisation")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("An account with this e-mail address already exists."))
        return email


class UserChangeAdminForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("An account with this e-mail address already exists."))
        return email


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown to the operator, changed only through the hub's own pages and services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ("email",)
    list_display = ("email", "name", "organisation", "is_active", "is_staff", "is_superuser", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "organisation__kind")
    list_select_related = ("organisation",)
    search_fields = ("email", "name", "organisation__name", "organisation__short_name")
    autocomplete_fields = ("organisation",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "organisation")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "name", "organisation", "usable_password", "password1", "password2"),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        before = user_snapshot(User.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        permissions.forget(obj)
        changelog.record(
            actor=request.user,
            obj=obj,
            action=ChangeAction.UPDATE if change else ChangeAction.CREATE,
            before=before,
            after=user_snapshot(obj),
            via="admin",
        )

    def delete_model(self, request, obj):
        changelog.record(
            actor=request.user, obj=obj, action=ChangeAction.DELETE, before=user_snapshot(obj), after={}, via="admin"
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=id)
                changelog.record(
                    actor=request.user,
                    obj=user,
                    action=ChangeAction.UPDATE,
                    before={"password": "(old)"},
                    after={"password": "(set by an operator)" if user.has_usable_password() else "(disabled)"},
                    via="admin",
                )
        return response


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("email", "organisation", "invited_by", "created_at", "expires_at", "accepted_at")
    list_filter = ("organisation__kind",)
    list_select_related = ("organisation", "invited_by")
    search_fields = ("email", "organisation__name", "invited_by__email")
    date_hierarchy = "created_at"
    fields = ("email", "organisation", "invited_by", "created_at", "expires_at", "accepted_at", "accepted_user")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "prefix", "user", "can_write", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("can_write",)
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__email")
    # The digest is never shown: with it, a token could be matched against a leaked list.
    fields = ("user", "name", "prefix", "can_write", "created_at", "expires_at", "last_used_at", "revoked_at")
