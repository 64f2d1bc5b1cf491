"""Which pages to check: every URL in /sitemap.xml, grouped by kind.

Used by `make audit` (tests/audit/run.py) and by the fast browser checks in
`make test` (tests/browser/test_quality_*.py), so both pick up the pages other
apps add to the sitemap without being edited.

A page's *kind* is the name of the view that serves it (`news:article`,
`unions:about`, ...): one page of each kind stands for all the others.
"""

import urllib.request
from urllib.parse import urlsplit
from xml.etree import ElementTree

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

# The search's page of one kind of result: a kind of page of its own (a list, not the
# page of every kind), under a name no view has.
SEARCH_KIND = "documents"
SEARCH_KIND_PAGE = f"search:results?kind={SEARCH_KIND}"

# The pages Lighthouse measures, by kind (issues 9 and 15); the search pages are not in
# the sitemap and are added with a query (see extra_pages).
LIGHTHOUSE_KINDS = [
    "home",
    "news:index",
    "news:article",
    "search:results",
    SEARCH_KIND_PAGE,
    "unions:about",
    "congresses:leadership",
    "aid:overview",
    "documents:list",
    "documents:document",
    "albums:index",
    "albums:album",
    "events:upcoming",
]
ARTICLE_KIND = "news:article"


def fetch(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our server
        return response.read()


def sitemap_paths(base_url):
    """Absolute paths listed in the sitemap (following a sitemap index, if any)."""
    seen, todo, paths = set(), [base_url.rstrip("/") + "/sitemap.xml"], []
    while todo:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.add(url)
        root = ElementTree.fromstring(fetch(url))  # noqa: S314 - our own sitemap
        for loc in root.findall("sm:sitemap/sm:loc", SITEMAP_NS):
            todo.append(_local(base_url, loc.text))
        for loc in root.findall("sm:url/sm:loc", SITEMAP_NS):
            path = _path(loc.text)
            if path not in paths:
                paths.append(path)
    return paths


def _path(url):
    parts = urlsplit(url.strip())
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _local(base_url, url):
    return base_url.rstrip("/") + _path(url)


def kind_of(path):
    """The view name that serves `path` (needs Django set up)."""
    from django.urls import Resolver404, resolve
    from django.utils import translation

    # Translated path segments resolve only in their own language.
    with translation.override(language_of(path)):
        try:
            match = resolve(urlsplit(path).path)
        except Resolver404:
            return "unknown"
    return match.view_name


def language_of(path):
    first = path.strip("/").split("/", 1)[0]
    return first if first in {"vi", "en"} else "vi"


def group_by_kind(paths):
    """{(kind, language): [paths]} in sitemap order."""
    groups = {}
    for path in paths:
        groups.setdefault((kind_of(path), language_of(path)), []).append(path)
    return groups


def search_term(language):
    # A word that the demo articles contain in each language.
    return {"vi": "hữu nghị", "en": "friendship"}[language]


def extra_pages():
    """Pages of a kind that the sitemap does not list: search results (of every kind and of
    one) and a 404."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    pages = []
    for language in ("vi", "en"):
        with translation.override(language):
            try:
                search = reverse("search:results")
            except NoReverseMatch:
                search = None
            if search:
                from urllib.parse import quote

                found = f"{search}?q={quote(search_term(language))}"
                pages.append(("search:results", language, found))
                pages.append((SEARCH_KIND_PAGE, language, f"{found}&kind={SEARCH_KIND}"))
            pages.append(
                (
                    "404",
                    language,
                    f"/{language}/{'khong-co-trang-nay' if language == 'vi' else 'no-such-page'}/",
                )
            )
    return pages


def representatives(paths):
    """One page per (kind, language): the first the sitemap lists, plus extra_pages()."""
    chosen = {key: group[0] for key, group in group_by_kind(paths).items()}
    for kind, language, path in extra_pages():
        chosen.setdefault((kind, language), path)
    return chosen


def is_article_kind(kind):
    return kind == ARTICLE_KIND


def load_demo_and_collect(base_url):
    """For the browser tests: the demo data in the test database, then the pages by kind."""
    import io

    from django.core.management import call_command

    call_command("load_demo", "--no-users", stdout=io.StringIO())
    return representatives(sitemap_paths(base_url))


def article_pages(chosen):
    """{language: path} of the article pages among `chosen` (empty until news has some)."""
    return {language: path for (kind, language), path in chosen.items() if is_article_kind(kind)}
