"""Put back a backup made by `manage.py backup` (`make restore BACKUP=…`): all or nothing.

1. The archive (decrypted with BACKUP_ENCRYPTION_KEY when it is encrypted) is extracted
   into a staging folder beside MEDIA_ROOT; its media files are checked against the
   manifest there.
2. The database is replaced in one transaction and checked inside it: on PostgreSQL
   pg_restore's script runs through psql between our BEGIN and COMMIT, followed by every
   table's count and checksum (the manifest's, computed by the same query as the backup's),
   and any difference raises before COMMIT; on SQLite the archived file is checked first,
   then copied over the live database in one step by SQLite's backup API.
3. Only then is the staged media folder renamed into MEDIA_ROOT's place (the old one is
   removed after), and the page cache is dropped.

Any failure before step 3 leaves the old database and the old media as they were.
Stop gunicorn first: open connections hold locks pg_restore's DROPs must take.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from portal import backupcrypto, pagecache

from .backup import (
    ARCHIVE_FORMAT,
    _quote,
    checked_name,
    default_backup_dir,
    encryption_key,
    fingerprint_sql,
    fingerprint_sqlite_file,
    media_fingerprints,
    postgres_args_and_env,
    postgres_tool,
    report_media,
    report_tables,
)

NOTHING_CHANGED = "Nothing was changed."


def latest_backup(folder=None):
    folder = Path(folder) if folder else default_backup_dir()
    archives = sorted(
        [*folder.glob("portal-*.tar.gz"), *folder.glob("portal-*.tar.gz.enc")],
        key=lambda p: p.stat().st_mtime,
    )
    if not archives:
        raise CommandError(f"No backup found in {folder}.")
    return archives[-1]


def _extract(archive_path, destination, include_media):
    """Extract (and decrypt) the archive into `destination`; return its manifest."""
    encrypted = backupcrypto.is_encrypted(archive_path)
    key = encryption_key(required=True) if encrypted else None
    with open(archive_path, "rb") as raw:
        source = backupcrypto.DecryptingReader(raw, key) if encrypted else raw
        try:
            with tarfile.open(fileobj=source, mode="r|gz") as archive:
                for member in archive:
                    if not include_media and member.name.startswith("media/"):
                        continue
                    # The "data" filter refuses absolute paths, "..", links out, devices.
                    archive.extract(member, destination, filter="data")
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise CommandError(
                f"{archive_path} cannot be read as a portal backup ({exc}). {NOTHING_CHANGED}"
            ) from exc
        if encrypted:
            source.finish()
    manifest_path = Path(destination) / "manifest.json"
    if not manifest_path.is_file():
        raise CommandError(f"{archive_path} is not a portal backup (no manifest.json).")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") not in (1, ARCHIVE_FORMAT):
        raise CommandError(f"Unknown backup format {manifest.get('format')!r}.")
    if manifest["database"] not in ("database.dump", "database.sqlite3"):
        raise CommandError(f"Unexpected database file in the backup: {manifest['database']!r}")
    return manifest


def _check_staged_media(staged, manifest):
    media = media_fingerprints(staged)
    if media != manifest["media"]:
        missing = sorted(set(manifest["media"]) - set(media))
        changed = sorted(
            n for n in manifest["media"] if n in media and media[n] != manifest["media"][n]
        )
        raise CommandError(
            "The backup's media files do not match the backup's manifest: "
            f"missing {missing[:10]}, changed {changed[:10]}. {NOTHING_CHANGED}"
        )


def _verification_sql(manifest):
    """Statements that raise (and so abort the transaction) unless every table is as saved."""
    statements = ["RESET search_path;"]  # pg_restore's script empties it
    for table, expected in sorted(manifest["tables"].items()):
        table, rows = checked_name(table), int(expected["rows"])
        if manifest["format"] == 1:  # its checksums were computed in Python: counts only
            query, wanted = f"SELECT count(*) FROM {_quote(table)}", f"({rows})"  # noqa: S608
        else:
            digest = str(expected["sha256"])
            if len(digest) != 64 or digest.strip("0123456789abcdef"):
                raise CommandError(f"The manifest's checksum of {table} is not a checksum.")
            query = fingerprint_sql(table, [checked_name(c) for c in expected["order"]])
            wanted = f"({rows},{digest})"
        # Only checked names, digits and hex reach this text (the manifest comes from a file).
        statements.append(
            "DO $verify$ DECLARE found text; BEGIN "  # noqa: S608
            f"SELECT f::text INTO found FROM ({query}) AS f; "
            f"IF found IS DISTINCT FROM '{wanted}' THEN RAISE EXCEPTION "
            f"'table {table}: expected {wanted}, found %', found; END IF; END $verify$;"
        )
    return "\n".join(statements) + "\n"


def _restore_postgres(connection, dump, manifest):
    """pg_restore's SQL through psql in one transaction that checks itself before COMMIT."""
    connection.close()
    args, env = postgres_args_and_env(connection.settings_dict)
    with tempfile.TemporaryFile() as reader_errors, tempfile.TemporaryFile() as psql_errors:
        reader = subprocess.Popen(  # noqa: S603
            [
                postgres_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--file=-",
                str(dump),
            ],
            stdout=subprocess.PIPE,
            stderr=reader_errors,
            env=env,
        )
        psql = subprocess.Popen(  # noqa: S603
            [postgres_tool("psql"), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=env,
        )
        committed = False
        try:
            psql.stdin.write(b"BEGIN;\n")
            shutil.copyfileobj(reader.stdout, psql.stdin, 1 << 20)
            if reader.wait() != 0:
                reader_errors.seek(0)
                message = reader_errors.read().decode(errors="replace").strip()
                raise CommandError(f"pg_restore failed: {message} {NOTHING_CHANGED}")
            psql.stdin.write(_verification_sql(manifest).encode())
            psql.stdin.write(b"COMMIT;\n")
            psql.stdin.close()
            committed = psql.wait() == 0
        except BrokenPipeError:
            pass  # psql stopped at an error (ON_ERROR_STOP): its transaction is rolled back
        finally:
            if not committed:
                # Ended before COMMIT reached it: the server rolls the transaction back.
                psql.kill()
                reader.kill()
            psql.wait()
            reader.wait()
        if not committed:
            psql_errors.seek(0)
            message = psql_errors.read().decode(errors="replace").strip()
            if "expected" in message:
                raise CommandError(
                    f"The restore does not match the backup: {message} {NOTHING_CHANGED}"
                )
            raise CommandError(f"The database could not be restored: {message} {NOTHING_CHANGED}")
    # pg_restore brings no planner statistics: until autovacuum gathers them, search and
    # the lists would be planned as if the tables were empty.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _restore_sqlite(connection, copy, manifest):
    """Check the archived file, then copy it over the live database in one step."""
    orders = {table: expected.get("order") for table, expected in manifest["tables"].items()}
    try:
        # The checksums read the tables' rows, not their indexes: a damaged index page would
        # be copied in and fail later. SQLite's own check reads every page.
        check = sqlite3.connect(copy)
        try:
            problems = check.execute("PRAGMA integrity_check").fetchall()
        finally:
            check.close()
        if problems != [("ok",)]:
            raise CommandError(
                f"The backup's database is damaged: {problems[:5]}. {NOTHING_CHANGED}"
            )
        if manifest["format"] == 1:
            found = {t: {"rows": v["rows"]} for t, v in fingerprint_sqlite_file(copy).items()}
            wanted = {t: {"rows": v["rows"]} for t, v in manifest["tables"].items()}
        else:
            found, wanted = fingerprint_sqlite_file(copy, orders), manifest["tables"]
    except sqlite3.Error as exc:
        raise CommandError(
            f"The backup's database cannot be read ({exc}). {NOTHING_CHANGED}"
        ) from exc
    differ = [
        f"table {table}: expected {expected}, found {found.get(table)}"
        for table, expected in sorted(wanted.items())
        if found.get(table) != expected
    ]
    if differ:
        raise CommandError(
            "The restore does not match the backup:\n" + "\n".join(differ) + f"\n{NOTHING_CHANGED}"
        )
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        # Every page of the live database replaced in one write transaction: all or nothing.
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _swap_media(staged, root):
    """Put the staged folder in MEDIA_ROOT's place by renaming (same file system)."""
    staged.mkdir(exist_ok=True)
    old = root.with_name(f".{root.name}.old-{uuid.uuid4().hex[:8]}")
    if root.exists():
        staged.chmod(root.stat().st_mode & 0o7777)  # the web server reads it as before
        os.rename(root, old)
    try:
        os.rename(staged, root)
    except OSError:
        if old.exists():
            os.rename(old, root)
        raise
    shutil.rmtree(old, ignore_errors=True)


def restore_backup(archive_path, alias=DEFAULT_DB_ALIAS, include_media=True, progress=None):
    """Restore the archive (checked) and drop the cached pages; return the manifest.
    `progress`, a callable taking a line, hears of each table and media folder restored."""
    connection = connections[alias]
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Beside MEDIA_ROOT, so the staged media can be renamed into place.
    stage = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=f".{media_root.name}.restore-"))
    try:
        manifest = _extract(archive_path, stage, include_media)
        if manifest["engine"] != connection.vendor:
            raise CommandError(
                f"The backup is of a {manifest['engine']} database; this site uses "
                f"{connection.vendor}. Use dumpdata/loaddata to move between engines."
            )
        with_media = include_media and manifest.get("media_included", True)
        if with_media:
            _check_staged_media(stage / "media", manifest)
        dump = stage / manifest["database"]
        if connection.vendor == "postgresql":
            _restore_postgres(connection, dump, manifest)
        else:
            _restore_sqlite(connection, dump, manifest)
        report_tables(progress, manifest["tables"])
        if with_media:
            _swap_media(stage / "media", media_root)
            report_media(progress, manifest["media"])
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    # Pages cached before the restore show content that is no longer there.
    pagecache.bump()
    return manifest


