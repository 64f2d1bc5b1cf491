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


def test_a_result_has_the_shape_of_the_issue(tmp_path):
    """latest.json keys, as the issue fixes them (so that runs can be compared)."""
    latest = tmp_path / "latest.json"
    example = {
        "date": "2026-11-25T04:00:00+00:00",
        "machine": {"cpus": 2, "python": "3.11.7", "database": "postgresql 15"},
        "concurrency": 8,
        "ceiling": {"rps": 1000.0, "p50_ms": 3.0, "p95_ms": 9.0},
        "pages": [
            {
                "name": "article",
                "lang": "vi",
                "path": "/vi/tin-tuc/a/",
                "rps": 700.0,
                "p50_ms": 5.0,
                "p95_ms": 12.0,
                "queries": 7,
                "bytes": 17000,
                "articles": 100000,
            }
        ],
    }
    latest.write_text(json.dumps(example))
    run = importlib.import_module("bench.run")
    assert set(run.RESULT_KEYS) == set(example)
    assert set(run.PAGE_KEYS) == set(example["pages"][0])
