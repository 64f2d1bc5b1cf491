from django.db.models import Count, Q
from django.utils.functional import cached_property

from portal.i18n import PathPattern
from portal.sitemaps import Chain, LanguagePairs, PortalSitemap

from .models import Album


class AlbumPairs(LanguagePairs):
    """The gallery and the albums in each language, both counted in one query (the sitemap
    index counts every section on each build)."""

    @cached_property
    def counts(self):
        found = Album.objects.published("vi").aggregate(
            vi=Count("pk"), en=Count("pk", filter=Q(slug_en__isnull=False))
        )
        return [len(items.names) + found[language] for language, items in self.parts]


class AlbumSitemap(PortalSitemap):
    """The gallery and every published album, each in the languages it exists in."""

    changefreq = "monthly"

    def items(self):
        return Chain(["albums:index"], self._albums("vi"))

    def _albums(self, language):
        return (
            Album.objects.published(language)
            .only("id", "slug_vi", "slug_en", "updated_at")
            .order_by("-date", "-id")
        )

    def _items(self):
        # An album without an English title has no /en/ page (as an article).
        return AlbumPairs(
            [
                (language, Chain(["albums:index"], self._albums(language)))
                for language in ("vi", "en")
            ]
        )

    def get_languages_for_item(self, item):
        if isinstance(item, str) or item.slug_en:
            return ["vi", "en"]
        return ["vi"]

    @cached_property
    def paths(self):
        return PathPattern("albums:album", "slug")

    def location_in(self, item, language):
        if isinstance(item, str):
            return super().location_in(item, language)
        return self.paths(item.slug_for(language), language)

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at
