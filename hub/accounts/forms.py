"""Forms of the account pages. Each answers bad input with messages on its fields, never an error page."""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.accounts import permissions, services
from hub.accounts.models import User
from hub.accounts.tokens import MAX_DAYS
from hub.network.models import Organisation, OrganisationKind, RoleTerm

log = logging.getLogger(__name__)


_warned = []


def _warn_about_the_proxy() -> None:
    # Once per process: the sign-in throttle and the reset limit then see every user as the proxy.
    if not _warned:
        _warned.append(True)
        log.warning(
            "Requests come through a proxy (X-Forwarded-For) but NUM_PROXIES is 0: every client has the "
            "proxy's address. Set NUM_PROXIES to the number of proxies in front of the hub (README, Production)."
        )


def client_ip(request) -> str | None:
    """The address the request came from.

    Behind a reverse proxy set ``NUM_PROXIES`` to the number of proxies in front of the hub: the
    address is then read from ``X-Forwarded-For``, counting that many hops from the right, so a client
    cannot pick its own address by sending the header.
    """
    if request is None:
        return None
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    if proxies == 0 and "HTTP_X_FORWARDED_FOR" in request.META:
        _warn_about_the_proxy()
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45] or None


class LoginForm(auth_forms.AuthenticationForm):
    """E-mail and password, with the throttle: after repeated failures the form refuses to check them."""

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is not right (the password is case-sensitive)."),
        "throttled": _(
            "Too many failed sign-in attempts for this e-mail address or from your network. "
            "Signing in is paused for %(minutes)s minutes; wait, or reset your password."
        ),
    }

    def clean(self):
        email = services.normalise_email(self.cleaned_data.get("username"))
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        ip = client_ip(self.request)
        if services.login_refused(email=email, ip=ip):
            minutes = int(services.throttle_window().total_seconds() // 60)
            raise ValidationError(self.error_messages["throttled"], code="throttled", params={"minutes": minutes})
        self.cleaned_data["username"] = email
        try:
            super().clean()
        except ValidationError as exc:
            if exc.code == "invalid_login":
                services.record_login_failure(email=email, ip=ip)
            raise
        services.clear_login_failures(email=email)
        return self.cleaned_data


class AdminLoginForm(LoginForm):
    """The admin's sign-in: the same throttled form (one place), and only staff may enter the admin."""

    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": AdminAuthenticationForm.error_messages["invalid_login"],
    }
    required_css_class = "required"

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise ValidationError(
                self.error_messages["invalid_login"], code="invalid_login", params={"username": _("e-mail address")}
            )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Sends the reset link, within the limit per address and per client (services.password_reset_allowed)."""

    email = forms.EmailField(
        label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"]
        ip = client_ip(request)
        if not services.password_reset_allowed(email=email, ip=ip):
            # No e-mail, but the same answer as when one is sent: the page must not tell whether
            # the address has an account, nor let anyone fill that mailbox.
            log.info("Password-reset e-mail not sent: the limit for this address or client %s is reached", ip)
            return
        super().save(*args, request=request, **kwargs)


class SetPasswordForm(auth_forms.SetPasswordForm):
    pass


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The invitee receives a link to set a name and a password."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
        help_text=_("The new account belongs to this organisation; its rights follow from it."),
        error_messages={"invalid_choice": _("You may not invite people into this organisation.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = permissions.invitable_organisations(user)
        self.fields["organisation"].label_from_instance = self._organisation_label
        self._roles: dict[int, list[str]] | None = None
        self.fields["organisation"].help_text = _(
            "The new account belongs to this organisation; its rights follow from it. Each choice says the "
            "roles the organisation holds today (a unit acts in its parent's roles)."
        )

    def roles_by_organisation(self) -> dict[int, list[str]]:
        """The roles each organisation holds today, its own and its parent's, read in one query when first asked."""
        if self._roles is None:
            organisations = list(self.fields["organisation"].queryset)
            ids = {o.pk for o in organisations} | {o.parent_id for o in organisations if o.parent_id}
            held: dict[int, list[str]] = {}
            terms = (
                RoleTerm.objects.held_on(timezone.localdate())
                .filter(organisation_id__in=ids)
                .select_related("country", "member")
                .order_by("role", "pk")
            )
            for term in terms:
                over = term.country or term.member
                where = (over.label if term.country_id else over.name) if over else ""
                label = f"{term.get_role_display()} ({where})" if over else str(term.get_role_display())
                held.setdefault(term.organisation_id, []).append(label)
            self._roles = {
                o.pk: held.get(o.pk, []) + [r for r in held.get(o.parent_id, []) if r not in held.get(o.pk, [])]
                for o in organisations
            }
        return self._roles

    def _organisation_label(self, organisation: Organisation) -> str:
        name = organisation.name
        if organisation.country_id:
            name = f"{name} ({organisation.country.label})"
        roles = list(self.roles_by_organisation().get(organisation.pk, []))
        if organisation.kind == OrganisationKind.LOCAL_GOVERNMENT and organisation.member_id:
            roles.append(str(_("city officers of %(member)s") % {"member": organisation.member.name}))
        elif organisation.kind == OrganisationKind.PARTNER:
            roles.append(str(_("partner")))
        return f"{name} — {'; '.join(roles)}" if roles else name


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=160, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Type the same password again, to be sure."),
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Tell us your name."))
        return name

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1:
            probe = User(email=self.invitation.email, name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class TokenForm(forms.Form):
    READ, WRITE = "read", "write"

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “monitoring script”, so you can recognise it later."),
    )
    access = forms.ChoiceField(
        label=_("Access"),
        choices=[(READ, _("Read only")), (WRITE, _("Read and write"))],
        initial=READ,
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        help_text=_("Leave empty for a token that lasts until you revoke it."),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Give the token a name, so you can recognise it later."))
        return name
