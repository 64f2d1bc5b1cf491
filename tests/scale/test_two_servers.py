"""Two portal servers, one PostgreSQL, one Redis: what a network-wide installation runs.

The test starts Debian's redis-server on a loopback port and two gunicorn servers on two
more, both with REDIS_URL (shared cache and sessions) and the same fresh database on the
PostgreSQL of `make test-postgres`. It then shows that a staff member signed in on one
server is signed in on the other, and that an article published on one is on the other's
pages at once (nothing stale in a cache).

Media is shared either as one folder, or (`s3`) as a bucket of an S3-compatible server that
the test starts on another loopback port (moto, tests/s3.py), public as docs/operations.md
sets it up: an image uploaded through the admin of one server is on the other's page, its
renditions served by the store, and clearing it on one removes it for both.
"""

import html as html_lib
import os
import re
import secrets
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from tests.factories import image_bytes
from tests.s3 import S3Server, fetch
from tests.scale.servers import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two-servers-Pass-2026"
TOTP_KEY = "3132333435363738393031323334353637383930"
TITLE = "Bài viết đăng trên máy chủ thứ nhất"
PHOTO_TITLE = "Bài viết có ảnh tải lên máy chủ thứ nhất"

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

    def request(self, base, path, data=None, referer=None, files=None):
        """`files`: {field: (file name, bytes, type)}, sent as multipart/form-data."""
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "vi"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None and files is not None:
            body, headers["Content-Type"] = multipart(data, files)
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if data is not None:
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


def multipart(data, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in data:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}"
    )


