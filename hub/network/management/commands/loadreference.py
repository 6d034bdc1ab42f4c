from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hub.network.reference import ReferenceError, load_reference


class Command(BaseCommand):
    help = "Load (or reload) the reference dataset of the real network from data/*.yaml. Safe to repeat."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.REFERENCE_DATA_DIR), help="Folder with the YAML files.")

    def handle(self, *args, **options):
        try:
            reports = load_reference(Path(options["dir"]))
        except ReferenceError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"The reference dataset has {len(exc.problems)} problem(s); nothing of that file was loaded."
            ) from exc
        for report in reports:
            self.stdout.write(str(report))
