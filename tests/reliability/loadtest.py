"""Load and fault test: readers, comments and join applications against gunicorn + PostgreSQL.

    python -m tests.reliability.loadtest --clients 50 --duration 60      (make loadtest)

What it sets up, all throwaway, in a temporary folder:
- a PostgreSQL cluster on a free loopback port with PostgreSQL's default durability (fsync
  and synchronous_commit on, unlike the quick cluster of .ci/with-postgres: a lost
  acknowledged write must be a real finding, not a test setting);
- the portal with production settings (DEBUG off), migrated, the demo data loaded,
  collectstatic run (whitenoise serves /static/), behind one simulated reverse proxy:
  DJANGO_TRUSTED_PROXY_COUNT=1, every request carries X-Forwarded-Proto: https and the
  reader's own X-Forwarded-For, as nginx would send them;
- gunicorn as in docs/operations.md (3 sync workers, --timeout 30), with an access log.

Then N client threads, each a stream of readers (a fresh address and cookie jar per visit),
read pages from the sitemap, search, send readers' comments and join applications
(CSRF token from the form, honeypot left empty, a unique token in every submission).

Faults, in the middle of the load (unless switched off):
- PostgreSQL is stopped (`pg_ctl stop -m fast`, what `systemctl restart` does), kept down
  for --outage seconds and started again; gunicorn is not touched. During the outage every
  response must be the styled 503 (or 500) page, never a traceback; from 5 s after the
  database is back every request must succeed again (recovery measured).
- One gunicorn worker is SIGKILLed while the load runs; the master replaces it. Only the
  request that worker was serving may fail (connection dropped); nothing else.

Afterwards every accepted submission (a 302 to the thank-you page or back to the article)
is looked up in the database by its token: accepted = stored, or the run fails. The access
and error logs are searched for the submitted personal data (there must be none).

Exit status 0 when every check passes; --report FOLDER writes report.json and summary.md.
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# A styled error page: the portal's frame for errors, and no Python internals.
STYLED_ERROR = 'class="error-page"'
LEAKS = ("Traceback", "OperationalError", "InterfaceError", "psycopg", 'File "/')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log(message):
    print(f"[loadtest {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- PostgreSQL ------------------------------------------------------------------------

CACHE_DIR = BASE_DIR / "var" / "loadtest-cache"


def demo_cache_key():
    """A hash of every file that shapes the migrated demo database."""
    import hashlib

    digest = hashlib.sha256()
    patterns = ["*/migrations/*.py", "*/models.py", "*/demo*.py", "*/codelists.py", "fixtures/**/*"]
    files = sorted({p for pattern in patterns for p in BASE_DIR.glob(pattern) if p.is_file()})
    files.append(BASE_DIR / "portal" / "management" / "commands" / "load_demo.py")
    for path in files:
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


class Cluster:
    """A throwaway PostgreSQL cluster that can be stopped and started under the load."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.data = self.folder / "pgdata"
        self.port = free_port()
        self.bindir = Path(
            sorted(
                Path("/usr/lib/postgresql").glob("*/bin"),
                key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
            )[-1]
        )
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def url(self):
        return f"postgres://portal@127.0.0.1:{self.port}/portal"

    def _run(self, *args, check=True):
        return subprocess.run(  # noqa: S603
            [*self.as_pg, *map(str, args)], check=check, capture_output=True, text=True
        )

    def init(self):
        if self.as_pg:
            shutil.chown(self.folder, "postgres")
        self._run(
            self.bindir / "initdb",
            "-D",
            self.data,
            "-U",
            "portal",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.start()
        self._run(
            self.bindir / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "portal", "portal"
        )

    def start(self):
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=100"
        )
        self._run(
            self.bindir / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.folder / "postgres.log",
            "-w",
            "-o",
            options,
            "start",
        )

    def dump(self, path):
        path.parent.mkdir(parents=True, exist_ok=True)
        completed = subprocess.run(  # noqa: S603
            [self.bindir / "pg_dump", "-Fc", "-h", "127.0.0.1", "-p", str(self.port)]
            + ["-U", "portal", "-f", str(path), "portal"],
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"pg_dump failed: {completed.stderr}")

    def restore(self, path):
        completed = subprocess.run(  # noqa: S603
            [self.bindir / "pg_restore", "--no-owner", "-h", "127.0.0.1", "-p", str(self.port)]
            + ["-U", "portal", "-d", "portal", str(path)],
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"pg_restore failed: {completed.stderr}")

    def stop(self, mode="fast"):
        self._run(self.bindir / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)


