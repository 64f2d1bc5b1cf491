"""Serve the demo site with production settings (DEBUG off) for the audit.

A throwaway SQLite database, static and media files under var/audit/, gunicorn
on a free loopback port. Built from scratch on every run, so a fresh machine
needs nothing but `make install`.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "var" / "audit"


def environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="audit-only-key-" + "a1b2c3d4e5" * 5,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_BEHIND_PROXY="0",
        DJANGO_STATIC_ROOT=str(WORK / "static"),
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=f"sqlite:///{WORK / 'db.sqlite3'}",
        MEDIA_ROOT=str(WORK / "media"),
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    return env


def _manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment(), check=True)


def build():
    """A fresh database with the demo data, and the static files collected."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    _manage("migrate", "--noinput", "-v0")
    _manage("load_demo", "--no-users")
    _manage("collectstatic", "--noinput", "-v0")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve():
    """Yield the base URL of a running server; stop it afterwards."""
    port = free_port()
    log = open(WORK / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "tests.audit.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base_url + "/robots.txt", timeout=5).read()  # noqa: S310
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "the audit server did not start; see " + str(WORK / "gunicorn.log")
                    ) from None
                time.sleep(0.3)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
