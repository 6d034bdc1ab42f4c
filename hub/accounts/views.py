"""Account pages: sign in and out, passwords, invitations, API tokens and "My work".

Sign-in, password change and reset are Django's own views with our forms (the throttle lives in
LoginForm) and templates. Writes go through hub.accounts.services and hub.accounts.tokens.
"""

from __future__ import annotations

import logging
import smtplib

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from hub.accounts import forms, inbox, permissions, services, tokens
from hub.accounts.models import ApiToken, Invitation
from hub.accounts.work import work_for

log = logging.getLogger(__name__)

PER_PAGE = 25


def _add_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- sign in, sign out, passwords ----------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = forms.LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, as in Django 5)."""


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        # The same page whether an e-mail went out or the limit held it back (services.password_reset_allowed).
        return {
            **super().get_context_data(**kwargs),
            "reset_limit": services.reset_limit_per_email(),
            "reset_minutes": int(services.reset_window().total_seconds() // 60),
        }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password ends any sign-in pause on this address.
        services.clear_login_failures(email=form.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- invitations ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest) -> HttpResponse:
    if not permissions.can_invite(request.user):
        return render(request, "accounts/forbidden.html", status=403)
    form = forms.InvitationForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation, _token = services.invite(
                    actor=request.user,
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"],
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error("organisation", str(exc))
            except (smtplib.SMTPException, OSError):
                log.exception("Could not send an invitation e-mail")
                form.add_error(
                    None, _("The invitation e-mail could not be sent, so no invitation was made. Try again later.")
                )
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s for %(organisation)s.")
                    % {"email": invitation.email, "organisation": invitation.organisation.name},
                )
                return redirect("accounts:invitations")
        status = 400
    sent = Invitation.objects.select_related("organisation", "invited_by")
    scope_all = permissions.scope_for(request.user).secretariat
    if not scope_all:
        sent = sent.filter(invited_by=request.user)
    page = Paginator(sent.order_by("-created_at", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/invitations.html",
        {
            "form": form,
            "page_obj": page,
            "invitations": page.object_list,
            "scope_all": scope_all,
            "days": services.invitation_days(),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_invitation(token)
    if invitation is None or invitation.state != "pending":
        state = invitation.state if invitation else "unknown"
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"state": state, "invitation": invitation},
            status=404 if state == "unknown" else 410,
        )
    form = forms.AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST":
        if form.is_valid():
            try:
                user = services.accept_invitation(
                    token=token, name=form.cleaned_data["name"], password=form.cleaned_data["password1"]
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome to ASCN Hub. Your account is ready."))
                return redirect("accounts:me")
        return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}, status=400)
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})


# --- API tokens -----------------------------------------------------------------------------------


def _tokens_page(request: HttpRequest, form, *, new_token: str | None = None, status: int = 200) -> HttpResponse:
    own = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(own, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "page_obj": page, "tokens": page.object_list, "new_token": new_token},
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _tokens_page(request, forms.TokenForm())
    form = forms.TokenForm(request.POST)
    if form.is_valid():
        try:
            record, secret = tokens.create_token(
                user=request.user,
                name=form.cleaned_data["name"],
                can_write=form.cleaned_data["access"] == forms.TokenForm.WRITE,
                days=form.cleaned_data["days"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            # The token is shown in this answer only: it is not stored, and the page is not cached.
            return _tokens_page(request, forms.TokenForm(), new_token=secret)
    return _tokens_page(request, form, status=400)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Someone else's token is answered as if it did not exist.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke_token(actor=request.user, token=token)
    messages.success(request, _("The token %(prefix)s… is revoked: it no longer works.") % {"prefix": token.prefix})
    return redirect("accounts:tokens")


# --- my work --------------------------------------------------------------------------------------


@login_required
def me(request: HttpRequest) -> HttpResponse:
    context = work_for(request.user)
    inbox.remember(request, context["task_total"])  # the navigation's count follows what this page shows
    return render(request, "accounts/me.html", context)
