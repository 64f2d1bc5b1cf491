from django.db.models import Count, Max, Q
from django.utils import translation
from django.utils.functional import cached_property

from portal.i18n import PathPattern
from portal.sitemaps import LanguagePairs, PortalSitemap

from .models import Article, Category, Series, published_q


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
        # An expiry takes an article out as a publication puts one in.
        return Article.objects.next_change()


class CategorySitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.all()

    def location(self, item):
        return item.get_absolute_url(translation.get_language())


class SeriesSitemap(PortalSitemap):
    """The series index and each series with published articles, in the languages it has a
    page in (an English page also needs an English article)."""

    changefreq = "weekly"

    def items(self):
        series = (
            Series.objects.annotate(
                vi=Count("entries", filter=published_q("vi", "entries__article__")),
                en=Count("entries", filter=published_q("en", "entries__article__")),
            )
            .filter(vi__gt=0)
            .only("id", "slug_vi", "slug_en", "updated_at")
            .order_by("id")
        )
        return ["news:series_index", *series]

    def get_languages_for_item(self, item):
        if isinstance(item, str):
            return super().get_languages_for_item(item)
        return ["vi", "en"] if item.slug_en and item.en else ["vi"]

    def location(self, item):
        if isinstance(item, str):
            return super().location(item)
        return item.get_absolute_url(translation.get_language())

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at

    # A series page changes when one of its articles is published or expires: the articles'
    # question, asked once for the index (portal.sitemaps.next_publication).
    next_publication = ArticleSitemap.next_publication
