"""What production installs (`make install-runtime`), each runtime lock alone in a fresh
virtualenv from PyPI: the portal passes its production checks, migrates, collects its static
files and serves pages with gunicorn, and with the s3 lock keeps its media in an object
store, all with nothing of the development lock.

Marked `install` (a minute or two, reaching PyPI): `make test-runtime`, part of `make test`.
"""

import json
import os
import secrets
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.install.test_locks import read_lock
from tests.s3 import S3Server, fetch
from tests.scale.servers import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.install


def make_venv(folder, lock):
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    # As the Makefile's install-runtime does.
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--require-hashes", "--no-deps", "-r", lock],
        cwd=ROOT,
        check=True,
    )
    return python


@pytest.fixture(scope="module")
def runtime(tmp_path_factory):
    return make_venv(tmp_path_factory.mktemp("runtime") / "venv", "requirements/runtime.txt")


@pytest.fixture(scope="module")
def runtime_s3(tmp_path_factory):
    return make_venv(tmp_path_factory.mktemp("runtime-s3") / "venv", "requirements/runtime-s3.txt")


def production_env(tmp_path, **more):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_LOG_LEVEL="WARNING",
        **more,
    )
    return env


def manage(python, env, *args):
    result = subprocess.run(
        [python, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_virtualenv_holds_the_runtime_lock_and_nothing_else(runtime):
    listed = subprocess.run(
        [runtime, "-m", "pip", "list", "--format", "json"], capture_output=True, check=True
    )
    installed = {p["name"].lower().replace("_", "-") for p in json.loads(listed.stdout)}
    assert installed - {"pip", "setuptools"} == set(read_lock("runtime"))
    for tool in ("pytest", "playwright", "boto3"):
        found = subprocess.run([runtime, "-c", f"import {tool}"], capture_output=True)
        assert found.returncode != 0, f"{tool} is installed by the runtime lock"


def test_production_checks_pass_and_pages_are_served(runtime, tmp_path):
    env = production_env(tmp_path)
    assert "no issues" in manage(runtime, env, "check", "--deploy", "--fail-level", "WARNING")
    manage(runtime, env, "migrate", "--noinput", "-v0")
    manage(runtime, env, "collectstatic", "--noinput", "-v0")
    port = free_port()
    gunicorn = runtime.with_name("gunicorn")
    server = subprocess.Popen(
        [gunicorn, "portal.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"

        def get(path):
            request = urllib.request.Request(  # noqa: S310 - a loopback server of the test
                base + path, headers={"X-Forwarded-Proto": "https", "Accept-Language": "vi"}
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    return response.status, response.read().decode()
            except urllib.error.HTTPError as exc:
                return exc.code, ""

        wait_for(lambda: get("/robots.txt")[0] == 200, "gunicorn")
        status, html = get("/vi/")
        assert status == 200
        # The page links its static files, served by whitenoise from the same server.
        css = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert get(css)[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_media_in_an_object_store_needs_the_s3_lock(runtime, runtime_s3, tmp_path):
    store = S3Server(tmp_path)
    try:
        bucket = store.create_bucket("portal-media", public=True)
        env = production_env(tmp_path, **store.environment(bucket))
        refused = subprocess.run(
            [runtime, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert "make install-runtime S3=1" in refused.stderr

        assert "no issues" in manage(
            runtime_s3, env, "check", "--deploy", "--fail-level", "WARNING"
        )
        out = manage(
            runtime_s3,
            env,
            "shell",
            "-c",
            "import io\n"
            "from django.core.files.uploadedfile import SimpleUploadedFile\n"
            "from PIL import Image\n"
            "from portal.images import picture_data, process_upload\n"
            "buffer = io.BytesIO()\n"
            "Image.new('RGB', (800, 500), (20, 120, 60)).save(buffer, 'JPEG')\n"
            "name = process_upload(SimpleUploadedFile('a.jpg', buffer.getvalue()))\n"
            "print('SRC', picture_data(name)['src'])\n",
        )
        src = next(line for line in out.splitlines() if line.startswith("SRC")).split()[1]
        assert src.startswith(f"{store.endpoint}/{bucket}/images/")
        assert fetch(src)[0] == 200
        assert len(store.keys(bucket)) > 1
    finally:
        store.stop()
