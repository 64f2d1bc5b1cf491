"""RSS and Atom feeds of the documents made public last, per language (the URL's), as the
news feeds are (news/feeds.py)."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from unions.models import SiteSettings

from .models import Document

ITEMS = 20


class LatestDocumentsRss(Feed):
    def _site_name(self):
        union = SiteSettings.current().home_union
        return union.name if union else _("Friendship union portal")

    def title(self):
        return f"{self._site_name()}: {_('Official documents')}"

    def link(self):
        return reverse("documents:list")

    def description(self):
        return _("The official documents published by %(name)s.") % {"name": self._site_name()}

    subtitle = description

    def items(self):
        # Newest first by the time each was made public: a decision of 1998 added today is news.
        return (
            Document.objects.published()
            .select_related("issuer")
            .defer("search_title", "search_text", "note")
            .order_by("-published_at", "-id")[:ITEMS]
        )

    def item_title(self, item):
        return f"{item.number} – {item.title}"

    def item_description(self, item):
        parts = [
            f"{item.get_kind_display()}, {item.issuer.name}, "
            + _("issued on %(date)s") % {"date": _date(item.date_issued)}
        ]
        if item.summary:
            parts.append(item.summary)
        return "\n\n".join(parts)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at or _midnight(item.date_issued)

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]


class LatestDocumentsAtom(LatestDocumentsRss):
    feed_type = Atom1Feed


def _date(value):
    from django.utils.formats import date_format

    return date_format(value)


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
