# ruff: noqa: S603, S607, S310 - a harness that runs local tools (pg_dump, wrk, gunicorn) on loopback
"""`make bench`: fill PostgreSQL with sample data at scale, serve the portal with gunicorn
and measure its pages with wrk (a separate process) over loopback.

Run through `make bench` (which starts a throwaway PostgreSQL unless DATABASE_URL is set).
Steps: restore or generate the data (cached in var/bench-cache/, keyed by a hash of the
migrations, the demo data and the generator), collectstatic, start gunicorn (2 workers,
production settings, DEBUG off, DJANGO_BENCH=1 for the ceiling view and the query-count
header), then for every page and language: one request for the query count and the size,
and `wrk -c 8 -t 2 -d 5s --latency`. Prints a table and writes bench/results/latest.json.

Environment: BENCH_THROWAWAY=1 (set by the Makefile) when the database is a throwaway one
that may be filled; with your own DATABASE_URL the database is measured as it is, unless
BENCH_FILL=1. BENCH_DURATION (seconds per page, default 5), BENCH_CONCURRENCY (8),
BENCH_ARTICLES / BENCH_PROJECTS / BENCH_TRANSACTIONS / BENCH_MEMBERS (the sizes), BENCH_ONLY
(comma-separated page names, for a quick look at a few pages).
"""

import datetime
import gzip
import hashlib
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urljoin

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
RESULTS = ROOT / "bench" / "results"
CACHE = ROOT / "var" / "bench-cache"
LUA = ROOT / "bench" / "report.lua"

SIZES = {
    "articles": int(os.environ.get("BENCH_ARTICLES", "100000")),
    "aid_projects": int(os.environ.get("BENCH_PROJECTS", "5000")),
    "transactions": int(os.environ.get("BENCH_TRANSACTIONS", "50000")),
    "members": int(os.environ.get("BENCH_MEMBERS", "20000")),
    "associations": 40,
    "chapters": 400,
    "congresses": 120,
}
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
THREADS = 2
SEARCH = {"search_common": {"vi": "huu nghi", "en": "friendship"}, "search_rare": "nicaragua"}
# The shape of latest.json, as issues 7 and 14 fix it.
RESULT_KEYS = ("date", "machine", "concurrency", "ceiling", "pages", "built", "staff")
PAGE_KEYS = (
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
)
# The targets of issue 14 (the status column names what misses one).
P95_LIMIT_MS = 100
STAFF_LIMITS_MS = dict.fromkeys(
    ("admin_articles", "admin_articles_deep", "admin_article_form", "admin_members"), 150
) | {"admin_transactions": 150, "admin_articles_search": 300}
COLD_LIMIT_MS = 250
QUERY_LIMIT = 12
RATIO_LIMIT = {"pages": 0.5, "built": 0.1}
RATIO_PAGES = {"home", "article", "news_list", "news_list_deep"}
MODES = ("pages", "built", "staff")
MODE_TITLES = {
    "pages": "page cache on (what anonymous readers get)",
    "built": "page cache off: every page built from the database",
    "staff": "staff pages, one request at a time, signed in past the second factor",
}
# The switch only the bench can turn on (settings.BENCH): this request skips the page cache.
BUILT_HEADER = "X-Bench-Built"
# The content generation in Redis (portal/pagecache.py, under the cache's KEY_PREFIX).
GENERATION_KEY = "portal:1:pagecache:generation"


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def django_env(static_root, media_root):
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_BENCH="1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args, capture=False):
    cmd = [PY, "manage.py", *args]
    if capture:
        return subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True)


