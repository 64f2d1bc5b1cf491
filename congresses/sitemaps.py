from django.db.models import Max

from portal.sitemaps import PortalSitemap

from .models import Congress, Person


class CongressSitemap(PortalSitemap):
    """The congress history and every published congress, in both languages."""

    changefreq = "monthly"

    def items(self):
        return ["congresses:history", *Congress.objects.published().order_by("-term_start_year")]

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at


class PersonSitemap(PortalSitemap):
    """People who held a mandate in a published congress."""

    changefreq = "yearly"

    def items(self):
        return (
            Person.objects.filter(mandates__body__congress__is_published=True)
            .annotate(last=Max("mandates__body__congress__updated_at"))
            .order_by("full_name", "pk")
        )

    def lastmod(self, item):
        return item.last