class Command(BaseCommand):
    help = (
        "Replace the database and MEDIA_ROOT with a backup made by `backup`, checking every "
        "table's row count and checksum against the backup's manifest before committing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="The .tar.gz(.enc) to restore (default: the newest in var/backups/).",
        )
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--no-media", action="store_true", help="Leave MEDIA_ROOT alone.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--quiet", action="store_true", help="Print nothing but errors (for cron)."
        )

    def handle(self, *args, **options):
        archive = Path(options["archive"]) if options["archive"] else latest_backup()
        if not archive.is_file():
            raise CommandError(f"No such file: {archive}")
        if options["interactive"]:
            target = connections[options["database"]].settings_dict
            where = f"{target['NAME']}" + (f" on {target['HOST']}" if target.get("HOST") else "")
            media = "" if options["no_media"] else f" and {settings.MEDIA_ROOT}"
            answer = input(
                f"This replaces the database {where}{media} with {archive}. "
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        manifest = restore_backup(
            archive,
            alias=options["database"],
            include_media=not options["no_media"],
            progress=None if options["quiet"] else self.stdout.write,
        )
        if options["quiet"]:
            return
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Restored {len(manifest['tables'])} tables ({rows} rows, checked) and "
            f"{len(manifest['media'])} media files from {archive} "
            f"(backed up {manifest['created_at']})"
        )
