from django.utils.functional import cached_property

from portal.i18n import PathPattern
from portal.sitemaps import Chain, PortalSitemap

from .models import Event


class EventSitemap(PortalSitemap):
    """The upcoming and past lists and every published event, in both languages. The month
    pages are not listed: they are many, mostly empty, and linked from the lists."""

    changefreq = "weekly"

    def items(self):
        events = Event.objects.published().only("slug", "updated_at")
        return Chain(["events:upcoming", "events:past"], events.order_by("-starts_at", "pk"))

    @cached_property
    def paths(self):
        return PathPattern("events:event", "slug")

    def location_in(self, item, language):
        if isinstance(item, str):
            return super().location_in(item, language)
        return self.paths(item.slug, language)

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at
