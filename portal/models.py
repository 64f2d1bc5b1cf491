from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The flags content models share. Abstract: each model keeps its own columns (`is_published`,
# `is_sample`, `note`), declared once here.


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Publishable(models.Model):
    """Shown on the public site only once staff tick it (`objects.published()` with
    PublishedQuerySet)."""

    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public site only once ticked.")
    )

    class Meta:
        abstract = True


class SampleMarked(models.Model):
    """May be invented for the demo site: then a reader sees it marked, in their language."""

    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Invented for the demo site: marked “(sample)” wherever it is shown."),
    )

    class Meta:
        abstract = True

    def sample_marked(self, text):
        return sample_marked(text, self.is_sample)


def sample_marked(text, is_sample):
    """`text`, followed by “(sample)” when the row is invented."""
    return f"{text} {_('(sample)')}" if is_sample else text


class InternalNote(models.Model):
    note = models.TextField(
        _("internal note"), blank=True, help_text=_("For staff only; never shown on the site.")
    )

    class Meta:
        abstract = True


class SampleRecord(models.Model):
    """A row made by `generate_sample_data`, so that `--remove` finds exactly those rows.

    A registry instead of a flag on every content model: the content apps stay free of
    a column that only benchmarks and demonstrations need.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("content type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))

    class Meta:
        verbose_name = _("sample record")
        verbose_name_plural = _("sample records")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="portal_sample_record_unique"
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id}"


class Revision(models.Model):
    """A snapshot of a content object after a save by staff: who, when, what changed.

    One table for every model with a history (articles, congresses, aid projects); what a
    snapshot holds and how it is put back is declared in portal/revisions.py.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("content type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    number = models.PositiveIntegerField(_("number"))
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_fields = models.JSONField(_("changed fields"), default=list)
    note = models.CharField(_("note"), max_length=200, blank=True)
    data = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-number"]
        constraints = [
            # Also the index of an object's history, newest first.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"], name="portal_revision_number"
            )
        ]

    def __str__(self):
        return f"#{self.number}"

    def changed_labels(self):
        from portal import revisions

        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        return revisions.field_labels(model, self.changed_fields)

    def restore(self, user):
        from portal import revisions

        return revisions.restore(self, user)


class Erasure(models.Model):
    """A record that personal data was erased, holding none of it (Decree 13/2023/NĐ-CP).

    Who erased (an Administrator, or nobody for the daily retention), when, starting from
    what kind of record, and how many rows went: enough to account for an erasure, nothing
    that could tell whose data it was.
    """

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        APPLICANT = "applicant", _("Applicant")
        COMMENTER = "commenter", _("Commenter")
        RETENTION = "retention", _("Retention period ended")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    members = models.PositiveIntegerField(_("members"), default=0)
    applications = models.PositiveIntegerField(_("membership applications"), default=0)
    comments = models.PositiveIntegerField(_("readers' comments"), default=0)
    access_records = models.PositiveIntegerField(_("sign-in records"), default=0)

    class Meta:
        verbose_name = _("erasure of personal data")
        verbose_name_plural = _("erasures of personal data")
        ordering = ["-erased_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.erased_at:%Y-%m-%d %H:%M}"


class NotificationPreference(models.Model):
    """Which e-mails a staff member wants, and in which language (portal/notifications.py).

    No row means every kind on, in Vietnamese: a new Editor hears about the first article
    sent for review without having to visit a settings page first.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    language = models.CharField(
        _("language of e-mails"), max_length=5, choices=settings.LANGUAGES, default="vi"
    )
    article_review = models.BooleanField(_("articles sent for review"), default=True)
    article_decision = models.BooleanField(_("my articles published or returned"), default=True)
    comment_digest = models.BooleanField(_("hourly digest of comments to moderate"), default=True)
    application_received = models.BooleanField(_("join applications received"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


class MailDigest(models.Model):
    """When a periodic digest (e.g. comments to moderate) last covered the events up to."""

    kind = models.CharField(max_length=40, unique=True)
    covered_until = models.DateTimeField()

    def __str__(self):
        return f"{self.kind}: {self.covered_until}"
