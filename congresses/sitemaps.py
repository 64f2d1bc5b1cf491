from django.db.models import Max
from django.utils.functional import cached_property

from portal.i18n import PathPattern
from portal.sitemaps import Chain, PortalSitemap

from .models import Congress, Person


class CongressSitemap(PortalSitemap):
    """The congress history and every published congress, in both languages."""

    changefreq = "monthly"

    def items(self):
        congresses = Congress.objects.published().only("slug", "updated_at")
        return Chain(["congresses:history"], congresses.order_by("-term_start_year", "pk"))

    @cached_property
    def paths(self):
        return PathPattern("congresses:congress", "slug")

    def location_in(self, item, language):
        if isinstance(item, str):
            return super().location_in(item, language)
        return self.paths(item.slug, language)

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at


class PersonSitemap(PortalSitemap):
    """People who held a mandate in a published congress."""

    changefreq = "yearly"

    def items(self):
        return (
            Person.objects.filter(mandates__body__congress__is_published=True)
            .only("slug")
            .annotate(last=Max("mandates__body__congress__updated_at"))
            .order_by("full_name", "pk")
        )

    @cached_property
    def paths(self):
        return PathPattern("congresses:person", "slug")

    def location_in(self, item, language):
        return self.paths(item.slug, language)

    def lastmod(self, item):
        return item.last