# --- The portal under gunicorn -------------------------------------------------------------


class Site:
    def __init__(self, folder, database_url, workers):
        self.folder = Path(folder)
        self.port = free_port()
        self.workers = workers
        self.access_log = self.folder / "access.log"
        self.error_log = self.folder / "gunicorn.log"
        # Django logs to the workers' stderr (settings.LOGGING), gunicorn to error_log.
        self.django_log = self.folder / "django.log"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": "loadtest-only-" + os.urandom(24).hex(),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_TRUSTED_PROXY_COUNT": "1",
            "DJANGO_STATIC_ROOT": str(self.folder / "static"),
            "MEDIA_ROOT": str(self.folder / "media"),
            "DJANGO_LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
        self.process = None

    def manage(self, *args):
        completed = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=self.env, capture_output=True, text=True
        )
        if completed.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{completed.stderr[-3000:]}")
        return completed.stdout

    def prepare(self, cluster, cache=True):
        """Migrate, load the demo data, collect static files.

        The migrated database with the demo data is cached under var/loadtest-cache/ (a
        pg_dump and the media files), keyed by everything that shapes it: migrations, demo
        loaders, fixtures. A run with the same code restores it in seconds.
        """
        collect = subprocess.Popen(  # noqa: S603 - in parallel: needs no database
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
        )
        folder = CACHE_DIR / demo_cache_key()
        dump, media = folder / "portal.dump", folder / "media"
        if cache and dump.exists():
            cluster.restore(dump)
            if media.is_dir():
                shutil.copytree(media, self.folder / "media", dirs_exist_ok=True)
            log(f"demo database restored from {folder}")
        else:
            self.manage("migrate", "--noinput", "-v0")
            self.manage("load_demo", "--no-users")
            if cache:
                shutil.rmtree(CACHE_DIR, ignore_errors=True)
                folder.mkdir(parents=True)
                cluster.dump(dump)
                if (self.folder / "media").is_dir():
                    shutil.copytree(self.folder / "media", media)
        if collect.wait() != 0:
            raise RuntimeError("collectstatic failed")

    def start(self):
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            "30",
            "--backlog",
            "256",
            "--access-logfile",
            str(self.access_log),
            "--error-logfile",
            str(self.error_log),
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]
        with self.django_log.open("ab") as output:
            self.process = subprocess.Popen(  # noqa: S603
                command, cwd=BASE_DIR, env=self.env, stdout=output, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited at start; see " + str(self.error_log))
            if len(self.worker_pids()) == self.workers:
                try:
                    status, _body, _headers = request(
                        self.port, "GET", "/robots.txt", {}, "127.0.0.9"
                    )
                    if status == 200:
                        return
                except OSError:
                    pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def worker_pids(self):
        try:
            children = Path(
                f"/proc/{self.process.pid}/task/{self.process.pid}/children"
            ).read_text()
        except OSError:
            return []
        return sorted(int(pid) for pid in children.split())

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --- The client ----------------------------------------------------------------------------


def request(port, method, path, cookies, address, body=None, referer=None, timeout=30):
    """One request as the proxy would pass it on: HTTPS upstream, the reader's address."""
    headers = {
        "Host": f"127.0.0.1:{port}",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": address,
        "User-Agent": "portal-loadtest/1",
        "Accept-Language": "vi",
        "Connection": "close",
    }
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if referer:
        headers["Referer"] = referer
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                cookies[name] = morsel.value
        return response.status, payload.decode("utf-8", "replace"), dict(response.getheaders())
    finally:
        connection.close()


@dataclass
class Result:
    start: float
    end: float
    kind: str
    method: str
    path: str
    status: int  # 0: no HTTP response (connection refused, reset, timeout)
    outcome: str  # ok | clean_failure | refused | error
    detail: str = ""


@dataclass
class Submission:
    kind: str  # join | comment
    token: str
    accepted: bool
    status: int


@dataclass
class Shared:
    port: int
    pages: list
    articles: list
    stop_at: float
    t0: float
    results: list = field(default_factory=list)
    submissions: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ASSOCIATION_RE = re.compile(r'<option value="(\d+)"')
COMMENT_ACTION_RE = re.compile(
    r'<form class="news-comment-form[^"]*" method="post" action="([^"]+)"'
)


def classify(method, status, body, expected):
    if status in expected:
        leaked = next((leak for leak in LEAKS if leak in body), None)
        return ("error", f"leak {leaked}") if leaked else ("ok", "")
    if status in (500, 503):
        leaked = next((leak for leak in LEAKS if leak in body), None)
        if leaked:
            return "error", f"{status} with {leaked}"
        if STYLED_ERROR not in body:
            return "error", f"{status} without the styled page"
        return "clean_failure", str(status)
    if status == 429:
        return "refused", "rate limit"
    return "error", f"unexpected {status}"


class Reader(threading.Thread):
    def __init__(self, number, shared, seed):
        super().__init__(daemon=True, name=f"reader-{number}")
        self.number = number
        self.shared = shared
        self.random = random.Random(seed)
        self.visits = 0

    def new_identity(self):
        # A new reader: their own address (as the proxy reports it) and no cookies.
        self.visits += 1
        n = self.visits
        return {}, f"10.{self.number % 250}.{n // 250 % 250}.{n % 250 + 1}"

    def call(self, kind, method, path, cookies, address, expected, body=None, referer=None):
        shared = self.shared
        start = time.monotonic() - shared.t0
        with shared.lock:
            shared.in_flight += 1
        try:
            status, text, headers = request(
                shared.port, method, path, cookies, address, body, referer
            )
            outcome, detail = classify(method, status, text, expected)
            if status == 503 and headers.get("Retry-After") is None:
                outcome, detail = "error", "503 without Retry-After"
        except (OSError, http.client.HTTPException) as exc:
            status, text, headers = 0, "", {}
            outcome, detail = "error", f"{type(exc).__name__}: {exc}"[:200]
        finally:
            with shared.lock:
                shared.in_flight -= 1
        end = time.monotonic() - shared.t0
        with shared.lock:
            shared.results.append(Result(start, end, kind, method, path, status, outcome, detail))
        return status, text, headers, outcome

    def read(self):
        cookies, address = self.new_identity()
        path = self.random.choice(self.shared.pages)
        self.call("read", "GET", path, cookies, address, {200})

    def search(self):
        cookies, address = self.new_identity()
        word = self.random.choice(["hữu nghị", "Bắc Giang", "viện trợ", "đại hội", "friendship"])
        path = "/vi/tim-kiem/?" + urllib.parse.urlencode({"q": word})
        self.call("read", "GET", path, cookies, address, {200})

    def token(self, kind):
        return f"LT{kind[0]}{self.number:03d}x{self.visits:05d}"

    def apply_to_join(self):
        # (Not `join`: that is Thread.join, which the main thread waits on.)
        cookies, address = self.new_identity()
        path = "/vi/gia-nhap/"
        status, text, _h, outcome = self.call("join_form", "GET", path, cookies, address, {200})
        if outcome != "ok":
            return
        csrf = CSRF_RE.search(text)
        options = ASSOCIATION_RE.findall(text)
        if not csrf or not options:
            self.record_error("join_form", path, "no CSRF token or association in the form")
            return
        token = self.token("join")
        body = {
            "csrfmiddlewaretoken": csrf.group(1),
            "association": self.random.choice(options),
            "full_name": f"Người Thử {token}",
            "email": f"{token.lower()}@example.org",
            "phone": "",
            "birth_year": str(self.random.randint(1950, 2000)),
            "occupation": "Kỹ sư",
            "motivation": f"Tôi muốn tham gia hoạt động hữu nghị ({token}).",
            "consent": "on",
            "website": "",
        }
        referer = f"https://127.0.0.1:{self.shared.port}{path}"
        status, _text, headers, outcome = self.call(
            "join", "POST", path, cookies, address, {302}, body, referer
        )
        accepted = status == 302 and "/gia-nhap/" in headers.get("Location", "")
        self.submit("join", token, accepted, status)

    def comment(self):
        cookies, address = self.new_identity()
        path = self.random.choice(self.shared.articles)
        status, text, _h, outcome = self.call("comment_form", "GET", path, cookies, address, {200})
        if outcome != "ok":
            return
        csrf = CSRF_RE.search(text)
        action = COMMENT_ACTION_RE.search(text)
        if not csrf or not action:
            self.record_error("comment_form", path, "no comment form on the article")
            return
        token = self.token("comment")
        body = {
            "csrfmiddlewaretoken": csrf.group(1),
            "name": f"Bạn Đọc {token}",
            "email": f"{token.lower()}@example.net",
            "body": f"Bài viết rất hay, cảm ơn ban biên tập ({token}).",
            "consent": "on",
            "website": "",
        }
        referer = f"https://127.0.0.1:{self.shared.port}{path}"
        target = action.group(1).replace("&amp;", "&")
        status, _text, headers, outcome = self.call(
            "comment", "POST", target, cookies, address, {302}, body, referer
        )
        accepted = status == 302
        self.submit("comment", token, accepted, status)

    def submit(self, kind, token, accepted, status):
        with self.shared.lock:
            self.shared.submissions.append(Submission(kind, token, accepted, status))

    def record_error(self, kind, path, detail):
        now = time.monotonic() - self.shared.t0
        with self.shared.lock:
            self.shared.results.append(Result(now, now, kind, "GET", path, 200, "error", detail))

    def run(self):
        actions = (
            [self.read] * 12 + [self.search] * 2 + [self.apply_to_join] * 3 + [self.comment] * 3
        )
        while time.monotonic() < self.shared.stop_at:
            self.random.choice(actions)()


# --- Faults ----------------------------------------------------------------------------


@dataclass
class Timeline:
    db_stop_begin: float | None = None
    db_stopped: float | None = None
    db_start_begin: float | None = None
    db_ready: float | None = None
    worker_killed: float | None = None
    killed_pid: int | None = None
    in_flight_at_kill: int | None = None
    workers_before_db_restart: list | None = None
    workers_after_db_restart: list | None = None
    workers_after_kill: list | None = None
    master_pid: int | None = None


def run_faults(shared, cluster, site, timeline, restart_at, outage, kill_at):
    def now():
        return time.monotonic() - shared.t0

    events = []
    if restart_at is not None:
        events.append((restart_at, "restart"))
    if kill_at is not None:
        events.append((kill_at, "kill"))
    for when, what in sorted(events):
        while now() < when:
            time.sleep(0.05)
        if what == "restart":
            timeline.workers_before_db_restart = site.worker_pids()
            timeline.db_stop_begin = now()
            log("stopping PostgreSQL")
            cluster.stop("fast")
            timeline.db_stopped = now()
            time.sleep(outage)
            timeline.db_start_begin = now()
            cluster.start()
            timeline.db_ready = now()
            log(f"PostgreSQL back after {timeline.db_ready - timeline.db_stop_begin:.1f} s")
            timeline.workers_after_db_restart = site.worker_pids()
        else:
            pids = site.worker_pids()
            victim = random.choice(pids)
            timeline.in_flight_at_kill = shared.in_flight
            timeline.worker_killed = now()
            timeline.killed_pid = victim
            os.kill(victim, signal.SIGKILL)
            log(f"SIGKILL worker {victim} ({shared.in_flight} requests in flight)")
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                current = site.worker_pids()
                if len(current) == site.workers and victim not in current:
                    break
                time.sleep(0.1)
            timeline.workers_after_kill = site.worker_pids()


# --- Checks ----------------------------------------------------------------------------


def stored_tokens(database_url):
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as connection:
        joins = {
            row[0].rsplit(" ", 1)[-1]
            for row in connection.execute(
                "SELECT full_name FROM members_membershipapplication WHERE full_name LIKE %s",
                ["Người Thử LT%"],
            )
        }
        comments = {
            row[0].rsplit(" ", 1)[-1]
            for row in connection.execute(
                "SELECT name FROM news_comment WHERE name LIKE %s", ["Bạn Đọc LT%"]
            )
        }
    return {"join": joins, "comment": comments}


def gather_paths(port):
    def locations(path):
        status, text, _h = request(port, "GET", path, {}, "127.0.0.8")
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        found = {urllib.parse.urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>", text)}
        return text, found

    text, found = locations("/sitemap.xml")
    if "<sitemapindex" in text:  # an index of one sitemap per section
        found = set().union(*(locations(section)[1] for section in sorted(found)))
    paths = sorted(found)
    articles = [
        p
        for p in paths
        if re.fullmatch(r"/vi/tin-tuc/[^/]+/", p)
        and not p.startswith(("/vi/tin-tuc/chuyen-muc/", "/vi/tin-tuc/the/"))
    ]
    paths += ["/vi/", "/en/", "/robots.txt", "/vi/tin-tuc/rss/"]
    status, text, _h = request(port, "GET", "/vi/", {}, "127.0.0.8")
    paths += sorted(set(re.findall(r'href="(/static/[^"]+\.css)"', text)))
    return paths, articles


def analyse(shared, timeline, stored, args):
    results = sorted(shared.results, key=lambda r: r.start)
    report = {
        "clients": args.clients,
        "duration_s": args.duration,
        "requests": len(results),
        "by_outcome": {},
        "by_kind": {},
        "by_status": {},
        "timeline": asdict(timeline),
        "failures": [],
        "checks": {},
    }
    for r in results:
        report["by_outcome"][r.outcome] = report["by_outcome"].get(r.outcome, 0) + 1
        report["by_status"][str(r.status)] = report["by_status"].get(str(r.status), 0) + 1
        kind = report["by_kind"].setdefault(r.kind, {})
        kind[r.outcome] = kind.get(r.outcome, 0) + 1
    latencies = sorted(r.end - r.start for r in results if r.outcome == "ok")
    if latencies:
        report["latency_s"] = {
            "median": round(latencies[len(latencies) // 2], 3),
            "p95": round(latencies[int(len(latencies) * 0.95)], 3),
            "max": round(latencies[-1], 3),
        }
    report["throughput_rps"] = round(len(results) / args.duration, 1)

    # The outage window: from the stop until 5 s after the database is ready again.
    outage = None
    if timeline.db_stop_begin is not None:
        outage = (timeline.db_stop_begin - 0.5, timeline.db_ready + args.recovery_limit)
    kill = None
    if timeline.worker_killed is not None:
        kill = (timeline.worker_killed - 0.1, timeline.worker_killed + 1.0)

    def in_window(r, window):
        return window is not None and r.start <= window[1] and r.end >= window[0]

    unexplained, dropped_by_kill, outage_failures = [], [], []
    for r in results:
        if r.outcome in ("ok", "refused"):
            continue
        if r.outcome == "clean_failure" and in_window(r, outage):
            outage_failures.append(r)
        elif r.outcome == "error" and r.status == 0 and in_window(r, kill):
            dropped_by_kill.append(r)
        else:
            unexplained.append(r)
    report["outage_clean_failures"] = len(outage_failures)
    report["dropped_by_killed_worker"] = len(dropped_by_kill)
    report["failures"] = [asdict(r) for r in unexplained[:50]]
    report["checks"]["no_unexplained_failure"] = not unexplained
    # A sync worker serves one request at a time: only that one may be lost.
    report["checks"]["kill_drops_at_most_one_request"] = len(dropped_by_kill) <= 1

    if timeline.db_ready is not None:
        # Recovery: from the database being ready to the start of the first request after
        # which nothing failed any more.
        failed_after = [
            r.end
            for r in results
            if r.outcome != "ok"
            and r.outcome != "refused"
            and r.start >= timeline.db_stop_begin
            and r not in dropped_by_kill
        ]
        last_failure = max(failed_after, default=timeline.db_ready)
        recovery = max(0.0, last_failure - timeline.db_ready)
        report["recovery_s"] = round(recovery, 2)
        first_ok = min(
            (r.end for r in results if r.outcome == "ok" and r.start >= timeline.db_ready),
            default=None,
        )
        if first_ok is not None:
            report["first_success_after_db_ready_s"] = round(first_ok - timeline.db_ready, 2)
        report["outage_s"] = round(timeline.db_ready - timeline.db_stop_begin, 2)
        report["checks"]["recovered_within_limit"] = recovery <= args.recovery_limit
        report["checks"]["outage_was_seen"] = bool(outage_failures)
        report["checks"]["gunicorn_not_restarted_by_outage"] = (
            timeline.workers_before_db_restart == timeline.workers_after_db_restart
        )
        served_after = [
            r
            for r in results
            if r.start > timeline.db_ready + args.recovery_limit and r.outcome == "ok"
        ]
        report["checks"]["served_after_recovery"] = len(served_after) > 0
    if timeline.worker_killed is not None:
        after = timeline.workers_after_kill or []
        report["checks"]["killed_worker_replaced"] = (
            len(after) == args.workers and timeline.killed_pid not in after
        )
        served = [r for r in results if r.start > timeline.worker_killed + 1 and r.outcome == "ok"]
        report["checks"]["served_after_kill"] = len(served) > 0

    submissions = {}
    for kind in ("join", "comment"):
        sent = [s for s in shared.submissions if s.kind == kind]
        accepted = {s.token for s in sent if s.accepted}
        lost = sorted(accepted - stored[kind])
        unacknowledged = sorted(stored[kind] - accepted)
        submissions[kind] = {
            "sent": len(sent),
            "accepted": len(accepted),
            "stored": len(stored[kind]),
            "lost": lost[:20],
            "stored_without_acknowledgement": len(unacknowledged),
            "refused_rate_limit": sum(1 for s in sent if s.status == 429),
            "failed_cleanly": sum(1 for s in sent if s.status in (500, 503)),
            "no_response": sum(1 for s in sent if s.status == 0),
        }
        report["checks"][f"no_lost_{kind}"] = not lost
        # Every visit is a new reader with their own address: a 429 means readers behind
        # the proxy share one limit (the limit must key on portal.security.client_ip).
        report["checks"][f"no_{kind}_refused_for_distinct_readers"] = not submissions[kind][
            "refused_rate_limit"
        ]
        report["checks"][f"some_{kind}_accepted"] = len(accepted) > 0
    report["submissions"] = submissions
    return report


def check_logs(site, shared):
    """Submitted names and addresses must not reach gunicorn's or Django's logs."""
    text = "".join(
        path.read_text(errors="replace")
        for path in (site.access_log, site.error_log, site.django_log)
        if path.exists()
    )
    tokens = [s.token for s in shared.submissions]
    leaked = [t for t in tokens if t in text or t.lower() in text]
    tracebacks = text.count("Traceback (most recent call last)")
    return {"personal_data_in_logs": leaked[:10], "tracebacks_in_server_log": tracebacks}


def summary_markdown(report):
    lines = [
        "# Load test",
        "",
        f"{report['clients']} clients for {report['duration_s']} s: "
        f"**{report['requests']} requests** "
        f"({report['throughput_rps']}/s), outcomes {report['by_outcome']}, "
        f"statuses {report['by_status']}.",
        f"Latency of successful requests: {report.get('latency_s')}.",
        "",
        "| submissions | sent | accepted | stored | lost | stored, unacknowledged | 429 | 5xx "
        "| no response |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind, s in report["submissions"].items():
        lines.append(
            f"| {kind} | {s['sent']} | {s['accepted']} | {s['stored']} | {len(s['lost'])} | "
            f"{s['stored_without_acknowledgement']} | {s['refused_rate_limit']} | "
            f"{s['failed_cleanly']} | {s['no_response']} |"
        )
    lines += [""]
    if "recovery_s" in report:
        lines.append(
            f"PostgreSQL down for {report['outage_s']} s: "
            f"{report['outage_clean_failures']} requests "
            f"answered with the styled error page; recovered {report['recovery_s']} s after the "
            "database was ready (first success "
            f"{report.get('first_success_after_db_ready_s')} s after it)."
        )
    if report["timeline"].get("worker_killed") is not None:
        lines.append(
            f"Worker {report['timeline']['killed_pid']} SIGKILLed with "
            f"{report['timeline']['in_flight_at_kill']} client requests in flight on the site: "
            f"{report['dropped_by_killed_worker']} dropped."
        )
    lines += ["", "| check | passed |", "| --- | --- |"]
    lines += [f"| {name} | {'yes' if ok else '**NO**'} |" for name, ok in report["checks"].items()]
    if report["failures"]:
        lines += ["", "Unexplained failures (first 50):", ""]
        lines += [
            f"- {f['start']:.2f}s {f['method']} {f['path']}: {f['status']} {f['detail']}"
            for f in report["failures"]
        ]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--restart-db-at", type=float, help="seconds into the run (default: 1/3)")
    parser.add_argument("--outage", type=float, default=3.0, help="seconds PostgreSQL stays down")
    parser.add_argument("--kill-worker-at", type=float, help="seconds into the run (default: 3/4)")
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--recovery-limit", type=float, default=5.0)
    parser.add_argument("--report", help="folder for report.json and summary.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--no-cache", action="store_true", help="migrate and load the demo data afresh"
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    restart_at = None if args.no_faults else (args.restart_db_at or args.duration / 4)
    kill_at = None if args.no_faults else (args.kill_worker_at or args.duration * 3 / 4)

    folder = Path(tempfile.mkdtemp(prefix="portal-loadtest-"))
    folder.chmod(0o755)
    cluster = Cluster(folder / "pg")
    (folder / "pg").mkdir()
    site = Site(folder / "site", cluster.url, args.workers)
    (folder / "site").mkdir()
    try:
        t = time.monotonic()
        cluster.init()
        log(f"PostgreSQL on port {cluster.port}; migrating and loading the demo data")
        site.prepare(cluster, cache=not args.no_cache)
        log(f"prepared in {time.monotonic() - t:.0f} s; starting gunicorn on port {site.port}")
        site.start()
        pages, articles = gather_paths(site.port)
        if not articles:
            raise RuntimeError("no article in the sitemap: is the news demo loaded?")
        log(
            f"{len(pages)} pages, {len(articles)} articles; "
            f"{args.clients} clients for {args.duration:.0f} s"
        )
        t0 = time.monotonic()
        shared = Shared(site.port, pages, articles, stop_at=t0 + args.duration, t0=t0)
        timeline = Timeline(master_pid=site.process.pid)
        readers = [Reader(n, shared, args.seed + n) for n in range(args.clients)]
        for reader in readers:
            reader.start()
        faults = threading.Thread(
            target=run_faults,
            args=(shared, cluster, site, timeline, restart_at, args.outage, kill_at),
            daemon=True,
        )
        faults.start()
        for reader in readers:
            reader.join()
        faults.join()
        gunicorn_alive = site.process.poll() is None and site.process.pid == timeline.master_pid
        stored = stored_tokens(cluster.url)
        report = analyse(shared, timeline, stored, args)
        report["checks"]["gunicorn_master_alive"] = gunicorn_alive
        logs = check_logs(site, shared)
        report.update(logs)
        report["checks"]["no_personal_data_in_logs"] = not logs["personal_data_in_logs"]
        report["passed"] = all(report["checks"].values())
        summary = summary_markdown(report)
        print(summary)
        if args.report:
            out = Path(args.report)
            out.mkdir(parents=True, exist_ok=True)
            (out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
            (out / "summary.md").write_text(summary)
            with (out / "requests.jsonl").open("w") as handle:
                for r in sorted(shared.results, key=lambda r: r.start):
                    handle.write(json.dumps(asdict(r), ensure_ascii=False) + "\n")
            shutil.copy(site.access_log, out / "access.log")
            shutil.copy(site.error_log, out / "gunicorn.log")
            shutil.copy(site.django_log, out / "django.log")
        return 0 if report["passed"] else 1
    finally:
        site.stop()
        cluster.stop("immediate")
        if args.keep:
            log(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
