"""E-mail the officers of projects without a submitted progress update. Safe to run daily (e.g. from cron)."""

from django.core.management.base import BaseCommand, CommandError

from hub.monitoring import services
from hub.monitoring.models import ReportingCycle
from hub.monitoring.reminders import LEAD_DAYS, send_reminders


class Command(BaseCommand):
    help = (
        "Remind the officers of late projects in open cycles (from "
        f"{LEAD_DAYS} days before the due date). Nobody is reminded twice of the same project on one day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cycle", help="Only this cycle (2025 or 2024-2025); it must be open.")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent; send and record nothing.")

    def handle(self, *args, **options):
        cycle = None
        if options["cycle"]:
            try:
                end_year = services.parse_cycle_name(options["cycle"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            cycle = ReportingCycle.objects.filter(end_year=end_year).first()
            if cycle is None:
                raise CommandError(f"No reporting cycle {options['cycle']}.")
        try:
            run = send_reminders(cycle=cycle, dry_run=options["dry_run"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not run.cycles and not run.not_yet:
            self.stdout.write("No cycle is open: nothing to remind.")
            return
        for label in run.not_yet:
            self.stdout.write(f"{label}: too early, reminders start {LEAD_DAYS} days before the due date.")
        verb = "Would send" if options["dry_run"] else "Sent"
        self.stdout.write(
            f"{verb} {run.emails} e-mail(s) about {run.reminders} late project(s) in {', '.join(run.cycles) or '—'}; "
            f"{run.already_reminded} already reminded today; {run.without_officer} late project(s) have no officer "
            f"with an account; {run.failed} e-mail(s) failed."
        )
        if run.failed:
            raise CommandError(f"{run.failed} e-mail(s) could not be sent; run again later.")
