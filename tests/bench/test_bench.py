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
            )
        }
        for language in ("vi", "en")
    }
    setup = {"deep_page": 500, "article": {"vi": "/vi/tin-tuc/a/", "en": "/en/news/a/"}}
    pages = run.page_list(paths, setup)
    assert len(pages) == 28
    assert {p["name"] for p in pages} == ISSUE_PAGE_NAMES
    assert {(p["name"], p["lang"]) for p in pages} == {
        (name, lang) for name in ISSUE_PAGE_NAMES for lang in ("vi", "en")
    }
    assert any(p["path"].endswith("?page=500") for p in pages)
    # Searches without diacritics.
    searches = [p["path"] for p in pages if p["name"].startswith("search")]
    assert all(path.isascii() for path in searches)


def test_a_result_has_the_shape_of_the_issue():
    """latest.json keys, as the issue fixes them (so that runs can be compared)."""
    run = importlib.import_module("bench.run")
    page = {"name": "article", "lang": "vi", "path": "/vi/tin-tuc/a/"}
    measured = {"requests": 3500, "duration_us": 5_000_000, "p50_us": 5200, "p95_us": 12100}
    entry = run.page_entry(page, measured, 7, b"x" * 17000, {"articles": {"vi": 97}})
    result = json.loads(
        json.dumps(
            run.result_document(
                "postgresql 15", {"rps": 1.0, "p50_ms": 1, "p95_ms": 2}, [entry], []
            )
        )
    )
    assert set(run.RESULT_KEYS) == {"date", "machine", "concurrency", "ceiling", "pages"}
    assert set(run.RESULT_KEYS) <= set(result)
    assert set(result["machine"]) == {"cpus", "python", "database"}
    assert result["concurrency"] == 8
    assert (
        set(result["pages"][0])
        == set(run.PAGE_KEYS)
        == {"name", "lang", "path", "rps", "p50_ms", "p95_ms", "queries", "bytes", "articles"}
    )
    assert result["pages"][0] == {
        **page,
        "rps": 700.0,
        "p50_ms": 5.2,
        "p95_ms": 12.1,
        "queries": 7,
        "bytes": 17000,
        "articles": 97,
    }
