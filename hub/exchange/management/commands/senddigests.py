"""E-mail each follower the digest of what changed in what they follow (daily or weekly); safe to repeat."""

from django.core.management.base import BaseCommand

from hub.exchange.digest import send_digests


class Command(BaseCommand):
    help = (
        "Send the daily or weekly digest of what people follow. Run daily (and weekly); a repeat sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=["daily", "weekly"], required=True)

    def handle(self, *args, period: str, **options):
        counts = send_digests(period)
        self.stdout.write(
            f"{period} digests: {counts['sent']} sent, {counts['already']} already sent this period, "
            f"{counts['empty']} with nothing new, {counts['failed']} failed (retried next run)"
        )