def cache_key():
    """Changes when the schema, the demo data, the generator or the sizes change."""
    digest = hashlib.sha256(json.dumps(SIZES, sort_keys=True).encode())
    files = sorted(ROOT.glob("*/migrations/*.py")) + sorted(ROOT.glob("*/demo*.py"))
    files += sorted(ROOT.glob("*/sampledata.py"))  # portal's and each app's
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fill_database(env, media_root):
    """Restore the cached dump, or migrate + demo + generate and cache the result."""
    url = env["DATABASE_URL"]
    key = cache_key()
    dump = CACHE / f"{key}.dump"
    media_cache = CACHE / f"{key}-media"
    if dump.exists() and media_cache.exists():
        log(f"restoring the cached data ({dump.name}, {dump.stat().st_size / 1e6:.0f} MB)")
        started = time.monotonic()
        subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", "-j", "2", "-d", url, str(dump)],
            check=True,
        )
        shutil.copytree(media_cache, media_root, dirs_exist_ok=True)
        # Planner statistics and the visibility map are not in a dump (the generator gathered
        # them at the end; autovacuum keeps them on a server): index-only scans need the map.
        subprocess.run(["psql", "-q", "-d", url, "-c", "VACUUM ANALYZE"], check=True)
        log(f"restored in {time.monotonic() - started:.0f}s")
        manage(env, "migrate", "--noinput", "-v0")  # a no-op unless the cache is stale
        return
    log("no cached data for this schema and generator: generating (cached for next time)")
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--no-users")
    manage(
        env,
        "generate_sample_data",
        "--seed",
        "7",
        "--batch-size",
        "2000",
        *[f"--{name.replace('_', '-')}={value}" for name, value in SIZES.items()],
    )
    subprocess.run(["psql", "-q", "-d", url, "-c", "VACUUM ANALYZE"], check=True)
    log(f"generated in {time.monotonic() - started:.0f}s; caching to {dump}")
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.iterdir():  # one cache at a time: the data is large
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    subprocess.run(["pg_dump", "-Fc", "-Z", "1", "-f", str(dump), url], check=True)
    shutil.copytree(media_root, media_cache)


def verified_session(user):
    """A session of `user` past the second factor (a confirmed authenticator, its code entered):
    what staff have after signing in with password and code."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


SETUP = r"""
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import translation
from bench.run import verified_session
from news.models import Article
from news.views import PER_PAGE

