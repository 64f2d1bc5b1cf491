from django import template
from django.template.defaultfilters import truncatewords
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from news.models import Article, Category
from portal.templatetags.dates import date
from portal.templatetags.images import picture

register = template.Library()

CARD_SIZES = "(min-width: 64rem) 320px, (min-width: 40rem) 50vw, 100vw"
CARD = """<article class="news-card">
  {image}
  <div class="news-card__body">
    {category}
    <{heading} class="news-card__title"><a href="{url}">{title}</a></{heading}>
    <p class="news-card__meta muted"><time datetime="{iso}">{date}</time></p>
    {summary}
  </div>
</article>
"""


@register.simple_tag
def news_card(article, compact=False, show_category=False, heading="h3"):
    """An article in a list: its picture (not when `compact`), category (`show_category`),
    title as `heading`, date and the start of its summary (not when `compact`).

    Written here rather than in a template: a list page shows 12 to 20 of them, and an
    included template cost about 0.5 ms each to render, most of a list page's time; this
    costs a tenth of that. Its markup is the template's, byte for byte
    (tests/news/test_card.py)."""
    url = article.get_absolute_url()
    image = category = summary = ""
    if article.cover and not compact:
        image = format_html(
            '<a class="news-card__image" href="{}" tabindex="-1" aria-hidden="true">{}</a>',
            url,
            picture(article.cover, alt="", sizes=CARD_SIZES),
        )
    if show_category:
        category = format_html(
            '<p class="news-card__category"><a href="{}">{}</a></p>',
            article.category.get_absolute_url(),
            article.category.name,
        )
    if article.summary and not compact:
        summary = format_html(
            '<p class="news-card__summary">{}</p>', truncatewords(article.summary, 40)
        )
    published = template_localtime(article.published_at)
    return mark_safe(  # noqa: S308 - every part is escaped or built by format_html
        CARD.format(
            image=image,
            category=category,
            heading=conditional_escape(heading or "h3"),
            url=conditional_escape(url),
            title=conditional_escape(article.title),
            iso=conditional_escape(date(published, "c")),
            date=conditional_escape(date(published)),
            summary=summary,
        )
    )


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
    """The categories under "News & Events" in the main menu."""
    return Category.kept()


@register.simple_tag
def most_read():
    """The most read articles of the last 7 and 30 days in the reader's language
    (news.readings.most_read: kept for the content generation, a few minutes at most)."""
    from news import readings

    return readings.most_read()
