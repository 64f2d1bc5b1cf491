from django import template
from django.core.cache import cache

from news.models import Article, Category
from portal import pagecache

register = template.Library()


@register.simple_tag
def articles_about(organisation, limit=5):
    """The latest published articles (in the reader's language) about a union or association."""
    return list(
        Article.objects.published()
        .concerning(organisation)
        .for_list()
        .order_by("-published_at")[:limit]
    )


@register.simple_tag
def menu_categories():
    """The categories under "News & Events" in the main menu. Every page shows them, so they
    are kept per content generation (a renamed or added category shows on the next page built),
    as rows: their names and addresses are read in the reader's language."""
    key = f"news:menu-categories:{pagecache.generation()}"
    categories = cache.get(key)
    if categories is None:
        categories = list(Category.objects.all())
        cache.set(key, categories, 3600)
    return categories


@register.simple_tag
def most_read():
    """The most read articles of the last 7 and 30 days in the reader's language
    (news.readings.most_read: kept for the content generation, a few minutes at most)."""
    from news import readings

    return readings.most_read()
