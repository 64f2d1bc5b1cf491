from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import AidProject


class AidSitemap(Sitemap):
    """The project list and every published aid project, in both languages."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return ["aid:projects", *AidProject.objects.published().order_by("-year", "reference")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at
