"""Django's own Redis cache backend, keeping one Redis client per connection pool; and the
version counters kept in the cache (the page cache's generation, the aid figures' version).

Django's RedisCacheClient makes a new `redis.Redis` object for every cache call, and
redis-py fills a table of about 80 response callbacks each time: 0.1-0.2 ms a call, three or
four calls for a page served from the page cache. The client is thread-safe (it takes a
connection from the pool for each command), so one per pool is enough; connections, pools
and everything else stay Django's.
"""

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


def counter(key):
    """The value of a version counter kept in the cache without expiry (1 when new)."""
    value = cache.get(key)
    if value is None:
        cache.add(key, 1, None)
        value = cache.get(key) or 1
    return value


def increment(key):
    """A new value of the counter, for every process sharing the cache."""
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (new, or evicted): any value but the old one
        cache.set(key, 2, None)
