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
    Client().get(path)
    article.refresh_from_db()
    assert article.view_count == 1  # the reading that built the page
    # Readings of the cached page reach the database ten at a time.
    for _ in range(VIEW_BATCH):
        assert Client().get(path)["X-Page-Cache"] == "hit"
    article.refresh_from_db()
    assert article.view_count == 1 + VIEW_BATCH


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
