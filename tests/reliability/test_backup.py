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

from portal import backupcrypto
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


def test_fingerprints_are_computed_without_holding_a_table(home_union):
    """30 MB of article bodies: the checksums take a few hundred KB of Python memory (the
    database hashes the rows on PostgreSQL; SQLite's rows are streamed), not the table."""
    from news.models import Article
    from tests.factories import article

    items = [article(title_vi=f"Bài {n}") for n in range(150)]
    Article.objects.filter(pk__in=[a.pk for a in items]).update(body_vi="<p>" + "x" * 200_000)
    database_fingerprints()  # warm-up: imports, statement caches
    tracemalloc.start()
    try:
        before = database_fingerprints()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert before["news_article"]["rows"] == 150
    assert peak < 5_000_000, peak

    # Any change of content changes the checksum; the same content gives the same one.
    Article.objects.filter(pk=items[0].pk).update(body_vi="<p>changed</p>")
    changed = database_fingerprints()
    assert changed["news_article"]["sha256"] != before["news_article"]["sha256"]
    assert changed["news_article"]["rows"] == 150
    assert database_fingerprints() == changed


def _state(settings):
    return database_fingerprints(), media_fingerprints(settings.MEDIA_ROOT)


def _change_site_after_backup():
    """What the site holds when the failed restore is attempted: not what the backup has."""
    from news.models import Article
    from tests.factories import article

    article(title_vi="Bài viết sau bản sao lưu")
    Article.objects.filter(pk=Article.objects.order_by("pk").first().pk).delete()
    default_storage.save("news/2026/after-backup.jpg", ContentFile(b"new photo"))
    default_storage.delete("news/2026/photo.jpg")


def _corrupt_one_table(manifest):
    manifest["tables"]["news_article"]["sha256"] = "0" * 64


def _truncate_database(name, data):
    return data[: len(data) * 6 // 10] if name.startswith("database.") else data


def _garble_database(name, data):
    if not name.startswith("database."):
        return data
    # Its header: SQLite's page size and layout, pg_dump's table of contents.
    return data[:16] + bytes(b ^ 0x5A for b in data[16:80]) + data[80:]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_change_manifest(_corrupt_one_table), "does not match the backup"),
        (_truncate_database, "Nothing was changed"),
        (_garble_database, "Nothing was changed"),
    ],
    ids=["a table that differs from its checksum", "database cut short", "database garbled"],
)
def test_a_failed_restore_leaves_database_and_media_as_they_were(
    demo_site, tmp_path, change, message
):
    archive = _plain_backup(tmp_path)
    _change_site_after_backup()
    before = _state(demo_site)
    broken = _rewritten(archive, change)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(broken), "--noinput", stdout=io.StringIO())
    assert _state(demo_site) == before
    # No staging folder left beside MEDIA_ROOT.
    assert [
        p.name for p in Path(demo_site.MEDIA_ROOT).parent.iterdir() if p.name.startswith(".")
    ] == []
    # The untouched archive still restores.
    call_command("restore", str(archive), "--noinput", stdout=io.StringIO())
    assert _state(demo_site) != before


def test_restore_drops_the_cached_pages(home_union, tmp_path):
    from portal import pagecache

    archive = _plain_backup(tmp_path)
    before = pagecache.generation()
    call_command("restore", str(archive), "--noinput", stdout=io.StringIO())
    assert pagecache.generation() > before


@pytest.fixture
def secrets_in_database(home_union):
    """A signed-in session and an administrator's authenticator: what an archive must hide."""
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import staff_user

    session = SessionStore()
    session["_auth_user_id"] = "1"
    session.create()
    user = staff_user("backup-admin", password=None)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return session.session_key, device.key


def test_an_encrypted_backup_hides_sessions_and_totp_secrets_and_restores_with_its_key(
    secrets_in_database, settings, tmp_path
):
    from django.contrib.sessions.models import Session
    from django_otp.plugins.otp_totp.models import TOTPDevice

    session_key, totp_key = secrets_in_database
    settings.BACKUP_ENCRYPTION_KEY = key = backupcrypto.generate_key()
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path), stdout=out)
    (archive,) = tmp_path.glob("portal-*.tar.gz.enc")
    assert key not in out.getvalue() and "(encrypted)" in out.getvalue()
    assert archive.stat().st_mode & 0o077 == 0
    data = archive.read_bytes()
    for secret in (session_key, totp_key, key):
        assert secret.encode() not in data
    with pytest.raises((OSError, EOFError, zlib.error)):
        gzip.decompress(data)  # no readable layer under the encryption
    if connection_vendor() == "sqlite":
        # Control: a plain archive of the same database does show them.
        settings.BACKUP_ENCRYPTION_KEY = ""
        plain = gzip.decompress(_plain_backup(tmp_path / "plain").read_bytes())
        settings.BACKUP_ENCRYPTION_KEY = key
        assert session_key.encode() in plain and totp_key.encode() in plain

    before = database_fingerprints()
    Session.objects.all().delete()
    TOTPDevice.objects.all().delete()
    out = io.StringIO()
    call_command("restore", str(archive), "--noinput", stdout=out)
    assert key not in out.getvalue()
    assert database_fingerprints() == before
    # The administrator's phone still works after the restore; the session still exists.
    assert TOTPDevice.objects.get(name="phone").key == totp_key
    assert Session.objects.filter(session_key=session_key).exists()


def connection_vendor():
    from django.db import connection

    return connection.vendor


