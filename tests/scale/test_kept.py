"""What pages keep for a content generation (portal.cache.keep/kept, pagecache.generation):
read from the shared Redis cache once a process, the generation once a request, never stale."""

import shutil
import time

import pytest
from django.core.cache import cache as default_cache

from portal import cache as portal_cache
from portal import pagecache
from tests import factories

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server missing")


@pytest.fixture
def shared(settings, redis_url, round_trips):
    """The default cache on a real Redis server, as in production; its round trips counted."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.PortalRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "test-kept",
        }
    }
    default_cache.clear()
    portal_cache.forget_local()
    yield round_trips(default_cache)
    default_cache.clear()


def test_a_built_page_asks_the_shared_cache_for_the_generation_only(
    shared, client, home_union, category, settings
):
    """Fragments, counts, menus and the site settings of the generation are kept in the
    process: a list page read seven to eleven values from Redis a request before."""
    settings.PAGE_CACHE = False  # every page built
    article = factories.article(category=category, title_vi="Bài một", slug_vi="bai-mot")
    pages = ["/vi/", "/vi/tin-tuc/", "/en/", "/vi/gioi-thieu/", article.get_absolute_url("vi")]
    for path in pages:
        assert client.get(path).status_code == 200
    for path in pages:
        shared.clear()
        assert client.get(path).status_code == 200
        # The generation; on the article, its reading counted too.
        assert len(shared) == (2 if "bai-mot" in path else 1), path


def test_a_save_is_seen_by_the_next_request(shared, client, category):
    """Another process's save moves the generation in Redis; nothing this process keeps is
    read under the new one."""
    factories.article(category=category, title_vi="Bài cũ", slug_vi="bai-cu")
    assert "Bài cũ" in client.get("/vi/tin-tuc/").content.decode()
    category.name_vi = "Chuyên mục mới"
    category.save()
    body = client.get("/vi/tin-tuc/").content.decode()
    assert "Chuyên mục mới" in body  # in the menu and the aside, kept fragments both


def test_kept_values_end_at_their_time_and_survive_only_in_their_version(shared):
    portal_cache.keep("k:1", ["value"], time.time() + 0.3)
    assert portal_cache.kept("k:1") == ["value"]
    # The process's copy answers without a round trip.
    shared.clear()
    assert portal_cache.kept("k:1") == ["value"]
    assert shared == []
    # Another process reads it from Redis.
    portal_cache.forget_local()
    assert portal_cache.kept("k:1") == ["value"]
    time.sleep(0.35)
    assert portal_cache.kept("k:1") is None
    assert portal_cache.kept("never-kept") is None


def test_the_generation_is_never_reused_after_the_cache_is_lost(shared):
    """A Redis restart (or eviction) loses the counter: it starts again above every value it
    had, so a copy a process keeps under an old generation is never taken for a new one."""
    first = pagecache.generation()
    pagecache.bump()
    pagecache.bump()
    second = pagecache.generation()
    assert second > first
    default_cache.clear()
    assert pagecache.generation() > second
    default_cache.delete(pagecache.GENERATION_KEY)
    pagecache.bump()  # incremented while lost: a fresh value too
    assert pagecache.generation() > second
