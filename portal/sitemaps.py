"""Sitemaps: one section per app, listed by the index at /sitemap.xml.

Every section lists each page in both languages with hreflang alternates.

The index and each page of each section are Django's views (`index`, `section` below wrap
them) whose XML is kept in the shared cache under the content generation of
`portal.pagecache`: any save or delete of content makes every kept file stale at once, and a
file listing a scheduled article expires when that article comes due, since nothing is
saved then.
"""

import hashlib
import math
import re
import zlib

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property

from portal import db, pagecache
from portal.i18n import PathPattern

KEPT_HEADERS = ("Content-Type", "X-Robots-Tag", "Last-Modified")
PAGE = re.compile(r"[1-9]\d{0,5}")  # ?p= in the one spelling Django's index writes


class Chain:
    """A section's items as URL names followed by a queryset, counted and sliced in the
    database: a section whose items() returns one is never read whole (a list is, as in
    Django, for the count and for every page)."""

    def __init__(self, names, queryset):
        self.names, self.queryset = list(names), queryset
        self._read = {}

    @cached_property
    def _rows(self):
        return self.queryset.count()

    def count_source(self):
        """(the queryset counted, what is added to its count): for count_together()."""
        return self.queryset, len(self.names)

    def set_count(self, rows):
        self.__dict__["_rows"] = rows

    def count(self):
        return len(self.names) + self._rows

    def __iter__(self):
        yield from self.names
        yield from self.queryset.iterator()

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        skip = len(self.names)
        if stop <= skip:
            return self.names[start:stop]
        rows = (max(start - skip, 0), stop - skip)
        # A small section's page is the same window in each language: read once.
        if rows not in self._read:
            self._read[rows] = list(self.queryset[rows[0] : rows[1]])
        return self.names[start:stop] + self._read[rows]


class LanguagePairs:
    """(item, language) pairs, every pair of the first language then every pair of the next,
    read a page at a time: Django's i18n sitemap lists the pairs of all items in memory to
    cut one page of them. Each part is sliceable and has count() (a Chain, a queryset)."""

    def __init__(self, parts):
        self.parts = parts  # [(language, items)]

    @cached_property
    def counts(self):
        return [items.count() for _language, items in self.parts]

    def count_sources(self):
        """[(queryset, added)] of every part, unless counted already."""
        if "counts" in self.__dict__:
            return []
        return [_count_source(items) for _language, items in self.parts]

    def __len__(self):
        return sum(self.counts)

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        pairs = []
        for (language, items), count in zip(self.parts, self.counts, strict=True):
            if start < count and stop > 0:
                pairs += [(item, language) for item in items[max(start, 0) : min(stop, count)]]
            start, stop = start - count, stop - count
        return pairs


def _count_source(items):
    if hasattr(items, "count_source"):
        return items.count_source()
    return getattr(items, "queryset", items), 0


def count_together(sites):
    """Count the items of every section in one query, as Django's index asks each section
    for its number of pages: one COUNT per section and language otherwise."""
    pending = [
        pairs
        for site in sites
        if isinstance(pairs := site.paginator.object_list, LanguagePairs) and pairs.count_sources()
    ]
    # A section's Chain serves every language: counted once.
    unique = {id(qs): qs for pairs in pending for qs, _added in pairs.count_sources()}
    if not unique:
        return
    by_database = {}
    for queryset in unique.values():
        by_database.setdefault(queryset.db, []).append(queryset)
    counted = {}
    for database, querysets in by_database.items():
        parts, params = [], []
        for number, queryset in enumerate(querysets):
            sql, query_params = queryset.order_by().query.sql_with_params()
            # The ORM's own SQL, its values passed as parameters.
            parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{number})")  # noqa: S608
            params.extend(query_params)
        with connections[database].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            counted.update(zip(map(id, querysets), cursor.fetchone(), strict=True))
    for pairs in pending:
        counts = []
        for _language, items in pairs.parts:
            queryset, added = _count_source(items)
            counts.append(counted[id(queryset)] + added)
            if hasattr(items, "set_count"):
                items.set_count(counted[id(queryset)])
        pairs.__dict__["counts"] = counts


class PortalSitemap(Sitemap):
    """A bilingual sitemap whose items are URL names or objects with get_absolute_url().

    items() returns a list or a queryset (read whole, as Django does) or, for a section of
    thousands of rows, a Chain (only one page of it read).
    """

    i18n = True
    alternates = True
    x_default = True
    # Entries a file: Django's 50,000 made one file of a whole section, whose first build after
    # a change took seconds (aid projects, people). Building an entry takes ~0.1 ms, mostly
    # the template: 500 keep the first request after a change near 50 ms.
    limit = 500

    @cached_property
    def paginator(self):
        # Kept: count_together() counts what the index then asks for.
        return Paginator(self._items(), self.limit)

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def location_in(self, item, language):
        """The item's path in `language`; a section may build it without activating it."""
        with translation.override(language):
            return self.location(item)

    def next_publication(self):
        """When this section next changes with nothing saved (a scheduled publication), or None."""
        return None

    @cached_property
    def _all_items(self):
        # Read once: Django reads items() for the paginator and again for the latest lastmod.
        items = self.items()
        return items if isinstance(items, Chain) else list(items)

    def _items(self):
        items = self._all_items
        if isinstance(items, Chain):  # every item in every language
            return LanguagePairs([(language, items) for language in self._languages()])
        return [
            (item, language) for item in items for language in self.get_languages_for_item(item)
        ]

    def get_latest_lastmod(self):
        lastmod = getattr(self, "lastmod", None)
        if not callable(lastmod):
            return super().get_latest_lastmod()
        latest = None
        for item in self._all_items:
            value = lastmod(item)
            if value is None:
                # Django's max() fails on a None among dates and gives None: so does this,
                # without reading the rest of a Chain.
                return None
            try:
                latest = value if latest is None else max(latest, value)
            except TypeError:  # dates and datetimes mixed, as in Django's
                return None
        return latest

    def _location(self, item, force_lang_code=None):
        # Django asks for each entry's location up to four times (its own, one per alternate,
        # x-default): each is built once.
        obj, language = item
        language = force_lang_code or language
        key = (obj if isinstance(obj, str) else (type(obj), obj.pk), language)
        locations = self.__dict__.setdefault("_locations", {})
        if key not in locations:
            locations[key] = self.location_in(obj, language)
        return locations[key]

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        # Django points x-default at the URL without a language prefix, which this portal
        # doesn't have (every page lives under /vi/ or /en/): readers without a preference
        # get the Vietnamese page.
        for url in urls:
            default = next(
                (alt for alt in url["alternates"] if alt["lang_code"] == settings.LANGUAGE_CODE),
                None,
            )
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default" and default:
                    alternate["location"] = default["location"]
        return urls


