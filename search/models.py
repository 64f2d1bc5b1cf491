from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    """What the portal's search finds of one public object other than an article (articles
    have their own ranked full-text search): what a result shows, in both languages, and the
    folded text it is found by. Written by search.index when the object is saved; the object's
    own table stays the truth (`manage.py rebuild_search_index` writes every entry anew)."""

    kind = models.CharField(_("kind"), max_length=20)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("title"), max_length=400)
    summary = models.TextField(_("summary"), blank=True)
    # The object's address in each language; empty where it has no page in that language.
    url = models.CharField(_("address"), max_length=400, blank=True)
    # Lowercase without diacritics ("121/QĐ-UBND" → "121/qd-ubnd"), in each language.
    text = models.TextField(editable=False, default="")
    date = models.DateField(null=True, blank=True)
    # An object made public at a set time (a scheduled document) is found from that time on.
    visible_from = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_one_entry")
        ]
        indexes = [models.Index(fields=["kind", "-date", "-id"], name="search_entry_kind_date")]

    def __str__(self):
        return self.title
