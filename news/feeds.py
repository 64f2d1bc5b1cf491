"""RSS and Atom feeds of the latest articles, per language (the URL's), per category and per
series."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from unions.models import SiteSettings

from .models import Article, Category, Series

ITEMS = 20


class LatestRss(Feed):
    def get_object(self, request, slug=None):
        if slug is None:
            return None
        language = translation.get_language()
        return get_object_or_404(Category, **{Category.slug_field(language): slug})

    def _site_name(self):
        union = SiteSettings.current().home_union
        return union.name if union else _("Friendship union portal")

    def title(self, obj):
        if obj is None:
            return f"{self._site_name()}: {_('News')}"
        return f"{self._site_name()}: {obj.name}"

    def link(self, obj):
        if obj is None:
            from django.urls import reverse

            return reverse("news:index")
        return obj.get_absolute_url()

    def description(self, obj):
        if obj is None:
            return _("The latest news of %(name)s.") % {"name": self._site_name()}
        return obj.description or obj.name

    subtitle = description

    def items(self, obj):
        # Not the bodies nor their search copies: a feed item is the summary and a link.
        articles = Article.objects.published().for_list("author", "updated_at")
        if obj is not None:
            articles = articles.filter(category=obj)
        return articles[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [item.category.name]


class LatestAtom(LatestRss):
    feed_type = Atom1Feed


class SeriesRss(LatestRss):
    """A series' latest articles (newest first, as feed readers expect: the series page has
    the editors' order)."""

    def get_object(self, request, slug):
        language = translation.get_language()
        return get_object_or_404(Series, **{Series.slug_field(language): slug})

    def title(self, obj):
        return f"{self._site_name()}: {obj.title}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description or obj.title

    subtitle = description

    def items(self, obj):
        articles = Article.objects.published().for_list("author", "updated_at")
        return articles.filter(series_entries__series=obj)[:ITEMS]


class SeriesAtom(SeriesRss):
    feed_type = Atom1Feed
