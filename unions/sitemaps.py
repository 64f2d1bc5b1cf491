from portal.sitemaps import PortalSitemap

from .models import SiteSettings, Union


class UnionsSitemap(PortalSitemap):
    """The network page and every provincial union's page (merged ones stay online)."""

    changefreq = "monthly"

    def items(self):
        home = SiteSettings.current().home_union
        unions = Union.objects.filter(kind=Union.Kind.PROVINCIAL).order_by("slug")
        if home is not None:
            unions = unions.exclude(pk=home.pk)  # its page is the about page
        return ["unions:network", *unions]
