from django.utils.functional import cached_property

from portal.i18n import PathPattern
from portal.sitemaps import Chain, PortalSitemap

from .models import AidProject


class AidSitemap(PortalSitemap):
    """The project list and every published aid project, in both languages."""

    changefreq = "weekly"

    def items(self):
        projects = AidProject.objects.published().only("reference", "updated_at")
        return Chain(["aid:projects"], projects.order_by("-year", "reference"))

    @cached_property
    def paths(self):
        return PathPattern("aid:project", "reference")

    def location_in(self, item, language):
        if isinstance(item, str):
            return super().location_in(item, language)
        return self.paths(item.reference, language)

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at
