"""A reader's journeys through the most read articles and a series (Chuyên đề), on a phone and
a desktop, in both languages, on the demo site; screenshots in test-artifacts/."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1280)


@pytest.fixture
def demo_site(db):
    from members import demo as members_demo
    from news import demo as news_demo
    from unions import demo as unions_demo

    unions_demo.load(io.StringIO())
    members_demo.load(io.StringIO())
    news_demo.load(io.StringIO())


def url(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def fits(page, path, width):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls sideways at {width}px"


def most_read_on_the_home_page(page, live_server, artifacts, language, width):
    page.goto(live_server.url + url(language, "home"))
    box = page.locator("section.news-most-read")
    assert box.count() == 1
    lists = box.locator("ol")
    assert lists.count() == 2
    assert lists.nth(0).locator("li").count() == 5
    week, month = (lists.nth(n).locator("a").all_inner_texts() for n in (0, 1))
    assert week != month  # the demo's readings differ between the two periods
    sample = "[Bài mẫu]" if language == "vi" else "[Sample]"
    assert all(title.startswith(sample) for title in week + month)  # the demo's samples only
    fits(page, "home", width)
    box.scroll_into_view_if_needed()
    box.screenshot(path=str(artifacts / f"news-most-read-{language}-{width}.png"))
    page.screenshot(path=str(artifacts / f"news-home-{language}-{width}.png"), full_page=True)
    # The first of the week leads to its article.
    first = lists.nth(0).locator("a").first
    title = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == title


def from_an_article_to_its_series(page, live_server, artifacts, language, width):
    from news.models import Article

    article = Article.objects.get(slug_vi="bai-mau-12")  # the second of the Laos series
    page.goto(live_server.url + article.get_absolute_url(language))
    box = page.locator("section.news-series")
    assert box.count() == 1
    items = box.locator("ol li")
    assert items.count() == 3
    assert items.nth(1).get_attribute("aria-current") == "page"
    assert items.nth(1).locator("a").count() == 0
    fits(page, "article", width)
    box.scroll_into_view_if_needed()
    box.screenshot(path=str(artifacts / f"news-series-box-{language}-{width}.png"))
    series_title = box.locator("h2").inner_text()
    box.locator("h2 a").click()
    assert page.locator("h1").inner_text() == series_title
    cards = page.locator(".news-series-page > li")
    assert cards.count() == 3
    assert cards.nth(1).locator("h2").inner_text() == getattr(article, f"title_{language}")
    fits(page, "series", width)
    page.screenshot(
        path=str(artifacts / f"news-series-page-{language}-{width}.png"), full_page=True
    )
    # The index of series leads back to it.
    page.goto(live_server.url + url(language, "news:series_index"))
    assert page.locator(".news-card__title").count() == 2
    fits(page, "series index", width)
    page.screenshot(
        path=str(artifacts / f"news-series-index-{language}-{width}.png"), full_page=True
    )


def an_expired_article_says_so(page, live_server, artifacts, width):
    from news.models import Article

    article = Article.objects.get(slug_vi="bai-mau-02")
    article.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    article.published_at = timezone.now() - datetime.timedelta(days=2)
    article.save()
    for language in ("vi", "en"):
        response = page.goto(live_server.url + article.get_absolute_url(language))
        assert response.status == 410
        assert page.locator("h1").count() == 1
        fits(page, "withdrawn", width)
        page.screenshot(path=str(artifacts / f"news-withdrawn-{language}-{width}.png"))


@pytest.mark.parametrize("width", WIDTHS)
def test_most_read_series_and_expiry(page, live_server, artifacts, demo_site, width):
    """One demo load a width (it takes most of the time): every journey in both languages."""
    page.set_viewport_size({"width": width, "height": 900})
    for language in ("vi", "en"):
        most_read_on_the_home_page(page, live_server, artifacts, language, width)
        from_an_article_to_its_series(page, live_server, artifacts, language, width)
    an_expired_article_says_so(page, live_server, artifacts, width)
