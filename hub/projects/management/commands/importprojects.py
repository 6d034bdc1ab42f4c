"""Import projects and indicator values from a CSV or XLSX file, as a named user (whose rights apply)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.accounts.models import User
from hub.network.models import Member
from hub.projects.importing import UnreadableFile, run_import


class Command(BaseCommand):
    help = (
        "Import projects and/or indicator values from FILE (.csv or .xlsx). Everything is checked first; "
        "if any row has a problem nothing is written and every problem is listed with its line and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV or XLSX file.")
        parser.add_argument("--as", dest="email", required=True, help="E-mail of the user the import acts as.")
        parser.add_argument("--member", help="Slug of the member the file is for (fills empty member cells).")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, write nothing.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = User.objects.filter(email__iexact=options["email"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user has the e-mail {options['email']}.")
        member = None
        if options["member"]:
            member = Member.objects.filter(slug=options["member"]).first()
            if member is None:
                raise CommandError(f"No member has the slug '{options['member']}'.")
        try:
            report = run_import(
                path.read_bytes(), path.name, actor=user, member=member, dry_run=options["dry_run"], via="command"
            )
        except UnreadableFile as exc:
            raise CommandError(str(exc)) from exc
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(report.problems)} problem(s) found; nothing was imported.")
        prefix = "Dry run, nothing written. Would import: " if report.dry_run else "Imported: "
        lines = report.summary() or ["no rows"]
        self.stdout.write(prefix + "; ".join(lines))
