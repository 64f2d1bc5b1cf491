from portal.sitemaps import PublishedPagesSitemap

from .models import Event


class EventSitemap(PublishedPagesSitemap):
    """The upcoming and past lists and every published event, in both languages. The month
    pages are not listed: they are many, mostly empty, and linked from the lists."""

    changefreq = "weekly"

    lists = ["events:upcoming", "events:past"]
    route = "events:event"

    def published(self):
        return Event.objects.published().order_by("-starts_at", "pk")
