"""Change the data version: after writing to the database outside Django (psql, COPY), so no cached page or
ETag outlives the change (hub/core/dataversion.py)."""

from django.core.management.base import BaseCommand

from hub.core import dataversion


class Command(BaseCommand):
    help = "Change the data version, so that every cached public response is read afresh."

    def handle(self, *args, **options) -> None:
        dataversion.bump()
        self.stdout.write(f"Data version: {dataversion.current().token}")
