"""Every write about accounts: users, invitations, the sign-in throttle, the password-reset limit.

Pages, the admin and commands all come through here. Each function that people trigger checks the
actor's rights (hub.accounts.permissions), validates, writes in one transaction and appends to the
change log in that same transaction. Tokens have their own module, hub.accounts.tokens.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.accounts import permissions
from hub.accounts.models import Invitation, LoginFailure, PasswordResetRequest, User
from hub.core import changelog
from hub.core.models import ChangeAction
from hub.core.services import validate
from hub.network.models import Organisation

# The fields of an account a reviewer sees in the change log (never the password hash).
USER_LOG_FIELDS = ("email", "name", "organisation", "is_active", "is_staff", "is_superuser")


def invitation_days() -> int:
    return int(getattr(settings, "INVITATION_DAYS", 7))


def throttle_attempts() -> int:
    return int(getattr(settings, "LOGIN_THROTTLE_ATTEMPTS", 5))


def throttle_window() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "LOGIN_THROTTLE_MINUTES", 15)))


def reset_limit_per_email() -> int:
    return int(getattr(settings, "PASSWORD_RESET_PER_EMAIL", 3))


def reset_limit_per_ip() -> int:
    return int(getattr(settings, "PASSWORD_RESET_PER_IP", 20))


def reset_window() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "PASSWORD_RESET_WINDOW_MINUTES", 60)))


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def user_snapshot(user: User) -> dict[str, Any]:
    state = changelog.snapshot(user)
    return {name: state.get(name) for name in USER_LOG_FIELDS}


# --- users ----------------------------------------------------------------------------------------


@transaction.atomic
def create_user(
    *,
    actor,
    email: str,
    organisation: Organisation | None,
    name: str = "",
    password: str | None = None,
    via: str = "",
    note: str = "",
) -> User:
    """A new account in ``organisation``. The password is checked by the configured validators."""
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    user = User(email=email, name=(name or "").strip()[:160], organisation=organisation)
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    validate(user, exclude=["password"])
    user.save()
    changelog.record(
        actor=actor, obj=user, action=ChangeAction.CREATE, before={}, after=user_snapshot(user), via=via, note=note
    )
    return user


# --- invitations ----------------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_path(token: str) -> str:
    return reverse("accounts:accept_invitation", args=[token])


@transaction.atomic
def invite(
    *, actor: User, email: str, organisation: Organisation, base_url: str, days: int | None = None, via: str = "page"
) -> tuple[Invitation, str]:
    """Invite ``email`` into ``organisation`` and e-mail the link. Returns the invitation and its secret.

    The Secretariat invites into any organisation; a National Representative only into the local
    governments of its own country's members (permissions.invitable_organisations).
    """
    if not permissions.can_invite(actor):
        raise PermissionDenied(_("Only the Secretariat and National Representatives invite people."))
    if not permissions.invitable_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("You may not invite people into %(organisation)s.") % {"organisation": organisation})
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    days = invitation_days() if days is None else days
    if not 1 <= days <= 90:
        raise ValidationError({"days": _("An invitation lasts between 1 and 90 days.")})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        organisation=organisation,
        invited_by=actor,
        token_digest=_digest(token),
        expires_at=timezone.now() + timedelta(days=days),
    )
    changelog.record(
        actor=actor,
        obj=invitation,
        action=ChangeAction.CREATE,
        before={},
        after={
            "email": email,
            "organisation": str(organisation),
            "invited_by": actor.email,
            "expires_at": invitation.expires_at.isoformat(),
        },
        via=via,
    )
    context = {
        "invitation": invitation,
        "link": base_url.rstrip("/") + invitation_path(token),
        "inviter": actor,
        "days": days,
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation.txt", context)
    # Inside the transaction: if the e-mail cannot be sent, no invitation is left behind.
    send_mail(subject, body, None, [email])
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("organisation", "invited_by").filter(token_digest=_digest(token)).first()


@transaction.atomic
def accept_invitation(*, token: str, name: str, password: str) -> User:
    """Create the invitee's account in the invitation's organisation; the link then stops working."""
    found = find_invitation(token)
    if found is None:
        raise ValidationError(_("This invitation link is not valid."), code="unknown")
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=found.pk)
    if invitation.is_accepted:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired."), code="expired")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Tell us your name.")})
    user = create_user(
        actor=invitation.email,
        email=invitation.email,
        organisation=invitation.organisation,
        name=name,
        password=password,
        via="page",
        note=_("Accepted the invitation sent by %(inviter)s.")
        % {"inviter": invitation.invited_by.email if invitation.invited_by else _("the operator")},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    changelog.record(
        actor=user,
        obj=invitation,
        action=ChangeAction.UPDATE,
        before={"accepted_at": None},
        after={"accepted_at": invitation.accepted_at.isoformat()},
        via="page",
    )
    return user


# --- the sign-in throttle -------------------------------------------------------------------------


def login_refused(*, email: str, ip: str | None) -> bool:
    """True once this e-mail has failed too often from this address, or this address or this e-mail too
    often overall, within the window.

    The tight limit (LOGIN_THROTTLE_ATTEMPTS, 5) counts one e-mail from one address: a stranger guessing the
    Secretariat's password pauses only their own tries, not the Secretariat's from its own network, and many
    people behind one proxy address do not pause each other. The loose limits (…_ADDRESS_ATTEMPTS and
    …_EMAIL_ATTEMPTS, 50) stop one address spraying many e-mails and many addresses guessing one e-mail; a
    pause ends with the window, and a password reset ends it at once (clear_login_failures).
    Asked before the password is checked, and the same for accounts that exist and ones that do not.
    """
    since = timezone.now() - throttle_window()
    email = normalise_email(email)
    same_address = Q(ip=ip) if ip else Q(ip__isnull=True)
    counts = LoginFailure.objects.filter(at__gte=since).aggregate(
        pair=Count("pk", filter=Q(email=email) & same_address),
        address=Count("pk", filter=same_address),
        email=Count("pk", filter=Q(email=email)),
    )
    return (
        counts["pair"] >= throttle_attempts()
        or (bool(ip) and counts["address"] >= int(getattr(settings, "LOGIN_THROTTLE_ADDRESS_ATTEMPTS", 50)))
        or counts["email"] >= int(getattr(settings, "LOGIN_THROTTLE_EMAIL_ATTEMPTS", 50))
    )


def record_login_failure(*, email: str, ip: str | None) -> None:
    now = timezone.now()
    LoginFailure.objects.create(email=normalise_email(email)[:254], ip=ip or None, at=now)
    # Keep the table small: older failures no longer count for anything.
    LoginFailure.objects.filter(at__lt=now - max(throttle_window(), timedelta(days=1))).delete()


def clear_login_failures(*, email: str) -> None:
    LoginFailure.objects.filter(email=normalise_email(email)).delete()


# --- the password-reset limit ---------------------------------------------------------------------


def password_reset_allowed(*, email: str, ip: str | None) -> bool:
    """Whether to send a password-reset e-mail now; if so, it is counted.

    At most PASSWORD_RESET_PER_EMAIL e-mails to one address, and PASSWORD_RESET_PER_IP requests from one
    client address, within the window (an hour by default). Counted the same whether or not an account
    has the address, and the page answers the same when refused, so neither tells who has an account.
    Refused requests are not counted: the limit caps e-mails sent, and lifts as the window moves on.
    """
    email = normalise_email(email)[:254]
    now = timezone.now()
    recent = PasswordResetRequest.objects.filter(at__gte=now - reset_window())
    if recent.filter(email=email).count() >= reset_limit_per_email():
        return False
    if ip and recent.filter(ip=ip).count() >= reset_limit_per_ip():
        return False
    PasswordResetRequest.objects.create(email=email, ip=ip or None, at=now)
    # Keep the table small: older requests no longer count for anything.
    PasswordResetRequest.objects.filter(at__lt=now - max(reset_window(), timedelta(days=1))).delete()
    return True
