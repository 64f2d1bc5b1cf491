"""The mail worker of `make run`: sends the queue, retries failures, digests comments hourly.

Production runs django-mailer's own commands from systemd instead (docs/operations.md,
"E-mail"); this loop is the same work in one process, for development and the demo.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Send queued mail every few seconds, retry failed mail, and send the comment digest."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=10, help="Seconds between passes.")
        parser.add_argument("--digest-every", type=int, default=3600)
        parser.add_argument("--retry-every", type=int, default=600)

    def handle(self, *args, interval, digest_every, retry_every, **options):
        last_digest = last_retry = time.monotonic()
        while True:
            now = time.monotonic()
            if now - last_retry >= retry_every:
                call_command("retry_deferred")
                last_retry = now
            if now - last_digest >= digest_every:
                call_command("send_comment_digest")
                last_digest = now
            call_command("send_mail")
            time.sleep(interval)
