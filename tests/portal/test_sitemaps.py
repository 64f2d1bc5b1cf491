"""The sitemap (portal/sitemaps.py): files kept in the shared cache per content generation and
until the next scheduled publication, built with a flat number of queries, paged by seeking."""

import datetime
import io
import re
import types
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from news.models import Article
from news.sitemaps import ArticleSitemap
from portal import sitemaps
from portal.i18n import PathPattern
from portal.sitemaps import PortalSitemap
from portal.urls import SITEMAPS
from tests import factories
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ARTICLE_LOC = re.compile(r"<loc>[^<]*/(?:tin-tuc|news)/([^/<]+)/</loc>")


@pytest.fixture
def kept(settings, home_union):
    """The sitemap's own cache on (it is when the page cache is), the page cache's middleware
    out, so that what is measured is the sitemap's cache."""
    settings.PAGE_CACHE = True
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("PageCacheMiddleware")]
    return settings


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 3)


def get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, len(queries)


def article_slugs(xml):
    return ARTICLE_LOC.findall(xml)


def test_a_file_is_kept_until_content_changes(kept):
    first = factories.article(title_vi="Gặp mặt", title_en="A meeting")
    client = Client()
    for path in ("/sitemap.xml", "/sitemap-news.xml"):
        built, queries = get(client, path)
        assert built.status_code == 200 and queries > 0
        again, queries = get(client, path)
        assert queries == 0, path
        assert again.content == built.content
        for header in ("Content-Type", "X-Robots-Tag", "Last-Modified"):
            assert again.get(header) == built.get(header), (path, header)
    assert again["Content-Type"] == "application/xml"
    assert again["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert first.slug_vi in again.text
    index = client.get("/sitemap.xml").text

    # A publish shows at once, in every file (the index's lastmod of the news section).
    second = factories.article(title_vi="Hội nghị", title_en="A conference")
    assert client.get("/sitemap.xml").text != index
    assert second.slug_vi in client.get("/sitemap-news.xml").text
    assert second.slug_en in client.get("/sitemap-news.xml").text
    # An unpublish too.
    second.status = Article.Status.DRAFT
    second.save()
    assert second.slug_vi not in client.get("/sitemap-news.xml").text


def test_each_page_is_its_own_file_and_only_pages_that_exist_are_kept(kept, small_pages):
    for _ in range(4):  # 8 entries: pages 1 to 3
        factories.article()
    client = Client()
    pages = [client.get(f"/sitemap-news.xml?p={page}").text for page in (1, 2, 3)]
    assert len({tuple(article_slugs(page)) for page in pages}) == 3
    assert client.get("/sitemap-news.xml?p=4").status_code == 404
    assert client.get("/sitemap-news.xml?p=4").status_code == 404
    # Another spelling of page 2 is Django's answer, built each time.
    assert get(client, "/sitemap-news.xml?p=02")[1] > 0
    assert get(client, "/sitemap-news.xml?p=02")[1] > 0
    assert client.get("/sitemap-news.xml?p=02").text == pages[1]


def test_a_scheduled_article_shows_within_a_second_of_its_time(kept, monkeypatch):
    factories.article(title_vi="Đã đăng", title_en="Published")
    due = timezone.now() + datetime.timedelta(seconds=30)
    scheduled = factories.article(title_vi="Hẹn giờ", title_en="Scheduled", published_at=due)
    client = Client()
    assert scheduled.slug_vi not in client.get("/sitemap-news.xml").text
    index = client.get("/sitemap.xml").text

    # Coming due saves nothing: the content generation stays where it was.
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now())

    def clock(seconds_after_due):
        # The local-memory cache's own clock, moved on: its entries expire by it.
        now = due.timestamp() + seconds_after_due
        monkeypatch.setattr(
            "django.core.cache.backends.locmem.time", types.SimpleNamespace(time=lambda: now)
        )

    clock(-2)
    assert scheduled.slug_vi not in client.get("/sitemap-news.xml").text
    assert client.get("/sitemap.xml").text == index
    # One second after its time (and the microseconds between computing the timeout and
    # storing the file), both files are built again.
    clock(1.01)
    assert scheduled.slug_vi in client.get("/sitemap-news.xml").text
    # The index's lastmod of the news section is now the scheduled article's.
    assert client.get("/sitemap.xml").text != index


def test_the_timeout_is_the_time_left_before_the_next_publication(db, settings):
    assert sitemaps.next_publication(SITEMAPS.values()) is None
    assert sitemaps._timeout(None) == settings.PAGE_CACHE_SECONDS
    due = timezone.now() + datetime.timedelta(seconds=41.5)
    factories.article(published_at=due)
    factories.article(published_at=due + datetime.timedelta(hours=1))
    factories.article(published_at=due - datetime.timedelta(days=1))
    factories.article(
        published_at=due - datetime.timedelta(seconds=40), status=Article.Status.DRAFT
    )
    assert sitemaps.next_publication(SITEMAPS.values()) == due
    assert sitemaps._timeout(due) == 42
    assert sitemaps._timeout(timezone.now() + datetime.timedelta(milliseconds=100)) == 1
    assert sitemaps._timeout(timezone.now() - datetime.timedelta(seconds=5)) == 1
    assert (
        sitemaps._timeout(timezone.now() + datetime.timedelta(days=2))
        == settings.PAGE_CACHE_SECONDS
    )


