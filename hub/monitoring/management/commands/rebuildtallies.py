"""Recompute the dashboards' tallies from the projects and updates (after writes that bypassed the models)."""

from django.core.management.base import BaseCommand

from hub.monitoring.tallies import rebuild


class Command(BaseCommand):
    help = "Recompute the M&E dashboards' tallies (hub/monitoring/tallies.py) from the projects and updates."

    def handle(self, *args, **options):
        self.stdout.write(f"{rebuild()} tallies written.")
