from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from hub.core.reference import ReferenceError


def reference_loaders():
    """Each app that owns part of the reference dataset names its loader in its AppConfig
    (``reference_loader = "dotted.path"``, a function taking the data folder and returning reports);
    they run in INSTALLED_APPS order, so an app's data may refer to the apps before it."""
    for config in apps.get_app_configs():
        path = getattr(config, "reference_loader", None)
        if path:
            yield config.label, import_string(path)


class Command(BaseCommand):
    help = "Load (or reload) the reference dataset of the real network from data/*.yaml. Safe to repeat."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.REFERENCE_DATA_DIR), help="Folder with the YAML files.")

    def handle(self, *args, **options):
        directory = Path(options["dir"])
        for _label, loader in reference_loaders():
            try:
                reports = loader(directory)
            except ReferenceError as exc:
                for problem in exc.problems:
                    self.stderr.write(problem)
                raise CommandError(
                    f"The reference dataset has {len(exc.problems)} problem(s); nothing of that file was loaded."
                ) from exc
            for report in reports:
                self.stdout.write(str(report))
