"""Recreate the search index (and drop the matcher's cached vectors) from the records."""

from django.core.management.base import BaseCommand

from hub.search.index import rebuild
from hub.search.models import ProjectVector
from hub.search.providers import registry
from hub.search.signals import bump_generation


class Command(BaseCommand):
    help = "Rebuild the search index from the records (all kinds, or those named with --kind)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", choices=registry.kinds(), help="Only this kind (repeatable).")

    def handle(self, *args, **options):
        counts = rebuild(options["kind"])
        if not options["kind"] or "project" in options["kind"]:
            ProjectVector.objects.all().delete()  # recomputed on the next match
            bump_generation()
        for kind, n in counts.items():
            self.stdout.write(f"{kind}: {n}")
        self.stdout.write(self.style.SUCCESS(f"indexed {sum(counts.values())} documents"))