user, _ = get_user_model().objects.get_or_create(username="bench-leadership")
user.is_staff = True
user.set_unusable_password()
user.save()
user.groups.add(Group.objects.get(name="Leadership"))
admin, _ = get_user_model().objects.get_or_create(username="bench-admin")
admin.is_staff = admin.is_superuser = True
admin.set_unusable_password()
admin.save()
out = {
    "session": verified_session(user),
    "staff_session": verified_session(admin),
    "articles": {},
    "article": {},
    "deep_page": 500,
}
for language in ("vi", "en"):
    with translation.override(language):
        published = Article.objects.published(language)
        count = published.count()
        out["articles"][language] = count
        # An article from the middle of the archive: not in any cache by chance.
        item = published.order_by("-published_at", "-id")[count // 2]
        out["article"][language] = item.get_absolute_url(language)
        if language == "vi":
            out["article_id"] = item.pk
out["deep_page"] = min(500, max(1, out["articles"]["en"] // PER_PAGE))
out["database"] = (
    f"postgresql {connection.pg_version // 10000}"
    if connection.vendor == "postgresql"
    else connection.vendor
)
print("BENCH-SETUP " + json.dumps(out))
"""

PATHS = r"""
import json
from django.urls import reverse
from django.utils import translation
names = {
    "home": "home", "news_list": "news:index", "search": "search:results", "about": "unions:about",
    "associations": "members:associations", "leadership": "congresses:leadership",
    "congress_history": "congresses:history", "aid_overview": "aid:overview",
    "aid_dashboard": "aid:dashboard", "feed": "news:rss",
    "documents": "documents:list", "gallery": "albums:index", "events": "events:upcoming",
    "events_past": "events:past", "series_index": "news:series_index",
}
out = {}
for language in ("vi", "en"):
    with translation.override(language):
        out[language] = {key: reverse(name) for key, name in names.items()}
with translation.override("vi"):  # the admin is in Vietnamese
    out["staff"] = {
        "articles": reverse("admin:news_article_changelist"),
        "article_form": reverse("admin:news_article_change", args=[0]),
        "members": reverse("admin:members_member_changelist"),
        "transactions": reverse("admin:aid_transaction_changelist"),
    }
from portal.urls import SITEMAPS
out["sitemaps"] = {
    name: {"path": reverse("sitemap_section", kwargs={"section": name}),
           "pages": section().paginator.num_pages}
    for name, section in SITEMAPS.items()
}
print("BENCH-PATHS " + json.dumps(out))
"""


def marker(output, tag):
    for line in output.splitlines():
        if line.startswith(tag + " "):
            return json.loads(line[len(tag) + 1 :])
    raise RuntimeError(f"no {tag} line in:\n{output}")


def page_list(paths, setup):
    pages = []
    for language in ("vi", "en"):
        p = paths[language]
        deep = setup["deep_page"]
        common = SEARCH["search_common"][language]
        items = [
            ("home", p["home"]),
            ("news_list", p["news_list"]),
            ("news_list_deep", f"{p['news_list']}?page={deep}"),
            ("article", setup["article"][language]),
            ("search_common", f"{p['search']}?{urlencode({'q': common})}"),
            ("search_rare", f"{p['search']}?{urlencode({'q': SEARCH['search_rare']})}"),
            ("about", p["about"]),
            ("associations", p["associations"]),
            ("leadership", p["leadership"]),
            ("congress_history", p["congress_history"]),
            ("aid_overview", p["aid_overview"]),
            ("aid_dashboard", p["aid_dashboard"]),
            ("documents", p["documents"]),
            ("gallery", p["gallery"]),
            ("events", p["events"]),
            ("events_past", p["events_past"]),
            ("series_index", p["series_index"]),
            # The search's page of one kind (the page of every kind is search_common).
            ("search_kind", f"{p['search']}?{urlencode({'q': common, 'kind': 'associations'})}"),
            ("sitemap", "/sitemap.xml"),
            ("feed", p["feed"]),
        ]
        if language == "vi":
            # Sitemap files have no language: each section once (its first page), and the
            # articles' last page, listed with the Vietnamese pages.
            for name, section in paths["sitemaps"].items():
                items.append((f"sitemap_{name}", section["path"]))
            news = paths["sitemaps"]["news"]
            items.append(("sitemap_news_last", f"{news['path']}?p={news['pages']}"))
        for name, path in items:
            pages.append({"name": name, "lang": language, "path": path})
    return _only(pages)


def staff_pages(paths, setup):
    """The admin pages staff open all day, in Vietnamese (the admin's language)."""
    staff = paths["staff"]
    form = staff["article_form"].replace("/0/", f"/{setup['article_id']}/")
    items = [
        ("admin_articles", staff["articles"]),
        ("admin_articles_deep", f"{staff['articles']}?p=500"),
        ("admin_articles_search", f"{staff['articles']}?{urlencode({'q': 'huu nghi'})}"),
        ("admin_article_form", form),
        ("admin_members", staff["members"]),
        ("admin_transactions", staff["transactions"]),
    ]
    return _only([{"name": name, "lang": "vi", "path": path} for name, path in items])


def _only(pages):
    only = {n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()}
    return [page for page in pages if not only or page["name"] in only]


def headers_for(page, setup, mode):
    # As nginx would send them: the portal redirects plain HTTP to HTTPS otherwise.
    headers = {"X-Forwarded-Proto": "https", "Accept-Language": page.get("lang", "vi")}
    if mode == "staff":
        headers["Cookie"] = f"sessionid={setup['staff_session']}"
    elif page.get("name") == "aid_dashboard":
        headers["Cookie"] = f"sessionid={setup['session']}"
    if mode == "built":
        headers[BUILT_HEADER] = "1"
    return headers


def fetch(base, path, headers, gzip_ok=False):
    request = urllib.request.Request(urljoin(base, path), headers=dict(headers))
    if gzip_ok:
        request.add_header("Accept-Encoding", "gzip")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def settle(base, limit=120):
    """Wait until the workers have worked off what the last run left queued."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        began = time.perf_counter()
        try:
            fetch(base, "/bench/ceiling/", {"X-Forwarded-Proto": "https"})
        except OSError:
            continue
        if time.perf_counter() - began < 0.05:
            return


# Measured a second time with every request built (no page cache): readers who search the
# same words share the cached page, a new query is built (latest.json "uncached").
UNCACHED_PAGES = {"search_common", "search_rare"}


def wrk(base, path, headers, duration=DURATION, uncached=False, concurrency=CONCURRENCY):
    threads = min(THREADS, concurrency)
    cmd = ["wrk", "-c", str(concurrency), "-t", str(threads), "-d", f"{duration}s", "--latency"]
    cmd += ["-s", str(LUA)]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    cmd.append(urljoin(base, path))
    if uncached:
        cmd += ["--", "uncached"]
    result = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return marker(result.stdout, "WRK-RESULT")


def page_entry(page, measured, queries, body, setup, cold_ms=None):
    return {
        "name": page["name"],
        "lang": page["lang"],
        "path": page["path"],
        "rps": round(measured["requests"] / (measured["duration_us"] / 1e6), 1),
        "p50_ms": round(measured["p50_us"] / 1000, 2),
        "p95_ms": round(measured["p95_us"] / 1000, 2),
        "queries": queries,
        "bytes": len(body),
        "articles": setup["articles"][page["lang"]],
        "cold_ms": cold_ms,
    }


def start_gunicorn(env, port):
    cmd = [GUNICORN, "portal.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    cmd += ["--worker-class", "sync", "--log-level", "warning", "--timeout", "60"]
    process = subprocess.Popen(cmd, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            status, _h, _b = fetch(base, "/bench/ceiling/", {"X-Forwarded-Proto": "https"})
            if status == 200:
                return process, base
        except OSError:
            pass
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited")
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer")


def page_weight(base, article_path, headers):
    """The article page's HTML, CSS, JS and fonts, as a browser downloads them (gzip)."""
    status, _h, body = fetch(base, article_path, headers)
    html = body.decode("utf-8", "replace")
    assets = set(re.findall(r'<link[^>]+href="(/static/[^"]+\.(?:css|woff2?))"', html))
    assets |= set(re.findall(r'<script[^>]+src="(/static/[^"]+\.js)"', html))
    css = [a for a in assets if a.endswith(".css")]
    for sheet in css:
        _s, _h, text = fetch(base, sheet, headers)
        for ref in re.findall(
            r"url\(['\"]?([^'\")]+\.woff2)['\"]?\)", text.decode("utf-8", "replace")
        ):
            assets.add(urljoin(sheet, ref))
    rows = [{"path": article_path, "kind": "html", "bytes": len(gzip.compress(body))}]
    for asset in sorted(assets):
        _s, response_headers, data = fetch(base, asset, headers, gzip_ok=True)
        kind = asset.rsplit(".", 1)[-1]
        rows.append({"path": asset, "kind": kind, "bytes": len(data)})
    return {"total_bytes": sum(r["bytes"] for r in rows), "files": rows, "status": status}


def machine(database):
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "database": database}


def result_document(database, ceiling, pages, built, staff, uncached):
    """latest.json: the shape of issue 7 (RESULT_KEYS, PAGE_KEYS) and of issue 14 (`built`,
    `staff`, `cold_ms` in every entry), plus `uncached`."""
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(database),
        "concurrency": CONCURRENCY,
        "ceiling": ceiling,
        "pages": pages,
        "built": built,
        "staff": staff,
        # The search pages with every request built, and a new query each time.
        "uncached": uncached,
    }


def page_problems(page, ceiling, status):
    problems = []
    limit = STAFF_LIMITS_MS.get(page["name"], P95_LIMIT_MS)
    if page["p95_ms"] > limit:
        problems.append(f"p95 > {limit} ms")
    ratio = page["rps"] / ceiling["rps"] if ceiling["rps"] else 0
    if page["name"] in RATIO_PAGES and ratio < RATIO_LIMIT.get(page["mode"], 0):
        problems.append(f"< {RATIO_LIMIT[page['mode']]} x ceiling")
    # A staff page is measured one request at a time: its limit is a cold request's too.
    cold_limit = max(COLD_LIMIT_MS, STAFF_LIMITS_MS.get(page["name"], 0))
    if (page.get("cold_ms") or 0) > cold_limit:
        problems.append(f"cold > {cold_limit} ms")
    if page["queries"] is not None and page["queries"] > QUERY_LIMIT:
        problems.append(f"> {QUERY_LIMIT} queries")
    code, errors = status
    if code != 200 or errors:
        problems.append(f"status {code}, {errors} errors")
    return problems


def print_table(result):
    ceiling = result["ceiling"]
    statuses = result.get("_status", {})
    print()
    header = (
        f"{'page':<22}{'lang':<5}{'rps':>8}{'ratio':>7}{'p50 ms':>8}{'p95 ms':>8}"
        f"{'queries':>8}{'bytes':>9}{'cold ms':>9}  status"
    )
    for mode in MODES:
        print(f"\n{mode}: {MODE_TITLES[mode]}")
        print(header)
        if mode != "staff":
            print(
                f"{'ceiling':<22}{'':<5}{ceiling['rps']:>8.0f}{1:>7.2f}"
                f"{ceiling['p50_ms']:>8.1f}{ceiling['p95_ms']:>8.1f}{0:>8}"
            )
        for page in result[mode]:
            ratio = page["rps"] / ceiling["rps"] if ceiling["rps"] else 0
            status = statuses.get((mode, page["name"], page["lang"]), (200, 0))
            problems = page_problems({**page, "mode": mode}, ceiling, status)
            print(
                f"{page['name']:<22}{page['lang']:<5}{page['rps']:>8.0f}{ratio:>7.2f}"
                f"{page['p50_ms']:>8.1f}{page['p95_ms']:>8.1f}{page['queries']:>8}"
                f"{page['bytes']:>9}{page['cold_ms'] or 0:>9.0f}  {'; '.join(problems) or 'ok'}"
            )
    print("\nsearch, a new query every request (built):")
    for page in result.get("uncached", []):
        print(
            f"{page['name']:<22}{page['lang']:<5}{page['rps']:>8.0f}"
            f"{page['rps'] / ceiling['rps'] if ceiling['rps'] else 0:>7.2f}"
            f"{page['p50_ms']:>8.1f}{page['p95_ms']:>8.1f}"
        )
    weight = result.get("_weight")
    if weight:
        print(
            "\narticle page weight (HTML+CSS+JS+fonts, compressed): "
            f"{weight['total_bytes']:,} bytes"
        )


def bump_generation(redis_port):
    """What a save does to every cached page and fragment: the next request of each is built
    from the database (the `cold` time is that request's)."""
    subprocess.run(
        ["redis-cli", "-p", str(redis_port), "INCR", GENERATION_KEY],
        check=True,
        capture_output=True,
    )


# What a secretary saving an aid transaction in the admin does (one transaction): the aid
# figures are computed again when it commits (aid/figures.py), the pages built anew.
SAVE_AID_TRANSACTION = """
from django.db import transaction
from aid.models import Transaction
with transaction.atomic():
    Transaction.objects.order_by("pk").first().save()
"""


def content_change(page, env, redis_port):
    """What the page's cold request follows: for the aid pages, an aid transaction saved (what
    their figures depend on); for the others, any content saved (the generation bumped)."""
    if page["name"].startswith("aid_"):
        manage(env, "shell", "-c", SAVE_AID_TRANSACTION, capture=True)
    else:
        bump_generation(redis_port)


def measure(base, pages, setup, mode, env, redis_port):
    """(entries, statuses): each page's cold request right after a content change, six
    warm-up requests, then wrk."""
    entries, statuses = [], {}
    concurrency = 1 if mode == "staff" else CONCURRENCY
    for page in pages:
        headers = headers_for(page, setup, mode)
        settle(base)
        content_change(page, env, redis_port)
        began = time.perf_counter()
        try:
            status, response_headers, body = fetch(base, page["path"], headers)
        except OSError as exc:  # a page too slow to answer at all is reported, not fatal
            log(f"{page['name']} {page['lang']}: no answer ({exc})")
            status, response_headers, body = 0, {}, b""
        cold_ms = round((time.perf_counter() - began) * 1000, 1)
        queries = int(response_headers.get("X-Query-Count", "-1"))
        for _ in range(6):  # warm both workers' template and URL caches
            fetch(base, page["path"], headers)
        measured = wrk(base, page["path"], headers, concurrency=concurrency)
        entry = page_entry(page, measured, queries, body, setup, cold_ms)
        statuses[(mode, page["name"], page["lang"])] = (status, measured["errors"])
        entries.append(entry)
        log(
            f"{mode:<6} {page['name']:<22} {page['lang']} {entry['rps']:>6.0f} rps  "
            f"p95 {entry['p95_ms']:>6.1f} ms  cold {cold_ms:>6.0f} ms  {queries} queries"
            f"  ({status})"
        )
    return entries, statuses


def main():
    started = time.monotonic()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("make bench needs PostgreSQL: run it through `make bench`, or set DATABASE_URL.")
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: `make bench` installs it (apt-get install wrk).")
    work = ROOT / "var" / "bench"
    shutil.rmtree(work, ignore_errors=True)
    static_root, media_root = work / "static", work / "media"
    media_root.mkdir(parents=True)
    env = django_env(static_root, media_root)
    if os.environ.get("BENCH_THROWAWAY") == "1" or os.environ.get("BENCH_FILL") == "1":
        fill_database(env, media_root)
    else:
        log("DATABASE_URL is set: measuring that database as it is")
    log("collectstatic")
    manage(env, "collectstatic", "--noinput", "-v0")
    setup = marker(manage(env, "shell", "-c", SETUP, capture=True).stdout, "BENCH-SETUP")
    paths = marker(manage(env, "shell", "-c", PATHS, capture=True).stdout, "BENCH-PATHS")
    log(f"published articles: vi {setup['articles']['vi']:,}, en {setup['articles']['en']:,}")
    # Production-like: one Redis for the cache (and the page cache) of both workers.
    redis_port = free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(work)],
        stdout=subprocess.DEVNULL,
    )
    env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    port = free_port()
    process, base = start_gunicorn(env, port)
    try:
        ceiling_headers = {"X-Forwarded-Proto": "https"}
        wrk(base, "/bench/ceiling/", ceiling_headers, duration=2)  # warm up both workers
        measured = wrk(base, "/bench/ceiling/", ceiling_headers)
        ceiling = {
            "rps": round(measured["requests"] / (measured["duration_us"] / 1e6), 1),
            "p50_ms": round(measured["p50_us"] / 1000, 2),
            "p95_ms": round(measured["p95_us"] / 1000, 2),
        }
        log(f"ceiling: {ceiling['rps']:.0f} requests/s")
        results, statuses = {}, {}
        public = page_list(paths, setup)
        for mode, pages in (("pages", public), ("built", public)):
            results[mode], found = measure(base, pages, setup, mode, env, redis_port)
            statuses.update(found)
        results["staff"], found = measure(
            base, staff_pages(paths, setup), setup, "staff", env, redis_port
        )
        statuses.update(found)
        # Search again with a new query every request: what a query nobody asked for costs.
        uncached = []
        for page in public:
            if page["name"] in UNCACHED_PAGES:
                headers = headers_for(page, setup, "pages")
                settle(base)
                measured = wrk(base, page["path"], headers, uncached=True)
                entry = page_entry(page, measured, None, b"", setup)
                uncached.append(entry)
                log(
                    f"{page['name']:<16} {page['lang']} uncached: p95 {entry['p95_ms']:.1f} ms"
                    f"  ({measured['errors']} errors)"
                )
        weight = page_weight(base, setup["article"]["vi"], {"X-Forwarded-Proto": "https"})
    finally:
        process.terminate()
        process.wait(timeout=30)
        redis.terminate()
        redis.wait(timeout=30)
    result = result_document(
        setup["database"], ceiling, results["pages"], results["built"], results["staff"], uncached
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / "page-weight.json").write_text(json.dumps(weight, indent=2) + "\n")
    print_table({**result, "_weight": weight, "_status": statuses})
    log(f"wrote bench/results/latest.json in {time.monotonic() - started:.0f}s in all")


