"""What the page cache (portal.pagecache) needs from news, found through portal.registry."""

from django.utils import translation

from news import readings
from news.models import Article


def next_change():
    """The next scheduled publication or expiry of an article (a cached page must not outlive
    it: nothing is saved then, so the page cache's generation does not move)."""
    return Article.objects.next_change()


def count_article_view(request, kwargs):
    """A reading of an article served from the cache is counted as the view counts it
    (news.readings: in the shared cache, VIEW_BATCH at a time into the database)."""
    pk = kwargs.get("pk")
    if pk is None:  # a copy stored before pages carried the article's id
        field = Article.slug_field(translation.get_language())
        pk = Article.objects.filter(**{field: kwargs.get("slug")}).values_list("pk").first()
        pk = pk and pk[0]
    if pk is not None:
        readings.count(pk)


# What a view does on every request besides rendering, done again when its page is served
# from the cache: URL name -> callable(request, url_kwargs).
HIT_HOOKS = {"news:article": count_article_view}
