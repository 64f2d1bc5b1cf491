from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Association


class MembersSitemap(Sitemap):
    """The associations list, each association and the join form. Never members."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return [
            "members:associations",
            "members:join",
            *Association.objects.order_by("slug").only("slug"),
        ]

    def location(self, item):
        if isinstance(item, str):
            return reverse(item)
        return reverse("members:association", kwargs={"slug": item.slug})
