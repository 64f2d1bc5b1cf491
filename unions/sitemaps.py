from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import SiteSettings, Union


class UnionsSitemap(Sitemap):
    """The network page and every provincial union's page (merged ones stay online)."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        home = SiteSettings.current().home_union
        unions = Union.objects.filter(kind=Union.Kind.PROVINCIAL).order_by("slug")
        if home is not None:
            unions = unions.exclude(pk=home.pk)  # its page is the about page
        return ["unions:network", *unions]

    def location(self, item):
        if isinstance(item, str):
            return reverse(item)
        return reverse("unions:union", kwargs={"slug": item.slug})
