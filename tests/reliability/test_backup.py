"""`manage.py backup` / `restore` (make backup / make restore): back up, wipe, restore, compare.

Runs on whichever database the test run uses (SQLite in `make test-sqlite`, PostgreSQL in
`make test-postgres`), with the demo data and media files.
"""

import gzip
import io
import json
import os
import tarfile
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.management.commands.backup import database_fingerprints, media_fingerprints

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_site(settings):
    call_command("load_demo", "--no-users", stdout=io.StringIO())
    default_storage.save("documents/charter.pdf", ContentFile(b"%PDF-1.4 charter\n" * 100))
    default_storage.save("news/2026/photo.jpg", ContentFile(bytes(range(256)) * 40))
    return settings


def test_backup_wipe_restore_gives_back_every_row_and_file(demo_site, tmp_path):
    from django.contrib.auth import get_user_model

    from news.models import Article

    before_tables = database_fingerprints()
    before_media = media_fingerprints(demo_site.MEDIA_ROOT)
    assert sum(t["rows"] for t in before_tables.values()) > 100
    assert Article.objects.exists()
    assert len(before_media) >= 2

    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), "--unencrypted", stdout=out)
    (archive,) = (tmp_path / "backups").glob("portal-*.tar.gz")
    assert archive.stat().st_mode & 0o077 == 0  # personal data: owner only
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["tables"] == before_tables
    assert manifest["media"] == before_media
    assert {"documents/charter.pdf", "news/2026/photo.jpg"} <= {
        n.removeprefix("media/") for n in names
    }

    # Wipe: every table emptied, media gone, a stray file added.
    call_command("flush", "--noinput", stdout=io.StringIO())
    for name in list(before_media):
        default_storage.delete(name)
    default_storage.save("stray.txt", ContentFile(b"not in the backup"))
    wiped = database_fingerprints()
    assert wiped != before_tables
    assert not Article.objects.exists()

    call_command("restore", str(archive), "--noinput", stdout=out)
    assert database_fingerprints() == before_tables
    assert media_fingerprints(demo_site.MEDIA_ROOT) == before_media
    assert "Restored" in out.getvalue()

    # Sequences came back too: new rows get fresh keys.
    user = get_user_model().objects.create_user("after-restore", password="x" * 20)
    assert not get_user_model().objects.filter(pk=user.pk).exclude(username="after-restore")


def _rewritten(archive, change):
    """A copy of a plain archive with each member's bytes passed through change(name, data)."""
    target_path = archive.with_name("portal-changed.tar.gz")
    with tarfile.open(archive) as source, tarfile.open(target_path, "w:gz") as target:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return target_path


def _change_manifest(edit):
    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest).encode()

    return change


def _plain_backup(folder):
    call_command("backup", "--output", str(folder), "--unencrypted", stdout=io.StringIO())
    (archive,) = Path(folder).glob("portal-*.tar.gz")
    return archive


def test_restore_refuses_an_archive_that_does_not_match_its_manifest(home_union, tmp_path):
    def one_more_row(manifest):
        manifest["tables"][next(iter(sorted(manifest["tables"])))]["rows"] += 1

    tampered = _rewritten(_plain_backup(tmp_path), _change_manifest(one_more_row))
    with pytest.raises(CommandError, match="does not match the backup"):
        call_command("restore", str(tampered), "--noinput", stdout=io.StringIO())


def test_restore_refuses_paths_outside_its_folder(db, tmp_path):
    evil = tmp_path / "portal-evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        data = b"owned"
        member = tarfile.TarInfo("../../escaped.txt")
        member.size = len(data)
        tar.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="cannot be read as a portal backup"):
        call_command("restore", str(evil), "--noinput", stdout=io.StringIO())
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_restore_without_a_backup_says_so(db, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    with pytest.raises(CommandError, match="No backup found"):
        call_command("restore", "--noinput", stdout=io.StringIO())
