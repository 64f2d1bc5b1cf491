from django.db.models import Max, Min, Q
from django.utils import timezone, translation
from django.utils.functional import cached_property

from portal.i18n import PathPattern
from portal.sitemaps import LanguagePairs, PortalSitemap

from .models import Article, Category


class Newest:
    """Articles newest first, sliced by seeking: the first row of a window is found in the
    index of the ordering, (published_at, id), without reading the table, and the window read
    from there. A plain OFFSET reads every row before it: ~100 ms for the last page."""

    def __init__(self, queryset):
        self.queryset = queryset.order_by("-published_at", "-id")

    def count(self):
        return self.queryset.count()

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        if start == 0:
            return list(self.queryset[:stop])
        first = self.queryset.values_list("published_at", "id")[start : start + 1]
        if not first:
            return []
        published_at, pk = first[0]
        # published_at__lte alone bounds the index scan; the Q drops the rows of the same
        # published_at that come before the window (larger ids).
        return list(
            self.queryset.filter(published_at__lte=published_at).filter(
                Q(published_at__lt=published_at) | Q(id__lte=pk)
            )[: stop - start]
        )


class ArticleSitemap(PortalSitemap):
    """Published articles, each in the languages it exists in, with hreflang alternates."""

    changefreq = "monthly"

    def items(self):
        return Article.objects.published("vi").only(
            "id", "slug_vi", "slug_en", "updated_at", "published_at"
        )

    def get_languages_for_item(self, item):
        return ["vi", "en"] if item.slug_en else ["vi"]

    @cached_property
    def paths(self):
        return PathPattern("news:article", "slug")

    def location(self, item):
        return self.location_in(item, translation.get_language())

    def location_in(self, item, language):
        return self.paths(item.slug_for(language), language)

    def lastmod(self, item):
        return item.updated_at

    def _items(self):
        articles = self.items()
        return LanguagePairs(
            [("vi", Newest(articles)), ("en", Newest(articles.filter(slug_en__isnull=False)))]
        )

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every article: one aggregate instead.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]

    def next_publication(self):
        scheduled = Article.objects.filter(
            status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
        )
        return scheduled.aggregate(due=Min("published_at"))["due"]


class CategorySitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.all()

    def location(self, item):
        return item.get_absolute_url(translation.get_language())
