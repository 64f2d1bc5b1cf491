"""Two portal servers, one PostgreSQL, one Redis: what a network-wide installation runs.

The test starts Debian's redis-server on a loopback port and two gunicorn servers on two
more, both with REDIS_URL (shared cache and sessions) and the same fresh database on the
PostgreSQL of `make test-postgres`. It then shows that a staff member signed in on one
server is signed in on the other, and that an article published on one is on the other's
pages at once (nothing stale in a cache).
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from tests.scale.servers import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two-servers-Pass-2026"
TOTP_KEY = "3132333435363738393031323334353637383930"
TITLE = "Bài viết đăng trên máy chủ thứ nhất"

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL: runs in make test-postgres",
    ),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server missing"),
]


class Browser:
    """Just enough of a browser: cookies (Secure ones too: TLS ends at the proxy), forms."""

    def __init__(self):
        self.cookies = {}

    def request(self, base, path, data=None, referer=None):
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "vi"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            host = urllib.parse.urlsplit(base).netloc
            headers["Origin"] = f"https://{host}"
            headers["Referer"] = f"https://{host}{referer or path}"
        request = urllib.request.Request(base + path, data=body, headers=headers)  # noqa: S310
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as exc:
            response = exc
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        return response.status, response.headers, response.read().decode("utf-8", "replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csrf_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


@pytest.fixture(scope="module")
def database():
    """A fresh database on the PostgreSQL server of this test run, migrated."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = f"portal_two_servers_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(url)
    db_url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    yield db_url
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SETUP = f"""
import io
from django.contrib.auth.models import Group, User
from news.models import Article, Category
from unions import demo
demo.load(io.StringIO())
editor = User.objects.create_user("two-servers-editor", password={PASSWORD!r}, is_staff=True)
editor.groups.add(Group.objects.get(name="Editor"))
# Editors sign in with a second factor: an authenticator whose key the test knows.
from django_otp.plugins.otp_totp.models import TOTPDevice
TOTPDevice.objects.create(user=editor, name="Authenticator", confirmed=True, key={TOTP_KEY!r})
category = Category.objects.create(
    name_vi="Tin hoạt động", name_en="Activities", slug_vi="tin-hoat-dong", slug_en="activities"
)
article = Article.objects.create(
    title_vi={TITLE!r}, summary_vi="Tóm tắt.", body_vi="<p>Nội dung.</p>", category=category
)
print("ARTICLE", article.pk, article.slug_vi)
"""


@pytest.fixture(scope="module")
def servers(database, redis_url, tmp_path_factory):
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    # The page frame links hashed static files: collect them as a deployment does.
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    out = subprocess.run(
        [python, "manage.py", "shell", "-c", SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    _tag, pk, slug = next(line for line in out.splitlines() if line.startswith("ARTICLE")).split()
    gunicorn = str(Path(python).with_name("gunicorn"))
    processes, bases = [], []
    try:
        for _ in range(2):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [gunicorn, "portal.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
                    cwd=ROOT,
                    env=env,
                )
            )
            base = f"http://127.0.0.1:{port}"
            wait_for(lambda base=base: Browser().request(base, "/robots.txt")[0] == 200, "gunicorn")
            bases.append(base)
        yield {
            "a": bases[0],
            "b": bases[1],
            "article_pk": pk,
            "slug": slug,
            "redis_url": redis_url,
        }
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def sign_in(browser, base):
    status, _h, html = browser.request(base, "/vi/admin/login/?next=/vi/admin/")
    assert status == 200
    status, headers, _html = browser.request(
        base,
        "/vi/admin/login/?next=/vi/admin/",
        data={
            "csrfmiddlewaretoken": csrf_token(html),
            "username": "two-servers-editor",
            "password": PASSWORD,
            "next": "/vi/admin/",
        },
    )
    assert status == 302, "the sign-in was refused"
    assert "sessionid" in browser.cookies
    # The code step (the Editor role must use a second factor).
    verify = urllib.parse.urlsplit(headers["Location"])
    verify_path = f"{verify.path}?{verify.query}"
    status, _h, html = browser.request(base, verify_path)
    assert status == 200, "no code step after the password"
    from django_otp.oath import totp

    status, _h, _html = browser.request(
        base,
        verify_path,
        data={
            "csrfmiddlewaretoken": csrf_token(html),
            "token": f"{totp(bytes.fromhex(TOTP_KEY)):06d}",
            "next": "/vi/admin/",
        },
    )
    assert status == 302, "the code was refused"


def test_a_staff_session_and_a_publish_are_seen_on_both_servers(servers):
    a, b = servers["a"], servers["b"]
    browser = Browser()
    article_path = f"/vi/tin-tuc/{servers['slug']}/"

    # Both servers render (and may cache) the news list before the publish.
    for base in (a, b):
        status, _h, html = browser.request(base, "/vi/tin-tuc/")
        assert status == 200
        assert TITLE not in html
        assert browser.request(base, article_path)[0] == 404

    # Signed in on A, and therefore on B: the session lives in Redis (and the database).
    sign_in(browser, a)
    import redis

    session_keys = redis.Redis.from_url(servers["redis_url"]).keys("*sessions*")
    assert any(browser.cookies["sessionid"].encode() in key for key in session_keys)
    for base in (a, b):
        status, _h, html = browser.request(base, "/vi/admin/")
        assert status == 200, f"{base}: the admin did not recognise the session"
        assert "two-servers-editor" in html

    # Published from A's admin (the change list's action)...
    status, _h, html = browser.request(b, "/vi/admin/news/article/")
    assert status == 200
    status, _h, _html = browser.request(
        a,
        "/vi/admin/news/article/",
        data={
            "csrfmiddlewaretoken": csrf_token(html),
            "action": "publish",
            "_selected_action": servers["article_pk"],
            "index": "0",
        },
    )
    assert status == 302

    # ...and on B's pages at once, for a reader without a session.
    reader = Browser()
    status, _h, html = reader.request(b, "/vi/tin-tuc/")
    assert status == 200
    assert TITLE in html
    assert reader.request(b, article_path)[0] == 200
    assert reader.request(b, "/vi/")[0] == 200

    # Signing out on B ends the session on A too.
    signed_in = dict(browser.cookies)
    browser.request(
        b, "/vi/admin/logout/", data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]}
    )
    stale = Browser()
    stale.cookies = signed_in
    status, headers, _html = stale.request(a, "/vi/admin/")
    assert status == 302
    assert "/login/" in headers["Location"]