class FormFields(HTMLParser):
    """What a browser sends for the form with id `form_id`, as (name, value) pairs: text
    fields and text areas, checked boxes, selected options (a plain select's first option
    when none is); file inputs and buttons are left to the caller."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        kind = attrs.get("type", "text")
        if tag == "input" and kind not in ("file", "submit", "button", "image", "reset"):
            box = kind in ("checkbox", "radio")
            if not box or "checked" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "on" if box else "")))
        elif tag == "select":
            self.select = {"name": attrs["name"], "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.select["options"].append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = [value for value, selected in self.select["options"] if selected]
            if not chosen and not self.select["multiple"] and self.select["options"]:
                chosen = [self.select["options"][0][0]]
            self.fields += [(self.select["name"], value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the newline that follows <textarea>.
            self.fields.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None


def form_fields(html, form_id, **changes):
    parser = FormFields(form_id)
    parser.feed(html)
    fields = [(name, value) for name, value in parser.fields if name not in changes]
    return fields + list(changes.items())


def picture_urls(html):
    """The URLs of the <picture>s of a page (srcset and src)."""
    found = set()
    for picture in re.findall(r"<picture>.*?</picture>", html, re.S):
        for value in re.findall(r'(?:src|srcset)="([^"]+)"', picture):
            found |= {html_lib.unescape(part.strip().split(" ")[0]) for part in value.split(",")}
    return found


def csrf_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


@pytest.fixture(scope="module")
def database(media):
    """A fresh database on the PostgreSQL server of this test run, one per kind of media."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = f"portal_two_servers_{os.getpid()}_{media['kind']}"
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
# Editors sign in with a second factor: an authenticator whose key the test knows. One
# editor per test: a code is accepted once, and both tests may sign in within its 30 seconds.
from django_otp.plugins.otp_totp.models import TOTPDevice
for username in ("two-servers-editor", "two-servers-photo-editor"):
    editor = User.objects.create_user(username, password={PASSWORD!r}, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    TOTPDevice.objects.create(user=editor, name="Authenticator", confirmed=True, key={TOTP_KEY!r})
category = Category.objects.create(
    name_vi="Tin hoạt động", name_en="Activities", slug_vi="tin-hoat-dong", slug_en="activities"
)
article = Article.objects.create(
    title_vi={TITLE!r}, summary_vi="Tóm tắt.", body_vi="<p>Nội dung.</p>", category=category
)
print("ARTICLE", article.pk, article.slug_vi)
photo = Article.objects.create(
    title_vi={PHOTO_TITLE!r}, summary_vi="Tóm tắt.", body_vi="<p>Ảnh.</p>", category=category,
    status=Article.Status.PUBLISHED,
)
print("PHOTO", photo.pk, photo.slug_vi)
"""


@pytest.fixture(scope="module")
def media(request, tmp_path_factory):
    """The settings of the media both servers share: a folder, or a bucket of an
    S3-compatible server on a loopback port."""
    folder = str(tmp_path_factory.mktemp("media"))
    if request.param == "folder":
        yield {"kind": "folder", "env": {"MEDIA_ROOT": folder}, "folder": folder}
        return
    store = S3Server(tmp_path_factory.mktemp("s3"))
    try:
        bucket = store.create_bucket("portal-media", public=True)
        # MEDIA_ROOT too: nothing may be written there (checked at the end).
        env = {**store.environment(bucket), "MEDIA_ROOT": folder}
        yield {"kind": "s3", "env": env, "folder": folder, "store": store, "bucket": bucket}
    finally:
        store.stop()


@pytest.fixture(scope="module")
def servers(database, redis_url, media, tmp_path_factory):
    env = {
        **os.environ,
        **media["env"],
        # The two pairs of servers share the Redis server, not its keys.
        "DJANGO_CACHE_PREFIX": f"two-servers-{media['kind']}",
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
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
    setup = subprocess.run(
        [python, "manage.py", "shell", "-c", SETUP],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert setup.returncode == 0, setup.stderr
    out = setup.stdout
    _tag, pk, slug = next(line for line in out.splitlines() if line.startswith("ARTICLE")).split()
    _tag, photo_pk, photo_slug = next(
        line for line in out.splitlines() if line.startswith("PHOTO")
    ).split()
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
            "photo_pk": photo_pk,
            "photo_slug": photo_slug,
            "redis_url": redis_url,
            "media": media,
        }
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def sign_in(browser, base, username="two-servers-editor"):
    status, _h, html = browser.request(base, "/vi/admin/login/?next=/vi/admin/")
    assert status == 200
    status, headers, _html = browser.request(
        base,
        "/vi/admin/login/?next=/vi/admin/",
        data={
            "csrfmiddlewaretoken": csrf_token(html),
            "username": username,
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


@pytest.mark.parametrize("media", ["folder", "s3"], indirect=True)
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


@pytest.mark.parametrize("media", ["s3"], indirect=True)
def test_an_image_uploaded_on_one_server_is_served_by_the_other(servers):
    a, b = servers["a"], servers["b"]
    store, bucket = servers["media"]["store"], servers["media"]["bucket"]
    editor, reader = Browser(), Browser()
    sign_in(editor, a, "two-servers-photo-editor")
    change = f"/vi/admin/news/article/{servers['photo_pk']}/change/"
    article_path = f"/vi/tin-tuc/{servers['photo_slug']}/"

    # Uploaded through A's article form, as a person does (every other field as it is).
    status, _h, html = editor.request(a, change)
    assert status == 200
    status, headers, html = editor.request(
        a,
        change,
        data=form_fields(html, "article_form", _save="Lưu"),
        files={"cover": ("anh-hoi-nghi.jpg", image_bytes(size=(1400, 900)), "image/jpeg")},
    )
    assert status == 302, re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    stored = store.keys(bucket, "news/")
    originals = [key for key in stored if "/r/" not in key]
    assert len(originals) == 1 and len(stored) > 1, stored

    # B's page shows it, every rendition served by the store to a reader without a session.
    status, headers, html = reader.request(b, article_path)
    assert status == 200
    urls = picture_urls(html)
    assert len(urls) == len(stored) - 1, (urls, stored)
    for url in urls:
        assert url.startswith(f"{store.endpoint}/{bucket}/news/"), url
        status, _h, body = fetch(url)
        assert status == 200, url
        assert body[:4] in (b"RIFF", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb")
    # The page's policy lets a browser load them.
    img_src = re.search(r"img-src ([^;]+)", headers["Content-Security-Policy"]).group(1)
    assert store.endpoint in img_src.split()
    # The portal's own URL of the file (the editor's inline images use it) leads to the store.
    status, headers, _html = reader.request(b, f"/media/{originals[0]}")
    assert status == 302
    assert fetch(headers["Location"])[0] == 200

    # Cleared on A: gone from the store, from B's page and for B's readers.
    status, _h, html = editor.request(a, change)
    status, _h, html = editor.request(
        a, change, data=form_fields(html, "article_form", _save="Lưu", **{"cover-clear": "on"})
    )
    assert status == 302
    assert store.keys(bucket, "news/") == []
    status, _h, html = reader.request(b, article_path)
    assert status == 200
    assert picture_urls(html) == set()
    for url in urls:
        assert fetch(url)[0] in (403, 404)
    # Nothing went to the servers' own folder.
    assert not any(Path(servers["media"]["folder"]).rglob("*.*"))
