from django.db.models import Max
from django.utils.functional import cached_property

from portal.i18n import PathPattern
from portal.sitemaps import PortalSitemap, PublishedPagesSitemap

from .models import Congress, Person


class CongressSitemap(PublishedPagesSitemap):
    """The congress history and every published congress, in both languages."""

    changefreq = "monthly"

    lists = ["congresses:history"]
    route = "congresses:congress"

    def published(self):
        return Congress.objects.published().order_by("-term_start_year", "pk")


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