def markdown(result):
    """The tables of bench/README.md from a latest.json: `python bench/run.py --markdown`."""
    ceiling = result["ceiling"]
    lines = []
    columns = (
        "| page | lang | rps | × ceiling | p50 ms | p95 ms | queries | bytes | cold ms | misses |"
    )
    for mode in MODES:
        lines += ["", f"**{mode}**: {MODE_TITLES[mode]}", "", columns]
        lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        if mode != "staff":
            lines.append(
                f"| ceiling | | {ceiling['rps']:.0f} | 1.00 | {ceiling['p50_ms']:.1f} "
                f"| {ceiling['p95_ms']:.1f} | 0 | | | |"
            )
        for page in result[mode]:
            ratio = page["rps"] / ceiling["rps"] if ceiling["rps"] else 0
            problems = page_problems({**page, "mode": mode}, ceiling, (200, 0))
            lines.append(
                f"| {page['name']} | {page['lang']} | {page['rps']:.0f} | {ratio:.2f} "
                f"| {page['p50_ms']:.1f} | {page['p95_ms']:.1f} | {page['queries']} "
                f"| {page['bytes']:,} | {page['cold_ms'] or 0:.0f} | {'; '.join(problems)} |"
            )
    lines += ["", "**uncached**: search, a new query every request (built)", ""]
    lines += ["| page | lang | rps | p50 ms | p95 ms |", "| --- | --- | ---: | ---: | ---: |"]
    for page in result.get("uncached", []):
        lines.append(
            f"| {page['name']} | {page['lang']} | {page['rps']:.0f} | {page['p50_ms']:.1f} "
            f"| {page['p95_ms']:.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == ["--markdown"]:
        print(markdown(json.loads((RESULTS / "latest.json").read_text())))
    else:
        main()
