"""A page cache for readers: whole public pages, per URL (so per language), kept in the shared
cache and dropped as soon as any content is saved or deleted.

Only what every reader sees the same is kept: GET/HEAD without a session or messages
cookie, a 200 answer that sets no cookie and is not marked private. A page with a form
(the article's comment form) is kept with its CSRF token taken out and a fresh one put
back for every reader, so the form works for each of them.

Invalidation: every save, delete or many-to-many change of a model of the content apps
bumps a generation number, stored with every page; a page of an older generation is not
served, so all pages (in both languages, on every server sharing the cache) are rebuilt on
their next request. The generation and the page are read together (one round trip to
Redis), and a rebuilt page replaces the stale one under the same key. Changes made
without a signal (QuerySet.update() in an admin action, bulk_create) call `content_changed()`
themselves. A page is kept at most settings.PAGE_CACHE_SECONDS, and never past the next
scheduled publication or expiry of an article (`keep_until`; each app's `pagecache.next_change`,
found through portal.registry): nothing is saved then, so the generation does not move, and
the page would show the article too late or too long.

A page is stored under the generation read before it was built, and the generation moves
again when the change is committed, so a page built from rows read before the commit is
never taken for a current one. With read replicas, which may not have the change yet, a page
missed within REPLICA_LAG_SECONDS of a change is built from the primary.

The key holds only the query parameters the page reads (QUERY_PARAMETERS); a request with
any other parameter is answered from the stored page but never stores one, so made-up
parameters cannot fill the cache and push out what else it holds (rate-limit counters).

Active only when the cache is shared by all workers and servers (Redis, REDIS_URL), or
when settings.PAGE_CACHE is forced on; a per-process cache could not be invalidated
across workers.
"""

import contextvars
import functools
import hashlib
import re
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, get_resolver
from django.utils import translation

from portal import db
from portal.cache import counter, increment, timeout
from portal.registry import app_hooks

CONTENT_APPS = {"unions", "members", "news", "congresses", "aid", "events", "documents", "albums"}
GENERATION_KEY = "pagecache:generation"
# (generation, the next scheduled publication or expiry as a timestamp, or None).
NEXT_CHANGE_KEY = "pagecache:next-change"
# Set for REPLICA_LAG_SECONDS after each change: replicas may not have it yet.
RECENT_CHANGE_KEY = "pagecache:recent-change"
# How far behind the primary a replica may be; the same window as a writer's own pin.
REPLICA_LAG_SECONDS = db.PIN_SECONDS
CSRF_MARK = "@@csrf-token@@"
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
SKIP_COOKIES = ("messages",)


def enabled():
    return getattr(settings, "PAGE_CACHE", False)


# The generation as this request read it (PageCacheMiddleware opens the scope): a page reads
# it for each part kept for the generation (fragments, counts, menus), and each read is a
# round trip to the shared cache. A save during the request forgets it.
_request_generation = contextvars.ContextVar("request_generation", default=None)


def generation():
    read = _request_generation.get()
    if read is None:
        return counter(GENERATION_KEY)
    if not read:
        read.append(counter(GENERATION_KEY))
    return read[0]


def bump(**_kwargs):
    """Forget every cached page (all languages, all servers sharing the cache)."""
    increment(GENERATION_KEY)
    read = _request_generation.get()
    if read:
        read.clear()
    if db.replicas():
        cache.set(RECENT_CHANGE_KEY, 1, REPLICA_LAG_SECONDS)


def content_changed():
    """Public content changed: drop every cached page now, and again once the transaction
    commits (a page built meanwhile read the rows as they were before)."""
    bump()
    transaction.on_commit(bump)


def _content_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        content_changed()


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and type(instance)._meta.app_label in CONTENT_APPS:
        content_changed()


