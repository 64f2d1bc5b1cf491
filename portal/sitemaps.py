from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPagesSitemap(Sitemap):
    """Pages that exist once in each language; each app adds its own sitemap for content."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "contact",
            "unions:about",
            "news:index",
            "congresses:leadership",
            "aid:overview",
        ]

    def location(self, item):
        return reverse(item)


from aid.sitemaps import AidSitemap  # noqa: E402
from congresses.sitemaps import CongressSitemap, PersonSitemap  # noqa: E402
from members.sitemaps import MembersSitemap  # noqa: E402
from news.sitemaps import ArticleSitemap, CategorySitemap  # noqa: E402
from unions.sitemaps import UnionsSitemap  # noqa: E402

SITEMAPS = {
    "pages": StaticPagesSitemap,
    "unions": UnionsSitemap,
    "members": MembersSitemap,
    "congresses": CongressSitemap,
    "people": PersonSitemap,
    "news": ArticleSitemap,
    "news-categories": CategorySitemap,
    "aid": AidSitemap,
}
