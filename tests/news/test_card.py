"""`{% news_card %}` (news/templatetags/news.py) writes the markup the card's template wrote,
byte for byte, in both languages, with and without picture, category and summary."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from news.models import Article
from tests import factories

# The template the tag replaced (templates/news/_card.html until 2026-12-07).
CARD_TEMPLATE = """{% load i18n images %}{% with url=article.get_absolute_url %}<article class="news-card">
  {% if article.cover and not compact %}<a class="news-card__image" href="{{ url }}" tabindex="-1" aria-hidden="true">{% picture article.cover alt="" sizes="(min-width: 64rem) 320px, (min-width: 40rem) 50vw, 100vw" %}</a>{% endif %}
  <div class="news-card__body">
    {% if show_category %}<p class="news-card__category"><a href="{{ article.category.get_absolute_url }}">{{ article.category.name }}</a></p>{% endif %}
    {% with tag=heading|default:"h3" %}<{{ tag }} class="news-card__title"><a href="{{ url }}">{{ article.title }}</a></{{ tag }}>{% endwith %}
    <p class="news-card__meta muted"><time datetime="{{ article.published_at|date:'c' }}">{{ article.published_at|date }}</time></p>
    {% if article.summary and not compact %}<p class="news-card__summary">{{ article.summary|truncatewords:40 }}</p>{% endif %}
  </div>
</article>{% endwith %}
"""  # noqa: E501
TAG = """{% load news %}{% news_card article compact=compact show_category=show_category heading=heading %}"""  # noqa: E501


@pytest.fixture
def articles(category, jpeg_upload):
    long_summary = " ".join(f"từ{n}" for n in range(60)) + " <b>&</b>"
    made = [
        factories.article(
            category=category,
            title_vi='Hội hữu nghị "Việt – Lào" <b>&</b>',
            title_en="Friendship & co",
            summary_vi=long_summary,
            summary_en="Short <i>summary</i>",
            cover=jpeg_upload,
        ),
        factories.article(category=category, title_vi="Không ảnh", summary_vi=""),
        factories.article(
            category=category,
            title_vi="Nửa đêm",
            published_at=timezone.make_aware(datetime.datetime(2024, 12, 31, 23, 30)),
        ),
    ]
    return Article.objects.for_list().filter(pk__in=[a.pk for a in made])


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"compact": True},
        {"show_category": True, "heading": "h2"},
        {"show_category": True, "heading": ""},
    ],
)
def test_the_card_is_the_templates(articles, language, options):
    rendered = []
    with translation.override(language):
        for article in articles:
            if language == "en" and not article.title_en:
                continue
            context = {"compact": False, "show_category": False, "heading": None}
            context |= {"article": article, **options}
            expected = Template(CARD_TEMPLATE).render(Context(context))
            assert Template(TAG).render(Context(context)) == expected
            assert "<b>" not in expected
            rendered.append(expected)
    everything = "".join(rendered)
    assert ("<picture" in everything) is not options.get("compact", False)
    assert ("news-card__category" in everything) is options.get("show_category", False)