def connect_signals():
    post_save.connect(_content_changed, dispatch_uid="portal.pagecache.save")
    post_delete.connect(_content_changed, dispatch_uid="portal.pagecache.delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="portal.pagecache.m2m")


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def keep_until(longest, current=None, known=None):
    """Until when (a time.time()) a copy of public content built from now on may be kept:
    `longest` seconds, and not past the next scheduled publication or expiry of an article.

    The next such time is kept in the shared cache for the content generation (`current`;
    `known`: the value already read with it), so one query a generation finds it. Called
    before the copy is built: an article coming due during the build is then either in the
    copy or not before the time the copy is dropped at."""
    now = time.time()
    current = current or generation()
    if known is None:
        known = cache.get(NEXT_CHANGE_KEY)
    if known is None or known[0] != current or (known[1] is not None and known[1] <= now):
        due = soonest_change()
        known = (current, due.timestamp() if due is not None else None)
        cache.set(NEXT_CHANGE_KEY, known, timeout(known[1]) if due else _seconds())
    if known[1] is None:
        return now + longest
    return min(now + longest, known[1])


def soonest_change():
    """The soonest of the apps' next scheduled changes (`pagecache.next_change()`), or None."""
    due = [moment for hook in app_hooks("pagecache", "next_change") if (moment := hook())]
    return min(due, default=None)


# The readings a cached page counts are written to the database this many at a time
# (news.readings).
VIEW_BATCH = 10


@functools.cache
def hit_hooks():
    """What a view does on every request besides rendering, done again when its page is
    served from the cache: URL name -> callable(request, url_kwargs), from each app's
    `pagecache.HIT_HOOKS`. Built once per process: it is looked up on every cached hit."""
    return {
        name: hook for hooks in app_hooks("pagecache", "HIT_HOOKS") for name, hook in hooks.items()
    }


# The query parameters each page reads, with the spelling of a value worth storing a page
# for (one canonical form: `?page=01` is the same page as `?page=1`, so it is not stored).
# Pages not listed read none. A view that starts reading a parameter must be listed here,
# or its pages would be served for the wrong parameter.
PAGE = r"[1-9]\d{0,5}"
CODE = r"[\w.-]{0,60}"  # a year, a code or a slug; anything not a choice is a 400, not stored
AID_FILTERS = dict.fromkeys(("year_from", "year_to", "sector", "donor", "status", "district"), CODE)
QUERY_PARAMETERS = {
    "news:index": {"page": PAGE},
    "news:category": {"page": PAGE},
    "news:tag": {"page": PAGE},
    "news:archive": {"page": PAGE},
    "search:results": {"q": r"[^\x00-\x1f]{0,200}", "page": PAGE, "kind": r"[a-z]{1,20}"},
    "aid:overview": {**AID_FILTERS, "currency": r"[A-Z]{0,3}"},
    "aid:projects": {**AID_FILTERS, "page": PAGE},
    "members:join": {"association": r"[-\w]{0,120}"},
    "documents:list": {
        **dict.fromkeys(("kind", "year", "issuer"), CODE),
        "q": r"[^\x00-\x1f]{0,200}",
        "page": PAGE,
    },
    "events:upcoming": {"page": PAGE},
    "events:past": {"page": PAGE},
    "albums:index": {"kind": r"photo|video", "page": PAGE},
}
# Views that keep their own copies (portal.sitemaps: compressed, one per file and host,
# expiring at the next scheduled publication or expiry as the pages kept here do).
OWN_CACHE_VIEWS = {"sitemap", "sitemap_section"}


def _view_name(request):
    try:
        return get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info).view_name
    except Resolver404:
        return None


def _key(request, view_name):
    """(the page's key, whether a page built for this request may be stored under it)."""
    allowed = QUERY_PARAMETERS.get(view_name, {})
    query = request.GET
    storable = all(
        name in allowed
        and len(query.getlist(name)) == 1
        and re.fullmatch(allowed[name], query[name])
        for name in query
    )
    read = urlencode(sorted((name, query[name]) for name in allowed if name in query))
    path = request.path + (f"?{read}" if read else "")
    digest = hashlib.sha256(f"{request.get_host()}|{path}".encode()).hexdigest()[:32]
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"pagecache:page:{language}:{digest}", storable


