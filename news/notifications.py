"""The hourly digest of comments to moderate, mailed to the Editors through portal.notifications
(`manage.py send_comment_digest`)."""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from news.models import Comment
from portal import roles
from portal.models import MailDigest
from portal.notifications import COMMENT_DIGEST, admin_url, in_group, send_to_staff


def comment_digest(now=None):
    """Queue the digest of the comments that arrived since the last one; returns their count."""
    now = now or timezone.now()
    with transaction.atomic():
        digest, first = MailDigest.objects.select_for_update().get_or_create(
            kind="comments", defaults={"covered_until": now}
        )
        # The first digest covers every comment still waiting.
        since = None if first else digest.covered_until
        comments = Comment.objects.filter(status=Comment.Status.PENDING, created_at__lte=now)
        if since is not None:
            comments = comments.filter(created_at__gt=since)
        by_article = list(
            comments.values("article__title").annotate(n=Count("pk")).order_by("article__title")
        )
        total = sum(row["n"] for row in by_article)
        if total:
            send_to_staff(
                COMMENT_DIGEST,
                in_group(roles.EDITOR),
                "comment_digest",
                lambda lang: {
                    "total": total,
                    "articles": by_article,
                    "url": admin_url("admin:news_comment_changelist", language=lang)
                    + "?status__exact=pending",
                },
            )
        digest.covered_until = now
        digest.save(update_fields=["covered_until"])
    return total