class PublishedPagesSitemap(PortalSitemap):
    """A section's lists (`lists`, URL names) and its published objects, each at `route`
    with its `key` field (the same value in every language), in both languages."""

    lists = ()
    route = None
    key = "slug"

    def published(self):
        """The published objects, in a stable order."""
        raise NotImplementedError

    def items(self):
        return Chain(self.lists, self.published().only(self.key, "updated_at"))

    @cached_property
    def paths(self):
        return PathPattern(self.route, self.key)

    def location_in(self, item, language):
        if isinstance(item, str):
            return super().location_in(item, language)
        return self.paths(getattr(item, self.key), language)

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at


class StaticPagesSitemap(PortalSitemap):
    """Pages that exist once in each language; each app adds its own section for content."""

    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "contact",
            "privacy",
            "unions:about",
            "news:index",
            "congresses:leadership",
            "aid:overview",
        ]


# Views ---------------------------------------------------------------------------------------


def index(request, sitemaps, **kwargs):
    """Django's sitemap index, kept in the shared cache."""

    def build():
        sites = {name: site() if callable(site) else site for name, site in sitemaps.items()}
        count_together(sites.values())
        return sitemap_views.index(request, sites, **kwargs)

    return _cached(request, "index", sitemaps.values(), build)


def section(request, sitemaps, section, **kwargs):
    """A page (?p=) of one section, Django's sitemap view, kept in the shared cache."""
    page = request.GET.get("p", "1")
    if section not in sitemaps or not PAGE.fullmatch(page):
        # A 404, or a page number in another spelling (?p=01): built, never kept.
        return sitemap_views.sitemap(request, sitemaps, section=section, **kwargs)
    return _cached(
        request,
        f"{section}?p={page}",
        [sitemaps[section]],
        lambda: sitemap_views.sitemap(request, sitemaps, section=section, **kwargs),
    )


def _key(request, name):
    # The XML holds absolute URLs: one copy per scheme and host.
    address = f"{request.scheme}://{request.get_host()}/{name}"
    return "sitemap:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def next_publication(sections):
    """The earliest time any of these sections changes without a save, or None. Sections
    that ask the same question (the same method: the articles' and the series' next
    publication or expiry) ask it once."""
    times, asked = [], set()
    for site in sections:
        site = site() if callable(site) else site
        method = type(site).next_publication
        if method not in asked:
            asked.add(method)
            times.append(site.next_publication())
    return min((time for time in times if time is not None), default=None)


def _timeout(due):
    # At most as long as a cached page: a change made with neither a signal nor
    # content_changed() shows within the same delay.
    longest = getattr(settings, "PAGE_CACHE_SECONDS", 300)
    if due is None:
        return longest
    # Rounded up, at least 1 s: the file is rebuilt less than a second after `due`.
    return min(longest, max(1, math.ceil((due - timezone.now()).total_seconds())))


def _cached(request, name, sections, build):
    """The response of build(), or its copy if one was kept for the current generation.

    Only with a cache all workers share (pagecache.enabled()): the generation lives in that
    cache, and a worker could not make another worker's local copies stale."""
    if not pagecache.enabled():
        return build()
    key = _key(request, name)
    found = cache.get_many([pagecache.GENERATION_KEY, key, pagecache.RECENT_CHANGE_KEY])
    # Read before building: a change saved meanwhile moves the generation past this one, so
    # what is built now is never kept as current.
    current = found.get(pagecache.GENERATION_KEY) or pagecache.generation()
    stored = found.get(key)
    if stored is not None and stored[0] == current:
        _generation, content, headers = stored
        return HttpResponse(zlib.decompress(content), headers=headers)
    if pagecache.RECENT_CHANGE_KEY in found and db.replicas():
        # A replica may not have the change yet (as for cached pages, portal.pagecache).
        with db.pinned_to_primary():
            due, response = _build(sections, build)
    else:
        due, response = _build(sections, build)
    if response.status_code == 200:
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        # XML of URLs shrinks 14-fold (1 ms): 300 KB a file in Redis otherwise, 300 files.
        content = zlib.compress(response.content, 1)
        cache.set(key, (current, content, headers), _timeout(due))
    return response


def _build(sections, build):
    # Read before the build: an article coming due during the build is then either in the
    # file or not before `due`, which the copy does not outlive. Read after, it would be
    # neither, and missing until the copy expires.
    due = next_publication(sections)
    response = build()
    if hasattr(response, "render"):
        response.render()
    return due, response
