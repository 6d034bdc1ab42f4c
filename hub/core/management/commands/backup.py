"""manage.py backup FILE: the database and the uploaded files in one archive (hub/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from hub.core import backup


class Command(BaseCommand):
    help = "Write the whole hub (every row and every uploaded file) to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive to write, e.g. ascn-2026-01-31.tar.gz.")

    def handle(self, *args, file: Path, **options):
        manifest = backup.backup(file)
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Backed up {rows} rows and {manifest['files']} files to {file}.")
