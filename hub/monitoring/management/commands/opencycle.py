"""Create (if needed) and open a reporting cycle: ``manage.py opencycle 2025`` opens 2024–2025."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hub.monitoring import services
from hub.monitoring.models import ReportingCycle


class Command(BaseCommand):
    help = (
        "Open the reporting cycle that ends in YEAR (2025, or 2024-2025: October 2024 to September 2025), "
        "creating it first if it does not exist."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle", help="The year the cycle ends in (2025) or both years (2024-2025).")
        parser.add_argument("--start-month", type=int, default=10, help="First month of a new cycle (default 10).")
        parser.add_argument("--due", type=date.fromisoformat, help="Reports due by this day (YYYY-MM-DD).")

    def handle(self, *args, **options):
        try:
            end_year = services.parse_cycle_name(options["cycle"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        actor = "command:opencycle"
        cycle = ReportingCycle.objects.filter(end_year=end_year).first()
        try:
            if cycle is None:
                cycle = services.create_cycle(
                    actor=actor,
                    end_year=end_year,
                    start_month=options["start_month"],
                    due_date=options["due"],
                    via="command",
                )
                self.stdout.write(f"Created the cycle {cycle.label} ({cycle.start_date} to {cycle.end_date}).")
            elif options["due"] and options["due"] != cycle.due_date:
                cycle = services.set_cycle_due_date(actor=actor, cycle=cycle, due_date=options["due"], via="command")
            if cycle.is_open:
                self.stdout.write(f"The cycle {cycle.label} is open already (reports due by {cycle.due_date}).")
                return
            cycle = services.open_cycle(actor=actor, cycle=cycle, via="command")
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Opened the cycle {cycle.label} (reports due by {cycle.due_date})."))
