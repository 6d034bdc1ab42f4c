"""Print a new personal API token for a user: only the token, so that `TOKEN=$(manage.py createtoken …)` works."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hub.accounts import services, tokens
from hub.accounts.models import User


class Command(BaseCommand):
    help = "Create a personal API token for EMAIL and print it (only the token) on standard output."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The e-mail address of the token's user.")
        parser.add_argument("--write", action="store_true", help="A read-write token (default: read only).")
        parser.add_argument("--days", type=int, default=None, help="Expire after this many days (default: never).")
        parser.add_argument("--name", default="command line", help="A name to recognise the token by.")

    def handle(self, *args, email: str, write: bool, days: int | None, name: str, **options):
        user = User.objects.filter(email__iexact=services.normalise_email(email)).first()
        if user is None:
            raise CommandError(f"No account has the e-mail address {email}.")
        if not user.is_active:
            raise CommandError(f"The account {user.email} is deactivated; its tokens would not work.")
        try:
            _record, token = tokens.create_token(
                user=user, name=name, can_write=write, days=days, actor="command:createtoken"
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(token)
