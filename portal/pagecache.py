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
Redis), and a rebuilt page replaces the stale one under the same key. Content that
changes without a signal (a scheduled article coming due, bulk updates) is at most
settings.PAGE_CACHE_SECONDS old.

Active only when the cache is shared by all workers and servers (Redis, REDIS_URL), or
when settings.PAGE_CACHE is forced on; a per-process cache could not be invalidated
across workers.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

CONTENT_APPS = {"unions", "members", "news", "congresses", "aid"}
GENERATION_KEY = "pagecache:generation"
CSRF_MARK = "@@csrf-token@@"
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
SKIP_COOKIES = ("messages",)


def enabled():
    return getattr(settings, "PAGE_CACHE", False)


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY) or 1
    return value


def bump(**_kwargs):
    """Forget every cached page (all languages, all servers sharing the cache)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _content_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        bump()


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and type(instance)._meta.app_label in CONTENT_APPS:
        bump()


def connect_signals():
    post_save.connect(_content_changed, dispatch_uid="portal.pagecache.save")
    post_delete.connect(_content_changed, dispatch_uid="portal.pagecache.delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="portal.pagecache.m2m")


VIEW_BATCH = 10


def _count_article_view(request, kwargs):
    """The article view counts a reading in the database; a page served from the cache counts
    it too, in the shared cache, and adds VIEW_BATCH readings at a time to the database (one
    write per ten readings of a popular article instead of ten writes on one row)."""
    from django.db.models import F

    from news.models import Article

    field = Article.slug_field(translation.get_language())
    slug = kwargs.get("slug")
    key = f"pagecache:views:{field}:{slug}"
    try:
        count = cache.incr(key)
    except ValueError:  # the first reading of this copy, or the counter was evicted
        count = 1 if cache.add(key, 1, None) else cache.incr(key)
    if count % VIEW_BATCH == 0:
        Article.objects.filter(**{field: slug}).update(view_count=F("view_count") + VIEW_BATCH)


# What a view does on every request besides rendering, done again when its page is
# served from the cache: URL name -> callable(request, url_kwargs).
HIT_HOOKS = {"news:article": _count_article_view}


def _key(request):
    path = request.get_full_path()
    digest = hashlib.sha256(f"{request.get_host()}|{path}".encode()).hexdigest()[:32]
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"pagecache:page:{language}:{digest}"


def _lookup(key):
    """(the current generation, the stored page if it is of that generation)."""
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY) or generation()
    stored = found.get(key)
    if stored is not None and stored[0] == current:
        return current, stored[1:]
    return current, None


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
        if not enabled() or not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        # Read before the page is built: a change saved while it is built makes it stale.
        current, stored = _lookup(key)
        if stored is not None:
            return self._replay(request, stored)
        response = self.get_response(request)
        if _cacheable_response(request, response):
            self._store(request, response, key, current)
        return response

    def _store(self, request, response, key, current):
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
        if match is not None and match.view_name in HIT_HOOKS:
            hook = (match.view_name, dict(match.kwargs))
        cache.set(key, (current, content, headers, attributes, hook), self.seconds)

    def _replay(self, request, stored):
        content, headers, attributes, hook = stored
        if CSRF_MARK.encode() in content:
            content = content.replace(CSRF_MARK.encode(), get_token(request).encode())
        if hook is not None:
            HIT_HOOKS[hook[0]](request, hook[1])
        response = HttpResponse(content, headers=headers)
        for name, value in attributes.items():
            setattr(response, name, value)
        response["X-Page-Cache"] = "hit"
        return response
