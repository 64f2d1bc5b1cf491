from django.utils import translation

from portal.sitemaps import PortalSitemap

from .models import Article, Category


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


class CategorySitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.all()

    def location(self, item):
        return item.get_absolute_url(translation.get_language())
