"""Who hears about a report, and the e-mails they get.

Recipients follow the registry as rights do (hub.accounts.permissions): the officers of a member are
the users of its local government and of any body holding its CSCO term today; a country's National
Representative is the users of the bodies holding that term today (and of their units); the
Secretariat likewise. E-mails are sent after the transaction commits, so a rolled-back step sends
nothing; a failing mail server is logged and never undoes a step.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.accounts.models import User
from hub.core import links
from hub.monitoring import policies
from hub.network.models import OrganisationKind, Role, RoleTerm

log = logging.getLogger(__name__)


def _users_of(organisation_ids: Iterable[int]) -> Q:
    ids = list(organisation_ids)
    return Q(organisation_id__in=ids) | Q(organisation__parent_id__in=ids) | Q(organisation__parent__parent_id__in=ids)


def officers_q(member_ids: Iterable[int]) -> Q:
    """Users who are officers of any of these members today (as a filter on User)."""
    member_ids = list(member_ids)
    today = timezone.localdate()
    csco_orgs = RoleTerm.objects.held_on(today).filter(
        role=Role.CSCO, member_id__in=member_ids, organisation_id__isnull=False
    )
    return Q(organisation__kind=OrganisationKind.LOCAL_GOVERNMENT, organisation__member_id__in=member_ids) | _users_of(
        csco_orgs.values_list("organisation_id", flat=True)
    )


def officers_by_member(member_ids: Iterable[int]) -> dict[int, list[User]]:
    """Each member's officers, in two queries whatever the number of members."""
    member_ids = list(member_ids)
    today = timezone.localdate()
    result: dict[int, set[User]] = {m: set() for m in member_ids}
    users = User.objects.filter(
        is_active=True, organisation__kind=OrganisationKind.LOCAL_GOVERNMENT, organisation__member_id__in=member_ids
    ).select_related("organisation")
    for user in users:
        result[user.organisation.member_id].add(user)
    terms = list(
        RoleTerm.objects.held_on(today).filter(role=Role.CSCO, member_id__in=member_ids, organisation_id__isnull=False)
    )
    if terms:
        by_org: dict[int, list[int]] = {}
        for term in terms:
            by_org.setdefault(term.organisation_id, []).append(term.member_id)
        for user in User.objects.filter(_users_of(by_org), is_active=True).select_related("organisation__parent"):
            org = user.organisation
            for org_id in (org.pk, org.parent_id, org.parent.parent_id if org.parent else None):
                for member_id in by_org.get(org_id, []):
                    result[member_id].add(user)
    return {m: sorted(users, key=lambda u: u.email) for m, users in result.items()}


def _role_holders(role: str, country_id: int | None = None) -> list[str]:
    terms = RoleTerm.objects.held_on(timezone.localdate()).filter(role=role, organisation_id__isnull=False)
    if country_id is not None:
        terms = terms.filter(country_id=country_id)
    org_ids = list(terms.values_list("organisation_id", flat=True))
    if not org_ids:
        return []
    return sorted(set(User.objects.filter(_users_of(org_ids), is_active=True).values_list("email", flat=True)))


def _send(subject: str, body: str, recipients: list[str]) -> int:
    if not recipients:
        return 0
    try:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    except Exception:  # a mail server being down must not break the review chain
        log.exception("Could not send '%s' to %s", subject, recipients)
        return 0


def _absolute(path: str) -> str:
    return links.absolute(path)


def transition(update, action: str, comment: str) -> None:
    """Tell the next person in the chain (or the authors) that an update moved."""
    project, member = update.project, update.project.member
    link = _absolute(update.get_absolute_url())
    context = {"project": project.title, "member": member.name, "cycle": update.cycle.label, "link": link}
    if action == "submit":
        # The endorser (policies.endorser_role); the Secretariat hears of it if no one in that role has an account.
        recipients = _role_holders(policies.endorser_role(member.country_id), member.country_id) or _role_holders(
            Role.SECRETARIAT
        )
        subject = _("To endorse: %(project)s (%(member)s), %(cycle)s") % context
        body = (
            _("%(member)s submitted its %(cycle)s progress update on %(project)s for your endorsement:\n%(link)s\n")
            % context
        )
    elif action == "endorse":
        recipients = _role_holders(Role.SECRETARIAT)
        subject = _("To accept: %(project)s (%(member)s), %(cycle)s") % context
        body = (
            _(
                "The %(cycle)s progress update on %(project)s of %(member)s was endorsed "
                "and waits for acceptance:\n%(link)s\n"
            )
            % context
        )
    else:
        recipients = sorted({u.email for u in officers_by_member([member.pk])[member.pk]})
        if update.created_by and update.created_by.is_active and update.created_by.email not in recipients:
            recipients.append(update.created_by.email)
        if action == "accept":
            subject = _("Accepted: %(project)s, %(cycle)s") % context
            body = (
                _("Your %(cycle)s progress update on %(project)s was accepted and is now public:\n%(link)s\n") % context
            )
        elif action == "reopen":
            # The National Representative endorsed the old content: it hears of it too.
            for email in _role_holders(Role.NATIONAL_REPRESENTATIVE, member.country_id):
                if email not in recipients:
                    recipients.append(email)
            subject = _("Reopened: %(project)s, %(cycle)s") % context
            body = (
                _(
                    "The ASEAN Secretariat reopened the accepted %(cycle)s progress update on %(project)s; it is a "
                    "draft again and no longer public. The comment:\n\n"
                )
                % context
                + comment
                + "\n\n"
                + _("Change it and submit it again:\n%(link)s\n") % context
            )
        else:
            subject = _("Returned for changes: %(project)s, %(cycle)s") % context
            body = (
                _("Your %(cycle)s progress update on %(project)s was returned to draft with this comment:\n\n")
                % context
                + comment
                + "\n\n"
                + _("Change it and submit it again:\n%(link)s\n") % context
            )
    _send(subject, body, recipients)


def reminder(user: User, cycle, items: list[tuple]) -> int:
    """One e-mail listing a person's late (or soon due) reports: items are (title, member, kind, update or None)."""
    lines = []
    for title, member_name, kind, update in items:
        what = _("not started") if update is None else _("draft, not yet submitted")
        when = _("overdue") if kind == "overdue" else _("due by %(day)s") % {"day": cycle.due_date.isoformat()}
        lines.append(f"- {title} ({member_name}): {what}, {when}")
    subject = _("ASCN M&E %(cycle)s: %(count)s progress report(s) to submit") % {
        "cycle": cycle.label,
        "count": len(items),
    }
    body = (
        _(
            "Hello,\n\nThese projects have no submitted progress update for the %(cycle)s cycle "
            "(reports due by %(day)s):\n\n"
        )
        % {"cycle": cycle.label, "day": cycle.due_date.isoformat()}
        + "\n".join(lines)
        + "\n\n"
        + _("Write or finish them here: %(link)s\n") % {"link": _absolute(reverse("monitoring:updates"))}
    )
    # Unlike the step notices, a failure here propagates: the caller then forgets the reminder and retries.
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
