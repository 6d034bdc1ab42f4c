"""E-mail notices of the opportunity chain and of conversations on expressions of interest.

Sent after the write commits (services call these through ``transaction.on_commit``); a mail server that is
down never undoes a write. Links are absolute, made from the request's address as invitations' are (SITE_URL
for commands, as hub.monitoring.notify); the conversation itself stays in the hub, the e-mail only says there is news.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from hub.monitoring.notify import _absolute, _role_holders, officers_by_member
from hub.network.models import Role

log = logging.getLogger(__name__)


def _send(subject: str, body: str, recipients: list[str]) -> int:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return 0
    try:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    except Exception:  # the write is done; a failed notice is logged, not raised
        log.exception("Could not send '%s' to %s", subject, recipients)
        return 0


def _link(path: str, base_url: str) -> str:
    """An absolute link: from the request's own address where the write came from one (as invitations do),
    else from SITE_URL (commands)."""
    return base_url.rstrip("/") + path if base_url else _absolute(path)


def _member_people(opportunity) -> list[str]:
    people = [u.email for u in officers_by_member([opportunity.member_id])[opportunity.member_id]]
    return [*people, opportunity.contact_email]


def opportunity_step(opportunity, action: str, comment: str, base_url: str = "") -> None:
    context = {"title": opportunity.title, "member": opportunity.member.name}
    link = _link(opportunity.get_absolute_url(), base_url)
    if action == "submit":
        recipients = _role_holders(Role.NATIONAL_REPRESENTATIVE, opportunity.member.country_id) or _role_holders(
            Role.SECRETARIAT
        )
        subject = _("To publish: investment opportunity %(title)s (%(member)s)") % context
        body = _("%(member)s asks you to agree to publish this investment opportunity:") % context + f"\n{link}\n"
    elif action == "publish":
        recipients = _member_people(opportunity)
        subject = _("Published: %(title)s") % context
        body = (
            _("Your investment opportunity is now public; partners can find it and express interest:") + f"\n{link}\n"
        )
    elif action == "return":
        recipients = _member_people(opportunity)
        subject = _("Returned for changes: %(title)s") % context
        body = _("Your investment opportunity was returned to draft with this comment:") + f"\n\n{comment}\n\n{link}\n"
    else:
        return
    _send(subject, body, recipients)


def interest_message(interest, text: str, *, from_partner: bool, base_url: str = "") -> None:
    opportunity = interest.opportunity
    link = _link(interest.get_absolute_url(), base_url)
    context = {"partner": interest.organisation.name, "title": opportunity.title}
    if from_partner:
        recipients = _member_people(opportunity)
        subject = _("%(partner)s is interested in %(title)s") % context
        body = (
            _("%(partner)s wrote about your investment opportunity %(title)s. Read and answer in the hub:") % context
            + f"\n{link}\n"
        )
    else:
        from hub.accounts.models import User

        recipients = list(
            User.objects.filter(organisation_id=interest.organisation_id, is_active=True).values_list(
                "email", flat=True
            )
        )
        subject = _("Answer about %(title)s") % context
        body = _("The member answered your expression of interest in %(title)s. Read it in the hub:") % context
        body += f"\n{link}\n"
    _send(subject, body, recipients)
