from django import template

from news.models import Article

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
