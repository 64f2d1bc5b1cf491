"""portal.cache: Django's Redis backend, one client per connection pool."""

import shutil
import threading

import pytest

from portal.cache import PortalRedisCache

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server missing")


@pytest.fixture
def cache(redis_url):
    backend = PortalRedisCache(redis_url, {"KEY_PREFIX": "test-redis-cache"})
    backend.clear()
    return backend


def test_it_is_the_django_cache_with_one_client(cache):
    cache.set("page", ("generation", b"<html>"), 30)
    assert cache.get_many(["page", "missing"]) == {"page": ("generation", b"<html>")}
    assert cache.add("count", 1) is True
    assert cache.add("count", 5) is False
    assert cache.incr("count") == 2
    with pytest.raises(ValueError):
        cache.incr("never-set")
    assert cache.delete("page") is True
    assert cache.get("page") is None
    # Every call went through the same redis.Redis object (Django makes one per call).
    assert len(cache._cache._clients) == 1


def test_incr_is_one_round_trip(cache, round_trips):
    """An article's reading is counted with one command, not Django's two (exists, incr)."""
    cache.set("count", 40, None)
    taken = round_trips(cache)
    assert cache.incr("count", 2) == 42
    assert len(taken) == 1
    with pytest.raises(ValueError):
        cache.incr("never-set")
    assert len(taken) == 2
    assert cache.get("never-set") is None  # not created by the attempt
    assert cache.decr("count") == 41


def test_threads_share_the_client_safely(cache):
    cache.set("count", 0, None)

    def count():
        for _ in range(200):
            cache.incr("count")

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("count") == 800
