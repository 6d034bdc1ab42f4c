"""Action items after their meeting: the review of open ones at the next meetings of the series, and the
reminders to their owners (``manage.py actionreminders``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.core import links
from hub.meetings.models import OPEN_STATUSES, ActionReminder, Meeting, Outcome

# Named as before the services became a package, so that logging configuration naming it still applies.
log = logging.getLogger("hub.meetings.services")


def actions_for_review(meeting: Meeting, user) -> list[Outcome]:
    """Action items of the earlier meetings of the series that were still open on this meeting's first day
    (open or in progress now, or closed only after it): the "Review of open action items" section."""
    if not meeting.series_id:
        return []
    qs = (
        Outcome.objects.actions()
        .visible_to(user)
        .filter(
            agenda_item__meeting__series_id=meeting.series_id,
            agenda_item__meeting__start_date__lt=meeting.start_date,
        )
        .filter(Q(status__in=OPEN_STATUSES) | Q(closed_on__gte=meeting.start_date))
        .with_related()
        .order_by(F("due_date").asc(nulls_last=True), "agenda_item__meeting__start_date", "pk")
    )
    return list(qs)


@dataclass
class ReminderReport:
    sent: list[tuple[Outcome, str, str]]
    skipped: list[tuple[Outcome, str]]
    failed: list[tuple[Outcome, str, str]]


def _recipients(action: Outcome) -> list:
    from hub.accounts.models import User

    if action.owner_user_id:
        user = action.owner_user
        return [user] if user.is_active and user.email else []
    if action.owner_organisation_id:
        org = action.owner_organisation_id
        return list(
            User.objects.filter(is_active=True)
            .filter(Q(organisation_id=org) | Q(organisation__parent_id=org))
            .exclude(email="")
            .order_by("email")
        )
    return []


def _reminder_text(action: Outcome, reason: str, today: date) -> tuple[str, str]:
    meeting = action.agenda_item.meeting
    base = links.base_url()
    if reason == "overdue":
        subject = _("[ASCN Hub] Overdue action item (due %(due)s)") % {"due": action.due_date}
    else:
        subject = _("[ASCN Hub] Action item due %(due)s") % {"due": action.due_date}
    lines = [
        _("An action item you own is %(state)s.")
        % {"state": _("overdue") if reason == "overdue" else _("due on %(due)s") % {"due": action.due_date}},
        "",
        action.text,
        "",
        _("Meeting: %(meeting)s (%(dates)s)") % {"meeting": meeting.title, "dates": meeting.dates_display},
        _("Agenda item: %(item)s") % {"item": action.agenda_item.title},
        _("Status: %(status)s") % {"status": action.get_status_display()},
        "",
        _("Update it or comment: %(url)s") % {"url": f"{base}{action.get_absolute_url()}"},
    ]
    return subject, "\n".join(str(line) for line in lines)


def send_action_reminders(*, today: date | None = None, days_ahead: int = 7, dry_run: bool = False) -> ReminderReport:
    """Remind the owners of open action items that are overdue or due within ``days_ahead`` days.

    Safe to run daily (or more often): each reminder is recorded, and nobody gets two for the same item
    on the same day. A reminder whose e-mail fails is not recorded, so the next run tries again."""
    today = today or timezone.localdate()
    report = ReminderReport(sent=[], skipped=[], failed=[])
    due = (
        Outcome.objects.open_actions()
        .filter(due_date__isnull=False, due_date__lte=today + timedelta(days=days_ahead))
        .with_related()
        .order_by("due_date", "pk")
    )
    for action in due:
        reason = "overdue" if action.due_date < today else "due"
        recipients = _recipients(action)
        if not recipients:
            report.skipped.append((action, _("no owner with an e-mail address")))
            continue
        subject, body = _reminder_text(action, reason, today)
        for user in recipients:
            if ActionReminder.objects.filter(action=action, email=user.email, sent_on=today).exists():
                report.skipped.append((action, _("%(email)s already reminded today") % {"email": user.email}))
                continue
            if dry_run:
                report.sent.append((action, user.email, reason))
                continue
            try:
                with transaction.atomic():
                    ActionReminder.objects.create(
                        action=action, recipient=user, email=user.email, sent_on=today, reason=reason
                    )
                    send_mail(subject, body, None, [user.email])
            except IntegrityError:
                report.skipped.append((action, _("%(email)s already reminded today") % {"email": user.email}))
            except Exception as exc:  # noqa: BLE001 - one failed address must not stop the others
                log.warning("Reminder to %s for action item %s failed: %s", user.email, action.pk, exc)
                report.failed.append((action, user.email, str(exc)))
            else:
                report.sent.append((action, user.email, reason))
    return report
