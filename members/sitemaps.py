from django.utils.functional import cached_property

from portal.i18n import PathPattern
from portal.sitemaps import PortalSitemap

from .models import Association


class MembersSitemap(PortalSitemap):
    """The associations list, each association and the join form. Never members."""

    changefreq = "monthly"

    def items(self):
        return [
            "members:associations",
            "members:join",
            *Association.objects.order_by("slug").only("slug"),
        ]

    @cached_property
    def paths(self):
        return PathPattern("members:association", "slug")

    def location_in(self, item, language):
        if isinstance(item, str):
            return super().location_in(item, language)
        return self.paths(item.slug, language)
