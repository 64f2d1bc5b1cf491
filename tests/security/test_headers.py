"""Security headers and cookies on every public page (walked from the sitemap) and the admin."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.factories import staff_user
from tests.sitemaps import sitemap_paths

pytestmark = pytest.mark.django_db

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


@pytest.fixture
def demo_site(home_union):
    """Every app's demo content, so the sitemap lists a page of each kind."""
    call_command("load_demo", "--no-users", stdout=io.StringIO())
    return home_union


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_hardened(response, path):
    headers = response.headers
    csp = headers.get("Content-Security-Policy")
    assert csp, f"{path}: no Content-Security-Policy"
    policy = parse_csp(csp)
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts, f"{path}: CSP says nothing about scripts"
    for forbidden in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        assert forbidden not in scripts, f"{path}: script-src allows {forbidden}"
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions, f"{path}: Permissions-Policy lacks {feature}"
    hsts = headers.get("Strict-Transport-Security", "")
    assert re.match(r"max-age=(\d+)", hsts), f"{path}: no HSTS over HTTPS"
    assert int(re.match(r"max-age=(\d+)", hsts).group(1)) >= 365 * 24 * 3600
    assert "includeSubDomains" in hsts

    if "text/html" in headers.get("Content-Type", ""):
        html = response.content.decode()
        nonce = re.search(r"'nonce-([^']+)'", csp)
        for attributes in SCRIPT_TAG.findall(html):
            if "src=" in attributes or 'type="application/json"' in attributes:
                continue
            assert nonce and f'nonce="{nonce.group(1)}"' in attributes, (
                f"{path}: inline <script{attributes}> without the response's nonce"
            )
        handler = EVENT_HANDLER.search(html)
        assert handler is None, f"{path}: inline event handler {handler.group(0)!r}"


def test_every_public_page_sends_the_security_headers(client, demo_site):
    paths = sorted(set(sitemap_paths(client)))
    assert paths, "the sitemap lists no page"
    paths += ["/vi/", "/en/", "/sitemap.xml", "/robots.txt", "/vi/no-such-page/"]
    for path in paths:
        response = client.get(path, secure=True)
        assert response.status_code in {200, 404}, f"{path}: {response.status_code}"
        assert_hardened(response, path)


def test_admin_pages_send_the_security_headers(client, admin_client, demo_site):
    for path in [reverse("admin:login"), f"/en/{settings.ADMIN_PATH}login/"]:
        response = client.get(path, secure=True)
        assert response.status_code == 200
        assert_hardened(response, path)
    for name in ["admin:index", "admin:unions_union_add", "admin:auth_user_changelist"]:
        response = admin_client.get(reverse(name), secure=True)
        assert response.status_code == 200, name
        assert_hardened(response, name)


def test_a_template_can_use_the_nonce(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import Context, Template

    def view(request):
        html = Template('<script nonce="{{ request.csp_nonce }}">1</script>').render(
            Context({"request": request})
        )
        return HttpResponse(html)

    request = rf.get("/")
    response = CSPMiddleware(view)(request)
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in parse_csp(response["Content-Security-Policy"])["script-src"]


def test_cookies_are_secure_httponly_and_samesite(client):
    staff_user("writer1", password="a-long-enough-password")
    login_url = reverse("admin:login")
    response = client.get(login_url, secure=True)
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    language = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert language["secure"] and language["samesite"] == "Lax"
    # CKEditor's upload reads the CSRF token from the cookie, so it cannot be HttpOnly;
    # the token is worthless without the session cookie, which is.
    response = client.post(
        login_url,
        {"username": "writer1", "password": "a-long-enough-password", "next": "/vi/"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert int(session["max-age"]) <= 12 * 3600
