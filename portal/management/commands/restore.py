"""Put back a backup made by `manage.py backup` (`make restore BACKUP=…`).

The database is replaced by the archive's (pg_restore --clean in one transaction on
PostgreSQL; SQLite's backup API, which swaps the whole content, on SQLite), MEDIA_ROOT is
made equal to the archive's media, and then every table's row count and checksum is
compared with the manifest: a restore that does not give back exactly what was saved
fails loudly. Stop gunicorn first: open connections hold locks pg_restore must take.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from .backup import (
    ARCHIVE_FORMAT,
    database_fingerprints,
    default_backup_dir,
    media_fingerprints,
    postgres_args_and_env,
    postgres_tool,
)


def latest_backup(folder=None):
    folder = Path(folder) if folder else default_backup_dir()
    archives = sorted(folder.glob("portal-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not archives:
        raise CommandError(f"No backup found in {folder}.")
    return archives[-1]


def _extract(archive_path, destination):
    with tarfile.open(archive_path, "r:gz") as archive:
        # The "data" filter refuses absolute paths, "..", links out of the folder, devices.
        archive.extractall(destination, filter="data")
    manifest_path = Path(destination) / "manifest.json"
    if not manifest_path.is_file():
        raise CommandError(f"{archive_path} is not a portal backup (no manifest.json).")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise CommandError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _restore_postgres(connection, dump):
    connection.close()
    args, env = postgres_args_and_env(connection.settings_dict)
    command = [
        postgres_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        *args,
        str(dump),
    ]
    completed = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if completed.returncode != 0:
        raise CommandError(f"pg_restore failed (nothing was changed): {completed.stderr.strip()}")
    # pg_restore brings no planner statistics: until autovacuum gathers them, search and
    # the lists would be planned as if the tables were empty.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _restore_sqlite(connection, copy):
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        # Replaces every page of the live database in one step; tables the copy lacks go too.
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _restore_media(source, root):
    """Make MEDIA_ROOT hold exactly the archived files (others are removed)."""
    root.mkdir(parents=True, exist_ok=True)
    wanted = set()
    if source.is_dir():
        for path in source.rglob("*"):
            if path.is_file():
                relative = path.relative_to(source)
                wanted.add(relative.as_posix())
                target = root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                # Copied next to the target and renamed: no reader sees half a file.
                partial = target.with_name(f".{target.name}.restoring")
                shutil.copy2(path, partial)
                os.replace(partial, target)
    for path in sorted(root.rglob("*"), reverse=True):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and relative not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def restore_backup(archive_path, alias=DEFAULT_DB_ALIAS, include_media=True):
    """Restore the archive and verify it; return the manifest."""
    connection = connections[alias]
    with tempfile.TemporaryDirectory() as tmp:
        manifest = _extract(archive_path, tmp)
        if manifest["engine"] != connection.vendor:
            raise CommandError(
                f"The backup is of a {manifest['engine']} database; this site uses "
                f"{connection.vendor}. Use dumpdata/loaddata to move between engines."
            )
        dump = Path(tmp) / manifest["database"]
        if connection.vendor == "postgresql":
            _restore_postgres(connection, dump)
        else:
            _restore_sqlite(connection, dump)
        if include_media and manifest.get("media_included", True):
            _restore_media(Path(tmp) / "media", Path(settings.MEDIA_ROOT))

    problems = []
    restored = database_fingerprints(alias)
    for table, expected in manifest["tables"].items():
        if restored.get(table) != expected:
            problems.append(f"table {table}: expected {expected}, found {restored.get(table)}")
    if include_media and manifest.get("media_included", True):
        media = media_fingerprints(settings.MEDIA_ROOT)
        if media != manifest["media"]:
            missing = sorted(set(manifest["media"]) - set(media))
            changed = sorted(
                name
                for name in manifest["media"]
                if name in media and media[name] != manifest["media"][name]
            )
            problems.append(f"media differ: missing {missing[:10]}, changed {changed[:10]}")
    if problems:
        raise CommandError("The restore does not match the backup:\n" + "\n".join(problems))
    return manifest


class Command(BaseCommand):
    help = (
        "Replace the database and MEDIA_ROOT with a backup made by `backup`, then check every "
        "table's row count and checksum against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="The .tar.gz to restore (default: the newest in var/backups/).",
        )
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--no-media", action="store_true", help="Leave MEDIA_ROOT alone.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

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
            archive, alias=options["database"], include_media=not options["no_media"]
        )
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Restored {len(manifest['tables'])} tables ({rows} rows, checked) and "
            f"{len(manifest['media'])} media files from {archive} "
            f"(backed up {manifest['created_at']})"
        )
