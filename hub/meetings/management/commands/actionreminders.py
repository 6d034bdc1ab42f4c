from datetime import date

from django.core.management.base import BaseCommand, CommandError

from hub.meetings.services import send_action_reminders


class Command(BaseCommand):
    help = (
        "E-mail the owners of open action items that are overdue or due soon. Safe to run daily: what is "
        "sent is recorded, and nobody gets two reminders for the same item on the same day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Remind of items due within this many days (7).")
        parser.add_argument("--today", help="Run as if today were this day (YYYY-MM-DD), e.g. to catch up.")
        parser.add_argument("--dry-run", action="store_true", help="Say who would get a reminder; send nothing.")

    def handle(self, *args, **options):
        if not 0 <= options["days"] <= 365:
            raise CommandError("--days must be between 0 and 365.")
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today: '{options['today']}' is not a date of the form YYYY-MM-DD") from exc
        report = send_action_reminders(today=today, days_ahead=options["days"], dry_run=options["dry_run"])
        verb = "would remind" if options["dry_run"] else "reminded"
        for action, email, reason in report.sent:
            self.stdout.write(f"{verb} {email}: action item {action.pk} ({reason}, due {action.due_date})")
        for action, why in report.skipped:
            self.stdout.write(f"skipped action item {action.pk}: {why}")
        for action, email, error in report.failed:
            self.stderr.write(f"FAILED {email}: action item {action.pk}: {error}")
        self.stdout.write(
            f"{len(report.sent)} reminder(s) {'to send' if options['dry_run'] else 'sent'}, "
            f"{len(report.skipped)} skipped, {len(report.failed)} failed."
        )
        if report.failed:
            raise CommandError(f"{len(report.failed)} reminder(s) could not be sent; the next run tries again.")
