"""The news work queues of the admin index (portal.workqueues)."""

from django.utils.translation import gettext_lazy as _

from news.models import Article, Comment
from portal import roles
from portal.workqueues import Item, aggregate, changelist


def editor_items(user):
    n, oldest = aggregate(Article.objects.filter(status=Article.Status.REVIEW), "updated_at")
    reviews = Item(
        "articles_in_review",
        _("Articles waiting for review"),
        n,
        oldest,
        changelist("news.article", status__exact=Article.Status.REVIEW),
    )
    n, oldest = aggregate(Comment.objects.filter(status=Comment.Status.PENDING), "created_at")
    comments = Item(
        "comments_pending",
        _("Comments waiting for moderation"),
        n,
        oldest,
        changelist("news.comment", status__exact=Comment.Status.PENDING),
    )
    return [reviews, comments]


def writer_items(user):
    mine = Article.objects.filter(created_by=user, status=Article.Status.DRAFT)
    n, oldest = aggregate(mine.filter(returned_at__isnull=True), "updated_at")
    drafts = Item(
        "my_drafts",
        _("My drafts"),
        n,
        oldest,
        changelist(
            "news.article",
            status__exact=Article.Status.DRAFT,
            created_by__exact=user.pk,
            returned_at__isnull="True",
        ),
    )
    n, oldest = aggregate(mine.filter(returned_at__isnull=False), "returned_at")
    returned = Item(
        "my_returned",
        _("Returned to me by an editor"),
        n,
        oldest,
        changelist(
            "news.article",
            status__exact=Article.Status.DRAFT,
            created_by__exact=user.pk,
            returned_at__isnull="False",
        ),
        warning=n > 0,
    )
    return [drafts, returned]


WORK_QUEUES = {roles.EDITOR: editor_items, roles.WRITER: writer_items}
