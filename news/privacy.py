"""Readers' personal data for portal.privacy: their comments (erased by e-mail address), and
the addresses emptied past their retention period; and the articles' readings per day, pruned
by the same daily run (not personal data, but daily work of the same kind)."""

import datetime

from news import readings
from news.models import Comment
from portal.privacy import Expired, retention_periods

ERASABLE = [("comments", Comment)]


def expired(now):
    days = retention_periods().comment_email_days
    addresses = Comment.objects.filter(created_at__lt=now - datetime.timedelta(days=days)).exclude(
        email=""
    )
    return [Expired("comment e-mail addresses", days, addresses, "comments", clear={"email": ""})]


def prune(dry_run=False):
    """[(what, period in days, rows removed)] for `manage.py apply_retention`."""
    return [("article readings per day", readings.KEEP_DAYS, readings.prune(dry_run=dry_run))]
