"""Every page `make bench` measures runs as many SQL queries with 10,000 articles as with 1,000.

A page whose query count grows with the data (an N+1 loop, a per-row lookup) would run
100,000 queries at full size; here the data grows tenfold between two measurements of
the same pages, so a count that depends on it shows up as a difference.
"""

import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portal import sampledata
from tests.factories import staff_user

SMALL = {
    "articles": 1000,
    "associations": 3,
    "chapters": 6,
    "members": 30,
    "congresses": 3,
    "aid_projects": 10,
    "transactions": 40,
}
# Added on top of SMALL for the second measurement: ten times the articles and aid.
GROWTH = {
    "articles": 9000,
    "associations": 6,
    "chapters": 24,
    "members": 270,
    "congresses": 9,
    "aid_projects": 90,
    "transactions": 360,
}
DEEP_PAGE = 20  # exists in both languages with 1,000 articles (12 a page, 40% in English)
MAX_QUERIES = 12  # what any page may cost, cold, whatever the data (issue 14)


def generate(counts, seed):
    sampledata.generate(counts, seed=seed, batch=200, out=io.StringIO(), quiet=True, images=1)


def pages(language):
    from news.models import Article

    with translation.override(language):
        article = Article.objects.published(language).order_by("-published_at", "-id")[DEEP_PAGE]
        search = reverse("search:results")
        return {
            "home": reverse("home"),
            "news_list": reverse("news:index"),
            "news_list_deep": f"{reverse('news:index')}?page={DEEP_PAGE}",
            "article": article.get_absolute_url(language),
            "search_common": f"{search}?q=huu+nghi"
            if language == "vi"
            else f"{search}?q=friendship",
            "search_rare": f"{search}?q=nicaragua",
            "about": reverse("unions:about"),
            "associations": reverse("members:associations"),
            "leadership": reverse("congresses:leadership"),
            "congress_history": reverse("congresses:history"),
            "aid_overview": reverse("aid:overview"),
            "aid_dashboard": reverse("aid:dashboard"),
            "sitemap": "/sitemap.xml",
            "feed": reverse("news:rss"),
        }


def measure(leadership_client, language, paths):
    """Each page as its readers get it (make bench too): the public ones anonymous, the
    dashboard signed in as Leadership."""
    counts = {}
    for name, path in paths.items():
        cache.clear()  # a cold cache: the count a page costs when nothing helps it
        client = leadership_client if name == "aid_dashboard" else Client()
        # ... except the frame every page shares (the site settings, the menu's categories:
        # two queries once per content generation, for all pages), read by another page.
        Client().get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE=language)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, (name, path, response.status_code)
        counts[name] = (len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries])
    return counts


@pytest.fixture
def leadership_client(client, home_union):
    client.force_login(staff_user("scale-leadership", "Leadership", password=None))
    return client


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(leadership_client):
    generate(SMALL, seed=1)
    # The same pages (the same article) measured at both sizes.
    paths = {language: pages(language) for language in ("vi", "en")}
    small = {language: measure(leadership_client, language, paths[language]) for language in paths}
    generate(GROWTH, seed=2)
    large = {language: measure(leadership_client, language, paths[language]) for language in paths}
    grown = {
        (name, language): (small[language][name][0], large[language][name][0])
        for language in ("vi", "en")
        for name in small[language]
        if small[language][name][0] != large[language][name][0]
    }
    details = "\n\n".join(
        f"{name} ({language}): {a} -> {b} queries\n" + "\n".join(large[language][name][1])
        for (name, language), (a, b) in grown.items()
    )
    assert not grown, details
    over = {
        f"{name} ({language})": count
        for language in large
        for name, (count, _queries) in large[language].items()
        if count > MAX_QUERIES
    }
    assert not over, f"more than {MAX_QUERIES} queries: {over}"
    # Every page was really measured, in both languages.
    assert all(len(counts) == 14 for counts in large.values())
