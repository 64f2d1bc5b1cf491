"""The public pages answer with either demo home union (issue 17: "the public-page tests run
with both home unions"): every kind of page in both languages, with Bắc Giang (`make run`) and
with Tây Ninh (`DEMO=tay-ninh make run`) as home, names the home union in the masthead and
tells no other union's seed facts where they do not belong (tests/portal/demo_truth.py).

The pages come from the sitemap, so a new section's pages are read without editing this test,
plus those it does not list: the search's results of every kind, the calendar's month, the
feeds and the sitemap files themselves. Each home's demo is loaded once for the module, in a
transaction rolled back after its tests."""

from urllib.parse import urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from lxml import etree, html

from search.kinds import BY_KEY
from search.views import ARTICLES
from tests.sitemaps import sitemap_paths
from unions.demo import HOMES
from unions.models import SiteSettings

from .demo_truth import check_page, load, page_kind

pytestmark = pytest.mark.django_db

LANGUAGES = ("vi", "en")
# Pages read of each kind in each language (the sitemap lists every article, union, album…).
PER_KIND = 3
# What the issue names, by view name: each must be among the pages read, in both languages.
KINDS = {
    "home",
    "news:index",
    "news:category",
    "news:article",
    "unions:about",
    "unions:network",
    "unions:union",
    "congresses:leadership",
    "congresses:history",
    "congresses:congress",
    "members:associations",
    "members:association",
    "documents:list",
    "documents:document",
    "albums:index",
    "albums:album",
    "events:upcoming",
    "events:month",
    "events:past",
    "events:event",
    "search:results",
    "aid:overview",
    "contact",
    "privacy",
}
FEEDS = ["news:rss", "news:atom", "documents:rss", "documents:atom", "events:ics", "aid:iati"]
SEARCH_TERMS = {"vi": "hữu nghị", "en": "friendship"}


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module", params=list(HOMES))
def home(request, django_db_setup, django_db_blocker, demo_media):
    """The demo loaded with this home union, for every test of the module."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=demo_media),
        transaction.atomic(),
    ):
        cache.clear()
        load(request.param)
        yield request.param
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture(autouse=True)
def _demo_media(settings, home, demo_media):
    # The demo's pictures and files are where the module's load stored them.
    settings.MEDIA_ROOT = demo_media


def search_pages(language):
    with translation.override(language):
        path = reverse("search:results")
    query = {"q": SEARCH_TERMS[language]}
    return [f"{path}?{urlencode(query)}"] + [
        f"{path}?{urlencode({**query, 'kind': kind})}" for kind in (ARTICLES, *BY_KEY)
    ]


def month_page(language):
    today = timezone.localdate()
    with translation.override(language):
        return reverse("events:month", kwargs={"year": today.year, "month": today.month})


@pytest.fixture(scope="module")
def pages(home):
    """(path, language, view name) of the pages to read: PER_KIND of each kind of the sitemap
    in each language, the search of every kind and this month's calendar."""
    chosen, counts = [], {}
    for path in dict.fromkeys(sitemap_paths(Client())):
        language, kind = page_kind(path)
        counts[kind, language] = counts.get((kind, language), 0) + 1
        if counts[kind, language] <= PER_KIND:
            chosen.append((path, language, kind))
    for language in LANGUAGES:
        chosen += [(path, language, "search:results") for path in search_pages(language)]
        chosen.append((month_page(language), language, "events:month"))
    return chosen


def test_every_kind_of_page_is_read_in_both_languages(pages):
    read = {(kind, language) for _path, language, kind in pages}
    missing = {(kind, language) for kind in KINDS for language in LANGUAGES} - read
    assert not missing, sorted(missing)


def test_every_page_names_the_home_union_and_tells_only_its_truth(home, pages, client):
    union = SiteSettings.current().home_union
    assert union.slug == home
    problems = []
    for path, language, kind in pages:
        response = client.get(path)
        if response.status_code != 200:
            problems.append(f"{path}: {response.status_code}")
            continue
        tree = html.fromstring(response.content)
        masthead = tree.xpath('//header[@class="masthead"]//span[@lang="vi"]/text()')
        if union.name_vi not in masthead:
            problems.append(f"{path}: the masthead names {masthead}, not {union.name_vi}")
        if union.name_en not in tree.xpath('//header[@class="masthead"]//span[@lang="en"]/text()'):
            problems.append(f"{path}: no {union.name_en} in the masthead")
        problems += check_page(path, language, kind, response.content, home)
    assert not problems, "\n".join(problems)


def test_the_feeds_and_the_sitemap_answer(home, client):
    problems = []
    for language in LANGUAGES:
        for name in FEEDS:
            with translation.override(language):
                path = reverse(name)
            response = client.get(path)
            if response.status_code != 200:
                problems.append(f"{path}: {response.status_code}")
            elif name == "events:ics":
                assert response.content.startswith(b"BEGIN:VCALENDAR"), path
            else:
                etree.fromstring(response.content)  # well-formed XML
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = etree.fromstring(index.content).findall(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemap/"
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
    )
    assert sections
    for loc in sections:
        parts = urlsplit(loc.text)
        response = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
        if response.status_code != 200:
            problems.append(f"{loc.text}: {response.status_code}")
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and b"Sitemap:" in robots.content
    assert not problems, "\n".join(problems)
