from django.utils.functional import cached_property

from portal.i18n import PathPattern
from portal.sitemaps import PortalSitemap

from .models import SiteSettings, Union


class UnionsSitemap(PortalSitemap):
    """The network page and every provincial union's page (merged ones stay online)."""

    changefreq = "monthly"

    def items(self):
        home = SiteSettings.current().home_union
        unions = Union.objects.filter(kind=Union.Kind.PROVINCIAL).order_by("slug").only("slug")
        if home is not None:
            unions = unions.exclude(pk=home.pk)  # its page is the about page
        return ["unions:network", *unions]

    @cached_property
    def paths(self):
        return PathPattern("unions:union", "slug")

    def location_in(self, item, language):
        if isinstance(item, str):
            return super().location_in(item, language)
        # Not get_absolute_url(): it reads the site settings for every union, and the home
        # union, the one it treats apart, is not listed.
        return self.paths(item.slug, language)