def test_restore_with_a_wrong_or_missing_key_fails_cleanly_and_changes_nothing(demo_site, tmp_path):
    demo_site.BACKUP_ENCRYPTION_KEY = backupcrypto.generate_key()
    call_command("backup", "--output", str(tmp_path), stdout=io.StringIO())
    (archive,) = tmp_path.glob("portal-*.tar.gz.enc")
    _change_site_after_backup()
    before = _state(demo_site)

    demo_site.BACKUP_ENCRYPTION_KEY = wrong = backupcrypto.generate_key()
    with pytest.raises(CommandError, match="encrypted with another key") as exc:
        call_command("restore", str(archive), "--noinput", stdout=io.StringIO())
    assert wrong not in str(exc.value)
    assert _state(demo_site) == before

    demo_site.BACKUP_ENCRYPTION_KEY = ""
    with pytest.raises(CommandError, match="set BACKUP_ENCRYPTION_KEY"):
        call_command("restore", str(archive), "--noinput", stdout=io.StringIO())
    demo_site.BACKUP_ENCRYPTION_KEY = "not-a-key-but-a-secret-all-the-same"
    with pytest.raises(CommandError, match="is not a key") as exc:
        call_command("restore", str(archive), "--noinput", stdout=io.StringIO())
    assert "not-a-key" not in str(exc.value)
    assert _state(demo_site) == before


def test_an_altered_or_cut_encrypted_archive_is_refused(home_union, settings, tmp_path):
    settings.BACKUP_ENCRYPTION_KEY = backupcrypto.generate_key()
    call_command("backup", "--output", str(tmp_path), stdout=io.StringIO())
    (archive,) = tmp_path.glob("portal-*.tar.gz.enc")
    data = archive.read_bytes()
    before = database_fingerprints()
    for bad, message in (
        (data[:-1], "cut short|damaged"),
        (data[:200] + bytes([data[200] ^ 1]) + data[201:], "damaged or was altered"),
        (data + data[-100:], "data after its end|damaged"),
    ):
        archive.write_bytes(bad)
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(archive), "--noinput", stdout=io.StringIO())
    assert database_fingerprints() == before


def test_production_refuses_an_unencrypted_backup_unless_asked(home_union, settings, tmp_path):
    settings.BACKUP_ENCRYPTION_KEY = ""
    assert not settings.DEBUG
    with pytest.raises(CommandError, match="BACKUP_ENCRYPTION_KEY is not set"):
        call_command("backup", "--output", str(tmp_path), stdout=io.StringIO())
    assert not list(tmp_path.iterdir())
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path), "--unencrypted", stdout=out)
    assert "NOT encrypted" in out.getvalue()
    assert len(list(tmp_path.glob("portal-*.tar.gz"))) == 1


def test_generate_key_prints_a_usable_key():
    out = io.StringIO()
    call_command("backup", "--generate-key", stdout=out)
    assert len(backupcrypto.load_key(out.getvalue())) == 32


def test_the_encryption_streams_in_chunks():
    """20 MB through the writer and reader with memory a few chunks deep, not the archive."""
    key = os.urandom(32)
    block = os.urandom(1 << 20)
    with open(os.devnull, "wb") as sink:
        tracemalloc.start()
        try:
            writer = backupcrypto.EncryptingWriter(sink, key)
            started = time.perf_counter()
            for _ in range(20):
                for offset in range(0, len(block), 10240):
                    writer.write(block[offset : offset + 10240])
            writer.close()
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 6 * backupcrypto.CHUNK, peak
    assert time.perf_counter() - started < 10


def test_backup_and_restore_print_progress_per_table_and_media_folder(home_union, tmp_path):
    default_storage.save("documents/a.pdf", ContentFile(b"%PDF-1.4\n" * 200))
    default_storage.save("news/2026/b.jpg", ContentFile(b"x" * 3000))
    default_storage.save("news/2026/c.jpg", ContentFile(b"y" * 1000))
    tables = database_fingerprints()
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path), "--unencrypted", stdout=out)
    lines = out.getvalue().splitlines()
    for table, fingerprint in tables.items():
        assert f"  table {table}: {fingerprint['rows']} rows" in lines
    assert "  media documents/: 1 files, 1.8 KB" in lines
    assert "  media news/: 2 files, 3.9 KB" in lines
    assert lines[-1].startswith("Backed up")
    # The last success is recorded beside the archives, for the admin's work queue.
    (archive,) = tmp_path.glob("portal-*.tar.gz")
    status = json.loads((tmp_path / "last-backup.json").read_text())
    assert status["archive"] == archive.name

    out = io.StringIO()
    call_command("restore", str(archive), "--noinput", stdout=out)
    lines = out.getvalue().splitlines()
    for table, fingerprint in tables.items():
        assert f"  table {table}: {fingerprint['rows']} rows" in lines
    assert "  media news/: 2 files, 3.9 KB" in lines
    assert lines[-1].startswith("Restored")


def test_quiet_backup_and_restore_print_nothing(home_union, tmp_path):
    default_storage.save("documents/a.pdf", ContentFile(b"%PDF-1.4\n" * 200))
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path), "--unencrypted", "--quiet", stdout=out)
    assert out.getvalue() == ""
    (archive,) = tmp_path.glob("portal-*.tar.gz")
    call_command("restore", str(archive), "--noinput", "--quiet", stdout=out)
    assert out.getvalue() == ""


def test_the_admin_index_reads_the_last_backups_status(home_union, tmp_path, settings):
    from portal.workqueues import last_backup_at

    assert last_backup_at(tmp_path) is None
    call_command("backup", "--output", str(tmp_path), "--unencrypted", "--quiet")
    at = last_backup_at(tmp_path)
    assert at is not None and abs(time.time() - at.timestamp()) < 120
