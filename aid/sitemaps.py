from portal.sitemaps import PublishedPagesSitemap

from .models import AidProject


class AidSitemap(PublishedPagesSitemap):
    """The project list and every published aid project, in both languages."""

    changefreq = "weekly"

    lists = ["aid:projects"]
    route = "aid:project"
    key = "reference"

    def published(self):
        return AidProject.objects.published().order_by("-year", "reference")