def _lookup(key):
    """(the current generation, the stored page if it is of that generation, whether content
    changed within the replicas' lag, the next change as kept under NEXT_CHANGE_KEY)."""
    found = cache.get_many([GENERATION_KEY, key, RECENT_CHANGE_KEY, NEXT_CHANGE_KEY])
    current = found.get(GENERATION_KEY) or generation()
    stored = found.get(key)
    recent = RECENT_CHANGE_KEY in found
    known = found.get(NEXT_CHANGE_KEY)
    if stored is not None and stored[0] == current:
        return current, stored[1:], recent, known
    return current, None, recent, known


def _bench_built(request):
    """The `built` half of make bench (settings.BENCH only, never in production): this request
    neither reads nor stores a page, as if the page cache were off."""
    return settings.BENCH and "HTTP_X_BENCH_BUILT" in request.META


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and not any(
        name in cookies for name in SKIP_COOKIES
    )


def _cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get(
        "Cache-Control", ""
    ):
        return False
    return not getattr(request, "session", None) or not request.session.modified


class PageCacheMiddleware:
    """Next to innermost (only Axes, which acts on sign-ins, comes after): every other
    middleware still handles a page served from here (headers, cookies, CSP)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = getattr(settings, "PAGE_CACHE_SECONDS", 300)

    def __call__(self, request):
        scope = _request_generation.set([])
        try:
            return self._respond(request)
        finally:
            _request_generation.reset(scope)

    def _respond(self, request):
        if not enabled() or not _cacheable_request(request) or _bench_built(request):
            return self.get_response(request)
        view_name = _view_name(request)
        if view_name in OWN_CACHE_VIEWS:
            return self.get_response(request)
        key, storable = _key(request, view_name)
        # Read before the page is built: a change saved while it is built makes it stale.
        current, stored, recent, known = _lookup(key)
        read = _request_generation.get()
        if not read:
            read.append(current)
        if stored is not None:
            return self._replay(request, stored)
        if not storable:
            return self.get_response(request)
        until = keep_until(self.seconds, current, known)
        if recent and db.replicas():
            # A replica may not have the change yet: a page built from it would be stored
            # under the new generation and served stale until it expires.
            with db.pinned_to_primary():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if _cacheable_response(request, response):
            self._store(request, response, key, current, until)
        return response

    def _store(self, request, response, key, current, until):
        content = response.content
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            content, found = CSRF_FIELD.subn(rb"\1" + CSRF_MARK.encode() + rb"\3", content)
            if not found:
                return  # a token used some other way: not safe to share
        headers = {
            name: value
            for name, value in response.items()
            if name.lower() in ("content-type", "content-language", "vary", "link", "x-robots-tag")
        }
        # Per-view CSP changes (django-csp decorators) travel as response attributes.
        attributes = {k: v for k, v in vars(response).items() if k.startswith("_csp")}
        match = getattr(request, "resolver_match", None)
        hook = None
        if match is not None and match.view_name in hit_hooks():
            # What the view says its hook needs (the article's id), else the URL's arguments.
            hook = (match.view_name, getattr(response, "hit_hook_kwargs", dict(match.kwargs)))
        cache.set(key, (current, content, headers, attributes, hook), timeout(until))

    def _replay(self, request, stored):
        content, headers, attributes, hook = stored
        if CSRF_MARK.encode() in content:
            content = content.replace(CSRF_MARK.encode(), get_token(request).encode())
        if hook is not None:
            hit_hooks()[hook[0]](request, hook[1])
        response = HttpResponse(content, headers=headers)
        for name, value in attributes.items():
            setattr(response, name, value)
        response["X-Page-Cache"] = "hit"
        return response
