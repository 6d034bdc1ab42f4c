"""manage.py restore FILE: replace the database and the uploaded files with a backup's (hub/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.core import backup


class Command(BaseCommand):
    help = "Replace every row and every uploaded file with those of an archive written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive written by `manage.py backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask: the current data is replaced (for scripts)."
        )

    def handle(self, *args, file: Path, yes: bool, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        if not yes and options.get("interactive", True):
            answer = input("Every row and uploaded file of this hub will be replaced by the backup's. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was changed.")
        try:
            manifest = backup.restore(file)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Restored {rows} rows and the files of the backup made {manifest['created']}.")
