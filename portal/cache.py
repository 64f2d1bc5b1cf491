"""Django's own Redis cache backend, keeping one Redis client per connection pool; the
version counters kept in the cache (the page cache's generation, the aid figures' version);
and keep()/kept() for values kept under such a version, with a copy in each process.

Django's RedisCacheClient makes a new `redis.Redis` object for every cache call, and
redis-py fills a table of about 80 response callbacks each time: 0.1-0.2 ms a call, three or
four calls for a page served from the page cache. The client is thread-safe (it takes a
connection from the pool for each command), so one per pool is enough; connections, pools
and everything else stay Django's.
"""

import math
import threading
import time
from collections import OrderedDict

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

# Django's incr asks whether the key exists, then increments it: two round trips for every
# reading of an article. The same in one.
INCR_EXISTING = """
if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end
return false
"""


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def incr(self, key, delta):
        value = self.get_client(key, write=True).eval(INCR_EXISTING, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

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


def _fresh():
    # A counter lost with the cache (a restart, an eviction) starts again above any value it
    # had: a value is never reused, so no copy kept in a process under an old one comes back.
    return time.time_ns()


def counter(key):
    """The value of a version counter kept in the cache without expiry."""
    value = cache.get(key)
    if value is None:
        cache.add(key, _fresh(), None)
        value = cache.get(key) or _fresh()
    return value


def increment(key):
    """A new value of the counter, for every process sharing the cache."""
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (new, or evicted)
        cache.set(key, _fresh(), None)


def timeout(until):
    """The cache timeout for a value kept `until` (a time.time(); rounded up, at least a
    second)."""
    return max(1, math.ceil(until - time.time()))


# What keep() kept, in this process too: each read of the shared cache is a round trip
# (0.15-0.2 ms on the bench machine), and a page reads seven to eleven such values. The oldest
# go first; keys of past versions are never asked for again.
LOCAL_ENTRIES = 2000
# Apart from what other code keeps under the same names in another form (older releases
# running beside this one during a deploy).
KEPT_PREFIX = "kept:"
_local = OrderedDict()
_local_lock = threading.Lock()


def keep(key, value, until):
    """Keep `value` under `key` until `until` (a time.time()), in the shared cache and in this
    process; returns `value`. The key must name the version of what the value shows (the
    content generation): a process's copy is not told of changes, it is only never asked for
    again once the version moves on."""
    found = (until, value)
    cache.set(KEPT_PREFIX + key, found, timeout(until))
    _remember(key, found)
    return value


def kept(key):
    """The value keep() kept under `key` if its time is not up, else None. Shared with the
    other requests of this process: read it, never change it."""
    found = _local.get(key)
    if found is None:
        found = cache.get(KEPT_PREFIX + key)
        if found is None:
            return None
        _remember(key, found)
    until, value = found
    return value if until > time.time() else None


def kept_or_keep(key, compute, seconds):
    """The value kept under `key`, or else compute()'s, kept for `seconds` (as keep())."""
    value = kept(key)
    if value is None:
        value = keep(key, compute(), time.time() + seconds)
    return value


def _remember(key, found):
    with _local_lock:
        _local[key] = found
        if len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def forget_local():
    """Drop this process's copies (tests that empty the shared cache)."""
    with _local_lock:
        _local.clear()
