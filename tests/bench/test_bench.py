"""The pieces of `make bench` that live in the portal: the ceiling view, the query-count header
(both only with DJANGO_BENCH=1) and the list of pages the harness measures."""

import importlib
import json

import pytest
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from portal.bench import QUERY_COUNT_HEADER, ceiling

ISSUE_PAGE_NAMES = {
    "home",
    "news_list",
    "news_list_deep",
    "article",
    "search_common",
    "search_rare",
    "about",
    "associations",
    "leadership",
    "congress_history",
    "aid_overview",
    "aid_dashboard",
    "sitemap",
    "feed",
}
# Issue 15: the new sections' lists and the search's page of one kind.
SECTION_PAGE_NAMES = {
    "documents",
    "gallery",
    "events",
    "events_past",
    "series_index",
    "search_kind",
}


@pytest.mark.django_db
def test_no_bench_url_in_production(client):
    assert client.get("/bench/ceiling/").status_code == 404


@pytest.mark.django_db
def test_the_ceiling_renders_a_template_without_a_query():
    with CaptureQueriesContext(connection) as queries:
        response = ceiling(RequestFactory().get("/bench/ceiling/"))
    assert response.status_code == 200
    assert b"ceiling" in response.content
    assert len(queries) == 0


@pytest.mark.django_db
def test_the_query_count_header_counts_every_query(settings, home_union):
    middleware = ["portal.bench.QueryCountMiddleware", *settings.MIDDLEWARE]
    with override_settings(MIDDLEWARE=middleware):
        client = Client()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/vi/gioi-thieu/")
    assert response.status_code == 200
    assert int(response[QUERY_COUNT_HEADER]) == len(queries) > 0


def test_the_harness_measures_every_page_of_the_issue_in_both_languages():
    run = importlib.import_module("bench.run")
    paths = {
        language: {
            key: f"/{language}/{key}/"
            for key in (
                "home",
                "news_list",
                "search",
                "about",
                "associations",
                "leadership",
                "congress_history",
                "aid_overview",
                "aid_dashboard",
                "feed",
                "documents",
                "gallery",
                "events",
                "events_past",
                "series_index",
            )
        }
        for language in ("vi", "en")
    }
    paths["sitemaps"] = {
        "news": {"path": "/sitemap-news.xml", "pages": 137},
        "static": {"path": "/sitemap-static.xml", "pages": 1},
    }
    setup = {"deep_page": 500, "article": {"vi": "/vi/tin-tuc/a/", "en": "/en/news/a/"}}
    pages = run.page_list(paths, setup)
    names = ISSUE_PAGE_NAMES | SECTION_PAGE_NAMES
    assert {(p["name"], p["lang"]) for p in pages if p["name"] in names} == {
        (name, lang) for name in names for lang in ("vi", "en")
    }
    assert any(p["path"].endswith("?page=500") for p in pages)
    # Every sitemap file: each section, and the last page of the articles' section.
    sitemaps = {p["path"] for p in pages if p["name"].startswith("sitemap_")}
    assert sitemaps == {"/sitemap-news.xml", "/sitemap-static.xml", "/sitemap-news.xml?p=137"}
    # Searches without diacritics.
    searches = [p["path"] for p in pages if p["name"].startswith("search")]
    assert all(path.isascii() for path in searches)


def test_the_harness_measures_the_staff_pages_of_the_issue():
    run = importlib.import_module("bench.run")
    paths = {
        "staff": {
            "articles": "/admin/news/article/",
            "article_form": "/admin/news/article/0/change/",
            "members": "/admin/members/member/",
            "transactions": "/admin/aid/transaction/",
        }
    }
    pages = run.staff_pages(paths, {"article_id": 42})
    assert {p["name"] for p in pages} == {
        "admin_articles",
        "admin_articles_deep",
        "admin_articles_search",
        "admin_article_form",
        "admin_members",
        "admin_transactions",
    }
    assert "/admin/news/article/42/change/" in {p["path"] for p in pages}
    assert set(run.STAFF_LIMITS_MS) == {p["name"] for p in pages}


def test_a_result_has_the_shape_of_the_issue():
    """latest.json keys, as the issue fixes them (so that runs can be compared)."""
    run = importlib.import_module("bench.run")
    page = {"name": "article", "lang": "vi", "path": "/vi/tin-tuc/a/"}
    measured = {"requests": 3500, "duration_us": 5_000_000, "p50_us": 5200, "p95_us": 12100}
    entry = run.page_entry(page, measured, 7, b"x" * 17000, {"articles": {"vi": 97}}, 61.5)
    ceiling = {"rps": 1.0, "p50_ms": 1, "p95_ms": 2}
    document = run.result_document("postgresql 15", ceiling, [entry], [entry], [entry], [])
    result = json.loads(json.dumps(document))
    assert set(run.RESULT_KEYS) == {
        "date",
        "machine",
        "concurrency",
        "ceiling",
        "pages",
        "built",
        "staff",
    }
    assert set(run.RESULT_KEYS) <= set(result)
    assert set(result["machine"]) == {"cpus", "python", "database"}
    assert result["concurrency"] == 8
    for mode in ("pages", "built", "staff"):
        assert (
            set(result[mode][0])
            == set(run.PAGE_KEYS)
            == {
                "name",
                "lang",
                "path",
                "rps",
                "p50_ms",
                "p95_ms",
                "queries",
                "bytes",
                "articles",
                "cold_ms",
            }
        )
    assert result["built"][0] == {
        **page,
        "rps": 700.0,
        "p50_ms": 5.2,
        "p95_ms": 12.1,
        "queries": 7,
        "bytes": 17000,
        "articles": 97,
        "cold_ms": 61.5,
    }


def test_the_status_column_names_every_missed_target():
    run = importlib.import_module("bench.run")
    ceiling = {"rps": 2000.0}
    good = {
        "name": "article",
        "mode": "built",
        "rps": 400.0,
        "p95_ms": 60.0,
        "cold_ms": 90.0,
        "queries": 8,
    }
    assert run.page_problems(good, ceiling, (200, 0)) == []
    slow = {**good, "rps": 100.0, "p95_ms": 130.0, "cold_ms": 400.0, "queries": 13}
    assert run.page_problems(slow, ceiling, (500, 3)) == [
        "p95 > 100 ms",
        "< 0.1 x ceiling",
        "cold > 250 ms",
        "> 12 queries",
        "status 500, 3 errors",
    ]
    search = {
        "name": "admin_articles_search",
        "mode": "staff",
        "rps": 5.0,
        "p95_ms": 250.0,
        "cold_ms": 200.0,
        "queries": 9,
    }
    assert run.page_problems(search, ceiling, (200, 0)) == []
