"""The language switcher, hreflang and canonical links stay on the portal's own host, whatever
path the server passes on (gunicorn hands `//evil.example/vi/tin-tuc/` to Django unchanged;
the test client would normalise it, so the WSGI handler gets a hand-built environ)."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

pytestmark = pytest.mark.django_db

HREF = re.compile(r'\bhref="([^"]*)"')
SWITCHER = re.compile(r'<nav class="lang-switch".*?</nav>', re.S)
HEAD_LINK = re.compile(r"<link\b[^>]*>")


def _wsgi_get(path, query=""):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "HTTP_ACCEPT_LANGUAGE": "vi",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, headers

    # As Django's test client does: the request must not close the test's connection (its
    # transaction holds the test's rows), which request_started does for a real request.
    signals.request_started.disconnect(close_old_connections)
    try:
        body = b"".join(WSGIHandler()(environ, start_response))
    finally:
        signals.request_started.connect(close_old_connections)
    return started["status"], dict(started["headers"]), body.decode()


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/vi/tin-tuc/",
        "//evil.example/en/news/",
        "///evil.example/vi/tin-tuc/",
        "//evil.example/vi/",
        "/\\evil.example/vi/tin-tuc/",
        "/\t/evil.example/vi/tin-tuc/",
    ],
)
def test_no_link_points_to_another_host(home_union, category, path):
    status, headers, page = _wsgi_get(path, "page=1")
    assert "evil.example" not in headers.get("Location", "")
    # The switcher's links, the hreflang alternates and the canonical address.
    links = HREF.findall(SWITCHER.search(page).group(0))
    links += [
        href
        for tag in HEAD_LINK.findall(page)
        if re.search(r'rel="(alternate|canonical)"', tag)
        and "hreflang" in tag
        or 'rel="canonical"' in tag
        for href in HREF.findall(tag)
    ]
    assert len(links) >= 3, (status, links)
    for href in links:
        parts = urlsplit(href)
        assert parts.netloc in ("", "testserver"), (status, href)
        assert re.match(r"(https?://testserver)?/[^/\\]", href), (status, href)
    # Nor any other link of the page.
    assert not any(
        urlsplit(href.replace("\\", "/")).netloc == "evil.example" for href in HREF.findall(page)
    ), status
