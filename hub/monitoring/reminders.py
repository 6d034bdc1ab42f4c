"""Reminders to officers whose projects have no submitted update: safe to run every day.

Each reminder is a row (recipient, project, cycle, kind, day); a person gets at most one e-mail per run,
listing the projects not yet reminded of today, and never the same project and kind twice on one day.
The rows and the e-mail go together: if the mail server refuses, the rows are rolled back and the next
run tries again. Reminders start ``LEAD_DAYS`` before the due date ("due soon") and go on after it
("overdue") while the cycle is open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.monitoring import notify
from hub.monitoring.models import CycleState, Reminder, ReminderKind, ReportingCycle
from hub.monitoring.selectors import CycleFacts

LEAD_DAYS = 14


@dataclass
class ReminderRun:
    cycles: list[str] = field(default_factory=list)
    emails: int = 0
    reminders: int = 0
    already_reminded: int = 0
    without_officer: int = 0
    failed: int = 0
    not_yet: list[str] = field(default_factory=list)


def send_reminders(
    *, cycle: ReportingCycle | None = None, today: date | None = None, dry_run: bool = False
) -> ReminderRun:
    today = today or timezone.localdate()
    run = ReminderRun()
    if cycle is not None and cycle.state != CycleState.OPEN:
        raise ValueError(f"The {cycle.label} cycle is {cycle.state}: reminders are sent only for open cycles.")
    cycles = [cycle] if cycle is not None else list(ReportingCycle.objects.filter(state=CycleState.OPEN))
    facts = CycleFacts() if cycles else None
    for current in sorted(cycles, key=lambda c: c.start_date):
        if today < current.due_date - timedelta(days=LEAD_DAYS):
            run.not_yet.append(current.label)
            continue
        run.cycles.append(current.label)
        kind = ReminderKind.OVERDUE if today > current.due_date else ReminderKind.DUE_SOON
        late = [facts.projects[pid] for pid in facts.late(current)]
        officers = notify.officers_by_member({p.member_id for p in late})
        sent = set(
            Reminder.objects.filter(cycle=current, sent_on=today, kind=kind).values_list("recipient_id", "project_id")
        )
        per_user: dict[int, tuple] = {}
        for project in late:
            people = officers.get(project.member_id, [])
            if not people:
                run.without_officer += 1
            for user in people:
                if (user.pk, project.id) in sent:
                    run.already_reminded += 1
                    continue
                per_user.setdefault(user.pk, (user, []))[1].append(project)
        for user, projects in per_user.values():
            items = [(p.title, p.member_name, kind, facts.update_in(current, p.id)) for p in projects]
            if dry_run:
                run.emails += 1
                run.reminders += len(items)
                continue
            try:
                with transaction.atomic():
                    Reminder.objects.bulk_create(
                        [
                            Reminder(recipient=user, project_id=p.id, cycle=current, kind=kind, sent_on=today)
                            for p in projects
                        ]
                    )
                    notify.reminder(user, current, items)
            except IntegrityError:
                run.already_reminded += len(items)  # another run got there first
            except Exception:  # the mail server refused: nothing recorded, the next run retries
                notify.log.exception("Reminder to %s failed", user.email)
                run.failed += 1
            else:
                run.emails += 1
                run.reminders += len(items)
    return run
