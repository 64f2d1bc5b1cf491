"""Mail each Editor one digest of the comments that arrived since the last digest (hourly)."""

from django.core.management.base import BaseCommand

from news import notifications


class Command(BaseCommand):
    help = "Queue one e-mail per Editor listing the comments to moderate since the last digest."

    def handle(self, *args, **options):
        count = notifications.comment_digest()
        self.stdout.write(f"{count} new comments in the digest.")
