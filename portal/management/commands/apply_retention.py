"""Remove personal data kept longer than its retention period (run daily: operations.md), and
what each app prunes in the same run (`privacy.prune(dry_run)`, portal.registry: the articles'
readings per day past news.readings.KEEP_DAYS, not personal data, but daily work of the same
kind)."""

from django.core.management.base import BaseCommand

from portal.privacy import apply_retention
from portal.registry import app_hooks


class Command(BaseCommand):
    help = (
        "Delete rejected membership applications, empty readers' e-mail addresses and delete "
        "admin sign-in logs older than their PRIVACY_RETENTION_* periods. Prints counts only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        verb = "would be removed" if dry_run else "removed"
        lines = [
            (expired.label, expired.days, count)
            for expired, count in apply_retention(dry_run=dry_run)
        ]
        for prune in app_hooks("privacy", "prune"):
            lines.extend(prune(dry_run=dry_run))
        for label, days, count in lines:
            self.stdout.write(f"{label} (older than {days} days): {count} {verb}")
