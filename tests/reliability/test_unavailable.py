"""A database that cannot be reached gives a styled 503 with Retry-After, never a traceback.

The real outage (PostgreSQL restarted under gunicorn) is in test_load.py; these pin down
the middleware's two paths: an error in the view and one in a middleware before it.
"""

import logging

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.reliability.unavailable_urls")]


@pytest.fixture
def client(client):
    # The test client re-raises view exceptions unless told not to; a server never does.
    client.raise_request_exception = False
    return client


def _assert_styled_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert ">503<" in body
    assert 'class="error-page"' in body
    assert "/static/css/site.css" in body
    for leak in ("Traceback", "OperationalError", "InterfaceError", "5432", "refused"):
        assert leak not in body


@pytest.mark.parametrize("url", ["/vi/refused/", "/vi/closed/"])
def test_view_meeting_a_dead_database_gets_503(client, url, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.get(url)
    _assert_styled_503(response)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response
    # One warning line, no traceback in the log.
    records = [r for r in caplog.records if r.name == "portal.database"]
    assert len(records) == 1 and records[0].exc_info is None
    # Django's own line for a 5xx ("Service Unavailable: /path"), without a traceback either.
    assert all(r.exc_info is None for r in caplog.records)


def test_error_raised_before_the_view_gets_503_too(client, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "tests.reliability.unavailable_urls.FailingBeforeViewMiddleware",
    ]
    response = client.get("/vi/middleware-fails/")
    _assert_styled_503(response)
    # Headers set by the middleware inside it survive the swap.
    assert "Content-Security-Policy" in response
    assert "Permissions-Policy" in response


def test_other_errors_stay_the_500_page(client):
    response = client.get("/vi/other/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Traceback" not in response.content.decode()


def test_the_database_is_used_again_after_a_failure(client):
    assert client.get("/vi/refused/").status_code == 503
    response = client.get("/vi/fine/")
    assert response.status_code == 200 and response.content == b"ok 1"


def test_503_page_speaks_the_language_of_the_url(client):
    vi = client.get("/vi/refused/").content.decode()
    en = client.get("/en/refused/").content.decode()
    assert '<html lang="vi">' in vi and '<html lang="en">' in en
    assert "Temporarily unavailable" in en
    assert "Temporarily unavailable" not in vi


def test_conn_health_checks_are_on():
    from django.conf import settings
    from django.db import connection

    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    if connection.vendor == "postgresql":
        assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
