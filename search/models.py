from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    """What the portal's search finds of one public object other than an article (articles
    have their own ranked full-text search): what a result shows, in both languages, and the
    folded text it is found by (its EntryText). Written by search.index when the object is
    saved; the object's own table stays the truth (`manage.py rebuild_search_index` writes
    every entry anew)."""

    kind = models.CharField(_("kind"), max_length=20)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("title"), max_length=400)
    summary = models.TextField(_("summary"), blank=True)
    # The object's address in each language; empty where it has no page in that language.
    url = models.CharField(_("address"), max_length=400, blank=True)
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


class EntryText(models.Model):
    """What the search reads to find entries: the folded words of one entry in each language,
    and what the results are filtered and ordered by. Apart from the entry's titles, summaries
    and addresses in both languages, whose rows are four times as wide: a common word matches
    thousands of entries, and every matching row is read to count them by kind."""

    entry = models.OneToOneField(
        Entry, on_delete=models.CASCADE, primary_key=True, related_name="words"
    )
    kind = models.CharField(max_length=20)
    date = models.DateField(null=True, blank=True)
    visible_from = models.DateTimeField(null=True, blank=True)
    # Lowercase without diacritics ("121/QĐ-UBND" → "121/qd-ubnd"); empty in a language the
    # object has no page in, so that it is not found in that language.
    text_vi = models.TextField(blank=True, default="")
    text_en = models.TextField(blank=True, default="")
    # The order of results of the same date.
    title_vi = models.CharField(max_length=400, blank=True, default="")
    title_en = models.CharField(max_length=400, blank=True, default="")

    class Meta:
        verbose_name = _("search entry text")
        verbose_name_plural = _("search entry texts")
        # The page of one kind: a kind with few entries is read through this index rather
        # than by checking every entry with the words.
        indexes = [models.Index(fields=["kind", "-date"], name="search_entrytext_kind_date")]

    def __str__(self):
        return self.title_vi
