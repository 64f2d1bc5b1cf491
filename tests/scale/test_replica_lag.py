"""A page built just after a change is not taken from a replica that lags.

With DATABASE_REPLICA_URL reads go to a replica; one that has not caught up yet would give
the page of before the change, stored under the new generation and served to everyone until
it expires. The portal runs here, in a process of its own, with a real second database alias:
two SQLite files, the replica a copy of the primary taken before the change (a replica that
lags behind and never catches up).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import io, json, shutil, sys
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import Client

from portal import pagecache
from portal.db import pinned_to_primary
from tests import factories
from unions import demo

# As in tests/conftest.py: templates without collectstatic.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
primary, replica = sys.argv[1], sys.argv[2]
assert settings.DATABASES["replica"]["NAME"] == replica
with pinned_to_primary():  # the replica is made from the primary below
    call_command("migrate", verbosity=0)
    demo.load(io.StringIO())
    article = factories.article(title_vi="Tiêu đề cũ", title_en="Old title")
connections.close_all()
shutil.copy(primary, replica)  # the replica as of now; it will not see what follows

article.title_vi, article.title_en = "Tiêu đề mới", "New title"
article.save()  # on the primary
result = {}
client = Client()
built = client.get("/vi/tin-tuc/")
again = client.get("/vi/tin-tuc/")
result["built"] = "Tiêu đề mới" in built.text, "Tiêu đề cũ" in built.text
result["again"] = "Tiêu đề mới" in again.text, again.get("X-Page-Cache")
# Once the replicas' lag has passed, pages are read from the replica again (this one still
# lags, which shows that the page above did not come from it).
cache.delete(pagecache.RECENT_CHANGE_KEY)
result["later"] = "Old title" in client.get("/en/news/").text
print(json.dumps(result))
"""


def test_a_page_built_just_after_a_change_does_not_come_from_a_lagging_replica(tmp_path):
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_SECRET_KEY="replica-lag-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_PAGE_CACHE="1",
        DATABASE_URL=f"sqlite:///{primary}",
        DATABASE_REPLICA_URL=f"sqlite:///{replica}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT, str(primary), str(replica)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["built"] == [True, False]
    assert result["again"] == [True, "hit"]
    assert result["later"] is True