def counts(client):
    """Queries of a first request (site settings uncached too) of every file: the index, each
    section's first page, and of the articles a page within the Vietnamese ones and the last."""
    last = -(-len(ArticleSitemap()._items()) // ArticleSitemap.limit)
    paths = ["/sitemap.xml", "/sitemap-news.xml?p=2", f"/sitemap-news.xml?p={last}"]
    paths += [f"/sitemap-{section}.xml" for section in SITEMAPS]
    result = {}
    for path in paths:
        cache.clear()
        response, queries = get(client, path)
        assert response.status_code == 200, path
        result[path.split("=")[0]] = queries
    return result


def test_queries_are_few_and_do_not_grow_with_the_articles(home_union, small_pages):
    client = Client()
    for _ in range(9):
        factories.article()
    factories.article(title_en="")
    small = counts(client)
    for _ in range(30):
        factories.article()
    assert counts(client) == small
    # The index is built once per content generation (portal.sitemaps keeps it): the sections
    # read as lists, one query counting every other section in each language
    # (count_together), the articles' latest change and the site settings; fewer than one a
    # section, and none an article.
    assert small.pop("/sitemap.xml") < len(SITEMAPS)
    assert max(small.values()) <= 12, small


def test_pages_list_every_article_once_newest_first_in_each_language(client, small_pages):
    # Articles of the same second: the page boundaries fall between them.
    moment = timezone.now() - datetime.timedelta(hours=1)
    for n in range(7):
        factories.article(published_at=moment - datetime.timedelta(days=n % 3))
    factories.article(published_at=moment, title_en="")
    articles = list(Article.objects.published("vi").order_by("-published_at", "-id"))
    expected = [(a.slug_vi, "vi") for a in articles]
    expected += [(a.slug_en, "en") for a in articles if a.slug_en]

    pages = -(-len(expected) // ArticleSitemap.limit)
    assert pages == 5
    listed = []
    for page in range(1, pages + 1):
        response = client.get(f"/sitemap-news.xml?p={page}")
        assert response.status_code == 200
        for loc in ElementTree.fromstring(response.content).findall("sm:url/sm:loc", NS):  # noqa: S314
            language, _news, slug = urlsplit(loc.text).path.strip("/").split("/")
            listed.append((slug, language))
    assert listed == expected
    assert client.get(f"/sitemap-news.xml?p={pages + 1}").status_code == 404


def test_entries_have_their_alternates(client):
    both = factories.article()
    only_vi = factories.article(title_en="")
    root = ElementTree.fromstring(client.get("/sitemap-news.xml").content)  # noqa: S314
    entries = {
        url.find("sm:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        for url in root.findall("sm:url", NS)
    }
    vi = f"http://testserver{both.get_absolute_url('vi')}"
    en = f"http://testserver{both.get_absolute_url('en')}"
    assert entries[vi] == entries[en] == {"vi": vi, "en": en, "x-default": vi}
    alone = f"http://testserver{only_vi.get_absolute_url('vi')}"
    assert entries[alone] == {"vi": alone, "x-default": alone}
    assert len(entries) == 3


def test_paths_are_the_pages_own_addresses(client, home_union, monkeypatch, settings):
    """Sections build paths without reverse() per item (PathPattern): the same XML as with
    the objects' own get_absolute_url() in each language."""
    settings.PAGE_CACHE = False  # both readings built
    call_command("load_demo", "--no-users", stdout=io.StringIO())
    fast = sitemap_xml(client)
    assert "/vi/tin-tuc/" in fast and "/en/congresses/" in fast
    for section in SITEMAPS.values():
        if "location_in" in vars(section):
            monkeypatch.setattr(section, "location_in", PortalSitemap.location_in)
    monkeypatch.setattr(ArticleSitemap, "location", lambda self, item: item.get_absolute_url())
    assert sitemap_xml(client) == fast


def test_a_path_pattern_quotes_as_reverse_does():
    from django.urls import reverse

    project = PathPattern("aid:project", "reference")
    for reference in ("VN-2024.01_a", "a~b@c:d", "ngân-sách"):
        for language in ("vi", "en"):
            with translation.override(language):
                assert project(reference, language) == reverse(
                    "aid:project", kwargs={"reference": reference}
                )


def test_a_file_built_while_content_changes_is_not_kept_as_current(kept, monkeypatch):
    article = factories.article()
    client = Client()
    build = sitemaps._build

    def change_meanwhile(sections, make):
        result = build(sections, make)
        article.title_vi = "Đổi trong lúc dựng"
        article.save()  # the generation moves after the file was read
        return result

    monkeypatch.setattr(sitemaps, "_build", change_meanwhile)
    client.get("/sitemap-news.xml")
    monkeypatch.setattr(sitemaps, "_build", build)
    assert get(client, "/sitemap-news.xml")[1] > 0  # built again, not the stale copy


def test_without_a_shared_cache_every_request_is_built(settings, home_union):
    settings.PAGE_CACHE = False
    factories.article()
    client = Client()
    client.get("/sitemap.xml")
    assert get(client, "/sitemap.xml")[1] > 0


def test_a_file_missed_just_after_a_change_is_built_from_the_primary(kept, monkeypatch):
    """With read replicas, which may not have the change yet (as for cached pages)."""
    from portal import db, pagecache

    factories.article()
    pinned = []

    class Pin:
        def __enter__(self):
            pinned.append(True)

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(db, "replicas", lambda: ["replica"])
    monkeypatch.setattr(db, "pinned_to_primary", Pin)
    Client().get("/sitemap-news.xml?p=1")
    assert not pinned
    cache.set(pagecache.RECENT_CHANGE_KEY, 1, 10)
    pagecache.bump()
    Client().get("/sitemap-news.xml?p=1")
    assert pinned
