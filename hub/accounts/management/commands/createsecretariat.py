"""Create an account in the organisation that holds the Secretariat role term today."""

from __future__ import annotations

import getpass
import secrets
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hub.accounts import services
from hub.accounts.models import User
from hub.network.models import Role, RoleTerm

ACTOR = "command:createsecretariat"


class Command(BaseCommand):
    help = (
        "Create a Secretariat account: a user in the organisation that holds the Secretariat role term today. "
        "The password is asked twice on a terminal, or read from the first line of standard input with "
        "--password-stdin; otherwise a strong random one is printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The e-mail address the new user signs in with.")
        parser.add_argument("--name", default="", help="The user's name.")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input (e.g. piped from a secret store).",
        )

    def handle(self, *args, email: str, name: str, password_stdin: bool = False, **options):
        email = services.normalise_email(email)
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account with the e-mail address {email} already exists; nothing was changed.")
        term = (
            RoleTerm.objects.held_on(timezone.localdate())
            .filter(role=Role.SECRETARIAT, organisation__isnull=False)
            .select_related("organisation")
            .order_by("-start_date", "pk")
            .first()
        )
        if term is None:
            raise CommandError(
                "No organisation holds the Secretariat role term today: load the reference data "
                "(manage.py loadreference) or record the term first."
            )
        organisation = term.organisation
        interactive = sys.stdin.isatty() and not password_stdin
        if password_stdin:
            password = self._read_password(email, name)
        else:
            password = self._ask_password(email, name) if interactive else secrets.token_urlsafe(18)
        try:
            user = services.create_user(
                actor=ACTOR,
                email=email,
                organisation=organisation,
                name=name,
                password=password,
                via="command",
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"Created the Secretariat account {user.email} in {organisation.name}.")
        if not interactive and not password_stdin:
            self.stdout.write(f"Password (shown only this once): {password}")

    def _read_password(self, email: str, name: str) -> str:
        # One line, without its line end: `printf '%s\n' "$PASSWORD" | manage.py createsecretariat ...`.
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("--password-stdin: standard input gave no password; nothing was changed.")
        try:
            validate_password(password, User(email=email, name=name))
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages) + " Nothing was changed.") from None
        return password

    def _ask_password(self, email: str, name: str) -> str:
        probe = User(email=email, name=name)
        while True:
            password = getpass.getpass("Password: ")
            again = getpass.getpass("Password (again): ")
            if password != again:
                self.stderr.write("The two passwords differ. Try again.")
                continue
            try:
                validate_password(password, probe)
            except ValidationError as exc:
                self.stderr.write("\n".join(exc.messages))
                continue
            return password
