"""The page cache (portal/pagecache.py): per URL and language, dropped on every content change."""

import re

import pytest
from django.test import Client

from news.models import Article
from portal.pagecache import VIEW_BATCH
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings, home_union):
    settings.PAGE_CACHE = True
    return settings


@pytest.fixture
def article():
    return factories.article(title_vi="Gặp mặt hữu nghị", title_en="A friendship meeting")


def test_a_page_is_served_from_the_cache_until_content_changes(page_cache, article):
    client = Client()
    first = client.get("/vi/tin-tuc/")
    assert "X-Page-Cache" not in first
    second = client.get("/vi/tin-tuc/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Headers of the page frame are still set on a cached page.
    assert second["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in second

    # Each language is its own page.
    english = client.get("/en/news/")
    assert "X-Page-Cache" not in english
    assert "A friendship meeting" in english.text

    article.title_en = "A new title"
    article.save()
    again = client.get("/en/news/")
    assert "X-Page-Cache" not in again
    assert "A new title" in again.text
    assert "X-Page-Cache" not in client.get("/vi/tin-tuc/")


def test_a_publish_or_an_unpublish_shows_at_once(page_cache, article):
    client = Client()
    client.get("/vi/tin-tuc/")
    assert client.get("/vi/tin-tuc/")["X-Page-Cache"] == "hit"
    article.status = Article.Status.DRAFT
    article.save()
    page = client.get("/vi/tin-tuc/")
    assert "Gặp mặt hữu nghị" not in page.text


def test_signed_in_people_and_messages_bypass_the_cache(page_cache, article, admin_client):
    Client().get("/vi/tin-tuc/")
    assert "X-Page-Cache" not in admin_client.get("/vi/tin-tuc/")
    client = Client()
    client.cookies["messages"] = "x"
    assert "X-Page-Cache" not in client.get("/vi/tin-tuc/")


def test_each_reader_gets_a_working_comment_form(page_cache, article):
    path = article.get_absolute_url("vi")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(path)
    page = second.get(path)
    assert page["X-Page-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    assert "@@" not in token
    assert "csrftoken" in page.cookies
    response = second.post(
        _comment_url(article),
        {
            "csrfmiddlewaretoken": token,
            "name": "Bạn đọc",
            "email": "reader@example.com",
            "body": "Cảm ơn bài viết.",
            "consent": "on",
        },
    )
    assert response.status_code == 302  # a CSRF failure would be 403


def test_readings_of_a_cached_article_are_counted(page_cache, article):
    path = article.get_absolute_url("vi")
    Client().get(path)  # the reading that built the page, counted as the copy's are
    # Readings reach the database ten at a time (news.readings), the copy's with the rest.
    for _ in range(VIEW_BATCH - 1):
        assert Client().get(path)["X-Page-Cache"] == "hit"
        article.refresh_from_db()
        assert article.view_count in (0, VIEW_BATCH)
    assert article.view_count == VIEW_BATCH
    for _ in range(VIEW_BATCH):
        assert Client().get(path)["X-Page-Cache"] == "hit"
    article.refresh_from_db()
    assert article.view_count == 2 * VIEW_BATCH


def test_off_by_default_without_a_shared_cache(settings, article, home_union):
    assert settings.PAGE_CACHE is False
    client = Client()
    client.get("/vi/tin-tuc/")
    assert "X-Page-Cache" not in client.get("/vi/tin-tuc/")


def _comment_url(article):
    from django.urls import reverse
    from django.utils import translation

    with translation.override("vi"):
        return reverse("news:comment", kwargs={"slug": article.slug_vi})


def test_approving_or_rejecting_a_comment_shows_at_once(page_cache, article, staff):
    """The moderation actions change comments with QuerySet.update(), which sends no signal."""
    from news.models import Comment

    comment = Comment.objects.create(
        article=article, name="Bạn đọc", email="r@example.com", body="Bình luận chờ duyệt"
    )
    path = article.get_absolute_url("vi")
    reader = Client()
    reader.get(path)
    assert reader.get(path)["X-Page-Cache"] == "hit"
    editor = Client()
    editor.force_login(staff("Editor"))
    changelist = "/vi/admin/news/comment/"
    for action, shown in (("approve", True), ("reject", False)):
        response = editor.post(changelist, {"action": action, "_selected_action": [comment.pk]})
        assert response.status_code == 302
        page = reader.get(path)
        assert "X-Page-Cache" not in page
        assert ("Bình luận chờ duyệt" in page.text) is shown, action


def test_made_up_query_parameters_store_no_pages(page_cache, article):
    """1,000 requests with random ?x= values add no page to the cache (they are answered from
    the page without it), so they cannot push out the comment form's rate-limit counters."""
    import random

    from django.core.cache import cache

    path = article.get_absolute_url("vi")
    reader = Client(REMOTE_ADDR="203.0.113.9")
    data = {
        "name": "Bạn đọc",
        "email": "r@example.com",
        "body": "Cảm ơn bài viết.",
        "consent": "on",
    }
    assert reader.post(_comment_url(article), data).status_code == 302
    counters = [key for key in cache._cache if ":ratelimit:comments:" in key]
    assert len(counters) == 1
    Client().get(path)  # the page, as a reader without parameters gets it
    before = len(cache._cache)
    rng = random.Random(13)
    for _ in range(1000):
        response = Client().get(f"{path}?x={rng.getrandbits(64):x}")
        assert response["X-Page-Cache"] == "hit"  # the stored page of the plain URL
    assert len(cache._cache) <= before + 1  # the article's reading counter
    assert counters[0] in cache._cache
    # The counter still counts: the third comment is the last one allowed.
    assert reader.post(_comment_url(article), data).status_code == 302
    assert reader.post(_comment_url(article), data).status_code == 302
    assert reader.post(_comment_url(article), data).status_code == 429


def test_a_page_is_keyed_by_the_parameters_it_reads(page_cache, article):
    for _ in range(3):
        factories.article(category=article.category)
    client = Client()
    first = client.get("/vi/tin-tuc/?page=1")
    assert "X-Page-Cache" not in first
    # The same parameter, other made-up ones around it: the stored page.
    assert client.get("/vi/tin-tuc/?utm_source=x&page=1")["X-Page-Cache"] == "hit"
    # Another spelling of the same page is answered but not stored.
    assert "X-Page-Cache" not in client.get("/vi/tin-tuc/?page=01")
    assert "X-Page-Cache" not in client.get("/vi/tin-tuc/?page=01")
    # A parameter the page does not read never stores a page; the search reads ?q=.
    assert "X-Page-Cache" not in client.get("/vi/tin-tuc/?q=hop")
    assert "X-Page-Cache" not in client.get("/vi/tin-tuc/?q=hop")
    client.get("/vi/tin-tuc/")
    assert client.get("/vi/tin-tuc/?q=hop")["X-Page-Cache"] == "hit"  # /vi/tin-tuc/'s own page
    client.get("/vi/tim-kiem/?q=hop")
    assert client.get("/vi/tim-kiem/?q=hop")["X-Page-Cache"] == "hit"
    # Sitemap files keep their own copies (portal.sitemaps), by ?p=: another page is not the
    # first one's copy.
    assert client.get("/sitemap-news.xml").status_code == 200
    assert "X-Page-Cache" not in client.get("/sitemap-news.xml")
    assert client.get("/sitemap-news.xml?p=2").status_code == 404
