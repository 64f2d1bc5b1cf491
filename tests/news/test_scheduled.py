"""A scheduled article appears at its time wherever readers look: the home page, the news
list, its category and month, the feed, search, its own address, the sitemap and the related
articles of another, in both
languages; with the page cache on too, within a second (a kept page or sitemap file expires
when the next scheduled article comes due: portal.pagecache.keep_until)."""

import datetime
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from news.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

DUE_IN = 3  # seconds from now: long enough to look everywhere first


@pytest.fixture
def scheduled(home_union):
    category = factories.category()
    factories.article(category=category, title_vi="Tin đã đăng", title_en="Already published")
    return factories.article(
        category=category,
        title_vi="Lễ kỷ niệm hẹn giờ quyetthang",
        title_en="A scheduled quyetthang anniversary",
        published_at=timezone.now() + datetime.timedelta(seconds=DUE_IN),
    )


def places(article, language):
    """{where: (path, what shows the article there)}."""
    published = timezone.localtime(article.published_at)
    neighbour = Article.objects.get(title_vi="Tin đã đăng")
    with translation.override(language):
        link = article.get_absolute_url(language)
        return {
            "home": (reverse("home"), link),
            "news list": (reverse("news:index"), link),
            "category": (article.category.get_absolute_url(language), link),
            "month": (
                reverse("news:archive", kwargs={"year": published.year, "month": published.month}),
                link,
            ),
            "feed": (reverse("news:rss"), link),
            "search": (f"{reverse('search:results')}?q=quyetthang", link),
            "sitemap": ("/sitemap-news.xml", link),
            # A kept part of another page (a shared fragment) too.
            "related articles": (neighbour.get_absolute_url(language), link),
        }


def shown(client, article):
    """{(where, language): whether the article shows there}, and its own page's status."""
    found = {}
    for language in ("vi", "en"):
        for where, (path, needle) in places(article, language).items():
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (where, language, path)
            found[(where, language)] = needle in response.content.decode()
        own = client.get(article.get_absolute_url(language)).status_code
        found[("own page", language)] = own == 200
    return found


def wait_until(moment):
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.1)


def test_a_scheduled_article_appears_everywhere_at_its_time(scheduled):
    client = Client()
    before = shown(client, scheduled)
    assert not any(before.values()), before
    assert timezone.now() < scheduled.published_at, "looked too slowly: the test proves nothing"
    wait_until(scheduled.published_at)
    after = shown(client, scheduled)
    assert all(after.values()), {where: seen for where, seen in after.items() if not seen}


def test_with_the_page_cache_on_too(scheduled, settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60  # far longer than the wait for the article to come due
    client = Client()
    before = shown(client, scheduled)  # every page now kept, the sitemap's files too
    assert not any(before.values()), before
    assert client.get("/vi/tin-tuc/")["X-Page-Cache"] == "hit"
    assert timezone.now() < scheduled.published_at, "looked too slowly: the test proves nothing"
    # Kept pages and files expire within a second of the article's time (their lifetime is
    # rounded up to whole seconds), not PAGE_CACHE_SECONDS later.
    wait_until(scheduled.published_at + datetime.timedelta(seconds=1))
    after = shown(client, scheduled)
    assert all(after.values()), {where: seen for where, seen in after.items() if not seen}
