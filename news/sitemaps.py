from django.db.models import Max
from django.utils import translation
from django.utils.functional import cached_property

from portal.sitemaps import PortalSitemap

from .models import Article, Category


class LanguagePairs:
    """(article, language) pairs, every Vietnamese one then every English one, read a page
    at a time: Django's i18n sitemap would list the pairs of all articles in memory to cut
    one page of them."""

    def __init__(self, parts):
        self.parts = parts  # [(language, queryset)]

    @cached_property
    def counts(self):
        return [queryset.count() for _language, queryset in self.parts]

    def __len__(self):
        return sum(self.counts)

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        pairs = []
        for (language, queryset), count in zip(self.parts, self.counts, strict=True):
            if start < count and stop > 0:
                pairs += [(item, language) for item in queryset[max(start, 0) : min(stop, count)]]
            start, stop = start - count, stop - count
        return pairs


class ArticleSitemap(PortalSitemap):
    """Published articles, each in the languages it exists in, with hreflang alternates."""

    changefreq = "monthly"
    limit = 1000

    def items(self):
        return (
            Article.objects.published("vi")
            .only("id", "slug_vi", "slug_en", "updated_at", "published_at")
            .order_by("-published_at", "-id")
        )

    def get_languages_for_item(self, item):
        return ["vi", "en"] if item.slug_en else ["vi"]

    def location(self, item):
        return item.get_absolute_url(translation.get_language())

    def lastmod(self, item):
        return item.updated_at

    def _items(self):
        articles = self.items()
        return LanguagePairs([("vi", articles), ("en", articles.exclude(slug_en=None))])

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every article: one aggregate instead.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class CategorySitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.all()

    def location(self, item):
        return item.get_absolute_url(translation.get_language())
