"""Write the annual M&E report of a cycle: ``manage.py mereport 2024-2025 --format pdf --out report.pdf``."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.monitoring import report, services
from hub.monitoring.models import ReportingCycle


class Command(BaseCommand):
    help = "Generate the M&E report of a cycle from accepted data, as PDF, XLSX or CSV."

    def add_arguments(self, parser):
        parser.add_argument("cycle", help="2024-2025 (or 2025: the cycle ending in that year).")
        parser.add_argument("--format", choices=sorted(report.FORMATS), default="pdf")
        parser.add_argument("--table", choices=report.CSV_TABLES, default="projects", help="The CSV's table.")
        parser.add_argument("--out", help="File to write; '-' for standard output. Default: the report's file name.")

    def handle(self, *args, **options):
        try:
            end_year = services.parse_cycle_name(options["cycle"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        cycle = ReportingCycle.objects.filter(end_year=end_year).first()
        if cycle is None:
            raise CommandError(f"No reporting cycle {options['cycle']}: create it with `manage.py opencycle`.")
        rendered = report.render(cycle, options["format"], table=options["table"])
        out = options["out"] or rendered.filename
        if out == "-":
            sys.stdout.buffer.write(rendered.content)
            return
        Path(out).write_bytes(rendered.content)
        self.stderr.write(f"Wrote {out} ({len(rendered.content):,} bytes).")
