from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


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
