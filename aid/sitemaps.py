from portal.sitemaps import PortalSitemap

from .models import AidProject


class AidSitemap(PortalSitemap):
    """The project list and every published aid project, in both languages."""

    changefreq = "weekly"

    def items(self):
        return ["aid:projects", *AidProject.objects.published().order_by("-year", "reference")]

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at
