"""``manage.py loaddemo``: made-up projects and M&E reporting to try the hub with; ``--remove`` deletes them."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from hub.demo.builder import load_demo, remove_demo


class Command(BaseCommand):
    help = (
        "Add demo projects (flagged as demo, titles ending in '(demo)') to the current members, with indicators "
        "and progress updates in past cycles and the running one. Replaces earlier demo data; never touches the "
        "registry or the reference projects. --remove deletes all demo projects."
    )

    def add_arguments(self, parser):
        parser.add_argument("--per-member", type=int, default=2, help="demo projects per member (default 2)")
        parser.add_argument("--cycles", type=int, default=3, help="past cycles to fill (default 3)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed: the same seed gives the same data")
        parser.add_argument("--remove", action="store_true", help="delete the demo data and stop")

    def handle(self, *args, per_member: int, cycles: int, seed: int, remove: bool, **options):
        if remove:
            self.stdout.write(f"Removed {remove_demo()} demo projects with their indicators and updates.")
            return
        if not 1 <= per_member <= 8:
            raise CommandError("--per-member is between 1 and 8.")
        if not 0 <= cycles <= 10:
            raise CommandError("--cycles is between 0 and 10.")
        summary = load_demo(per_member=per_member, cycles=cycles, seed=seed)
        if summary.projects == 0:
            raise CommandError("No current members: load the reference data first (manage.py loadreference).")
        states = ", ".join(f"{n} {state}" for state, n in sorted(summary.updates.items())) or "none"
        self.stdout.write(
            f"Demo data: {summary.projects} projects, {summary.indicators} indicators, updates: {states}."
        )
        if summary.removed:
            self.stdout.write(f"Replaced {summary.removed} earlier demo projects.")
        if summary.cycles_created:
            self.stdout.write(f"Cycles created: {', '.join(summary.cycles_created)}.")
        if summary.cycles_skipped:
            self.stdout.write(f"Closed cycles left alone: {', '.join(summary.cycles_skipped)}.")
