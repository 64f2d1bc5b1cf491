from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Congress, Person


class CongressSitemap(Sitemap):
    """The congress history and every published congress, in both languages."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return ["congresses:history", *Congress.objects.published().order_by("-term_start_year")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at


class PersonSitemap(Sitemap):
    """People who held a mandate in a published congress."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "yearly"

    def items(self):
        return (
            Person.objects.filter(mandates__body__congress__is_published=True)
            .annotate(last=Max("mandates__body__congress__updated_at"))
            .order_by("full_name", "pk")
        )

    def lastmod(self, item):
        return item.last
