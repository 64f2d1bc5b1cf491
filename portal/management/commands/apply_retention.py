"""Remove personal data kept longer than its retention period (run daily: operations.md), and
the articles' readings per day past news.readings.KEEP_DAYS (not personal data, but daily
work of the same kind)."""

from django.core.management.base import BaseCommand

from portal.privacy import apply_retention, retention_periods


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
        periods = retention_periods()
        result = apply_retention(dry_run=dry_run)
        verb = "would be removed" if dry_run else "removed"
        lines = [
            (
                "rejected membership applications",
                periods.rejected_application_days,
                result.rejected_applications,
            ),
            ("comment e-mail addresses", periods.comment_email_days, result.comment_emails),
            ("admin sign-in lockout records", periods.access_log_days, result.access_attempts),
            ("admin sign-in failure log rows", periods.access_log_days, result.access_failures),
            ("admin sign-in access log rows", periods.access_log_days, result.access_logs),
        ]
        from news import readings

        lines.append(
            ("article readings per day", readings.KEEP_DAYS, readings.prune(dry_run=dry_run))
        )
        for label, days, count in lines:
            self.stdout.write(f"{label} (older than {days} days): {count} {verb}")
