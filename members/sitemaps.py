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
