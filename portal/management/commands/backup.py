"""Back up the database and the media files into one archive (`make backup`).

The archive (a .tar.gz, mode 600: it holds personal data) contains

- `manifest.json`: when, which engine, and every table's row count and checksum, taken from
  the same snapshot as the dump, so that `restore` can prove it put back exactly that;
- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite, a
  consistent copy made with SQLite's online backup API, safe while the site is serving);
- `media/`: every file under MEDIA_ROOT.

On PostgreSQL the dump and the checksums come from one exported snapshot (a REPEATABLE
READ transaction and `pg_dump --snapshot`), so writes made meanwhile are in neither.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

ARCHIVE_FORMAT = 1
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


def default_backup_dir():
    return Path(settings.BASE_DIR) / "var" / "backups"


def postgres_tool(name):
    """pg_dump/pg_restore: $PG_BINDIR, else the newest installed server's, else $PATH."""
    if os.environ.get("PG_BINDIR"):
        return str(Path(os.environ["PG_BINDIR"]) / name)
    installed = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if installed:
        return str(installed[-1])
    found = shutil.which(name)
    if not found:
        raise CommandError(f"{name} not found: install the PostgreSQL client or set PG_BINDIR.")
    return found


def postgres_args_and_env(settings_dict):
    """Connection options for the PostgreSQL tools; the password goes in the environment."""
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


def fingerprint_tables(cursor, tables):
    """Row count and SHA-256 of the content of each table (rows sorted, so order-free)."""
    result = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT * FROM {_quote(table)}")  # noqa: S608 - names from introspection
        rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
        digest = hashlib.sha256()
        for row in rows:
            digest.update(row.encode("utf-8", "surrogatepass"))
            digest.update(b"\n")
        result[table] = {"rows": len(rows), "sha256": digest.hexdigest()}
    return result


def sqlite_user_tables(sqlite_connection):
    rows = sqlite_connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [name for (name,) in rows]


def fingerprint_sqlite_file(path):
    """Fingerprints of an SQLite file read with plain sqlite3 (no Django type converters)."""
    with sqlite3.connect(path) as copy:
        return fingerprint_tables(copy.cursor(), sqlite_user_tables(copy))


def copy_sqlite(connection, destination):
    """A consistent copy of the live SQLite database, through SQLite's online backup API."""
    connection.ensure_connection()
    target = sqlite3.connect(destination)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def postgres_tables(cursor):
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [name for (name,) in cursor.fetchall()]


def database_fingerprints(alias=DEFAULT_DB_ALIAS):
    """Every table's row count and checksum in the live database, as the manifest keeps them."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "copy.sqlite3"
            copy_sqlite(connection, copy)
            return fingerprint_sqlite_file(copy)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return fingerprint_tables(cursor, postgres_tables(cursor))
    raise CommandError(f"Unsupported database engine: {connection.vendor}")


def media_fingerprints(root):
    """Size and SHA-256 of every file under MEDIA_ROOT, by relative path."""
    root = Path(root)
    result = {}
    if not root.is_dir():
        return result
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            result[path.relative_to(root).as_posix()] = {
                "bytes": path.stat().st_size,
                "sha256": digest.hexdigest(),
            }
    return result


@contextmanager
def postgres_snapshot(connection):
    """A REPEATABLE READ transaction whose snapshot pg_dump can share (pg_export_snapshot)."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        yield snapshot, cursor


def dump_postgres(connection, destination):
    """pg_dump of the database and the fingerprints, both from one snapshot."""
    args, env = postgres_args_and_env(connection.settings_dict)
    with postgres_snapshot(connection) as (snapshot, cursor):
        command = [
            postgres_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={destination}",
            *args,
        ]
        completed = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        if completed.returncode != 0:
            raise CommandError(f"pg_dump failed: {completed.stderr.strip()}")
        return fingerprint_tables(cursor, postgres_tables(cursor))


def create_backup(output=None, include_media=True, alias=DEFAULT_DB_ALIAS):
    """Write the archive and return (its path, the manifest)."""
    connection = connections[alias]
    if connection.vendor not in DUMP_NAMES:
        raise CommandError(f"Unsupported database engine: {connection.vendor}")
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    name = f"portal-{connection.vendor}-{stamp}.tar.gz"
    output = Path(output) if output else default_backup_dir()
    if output.is_dir() or not output.name.endswith((".tar.gz", ".tgz")):
        output = output / name
    output.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as tmp:
        dump = Path(tmp) / DUMP_NAMES[connection.vendor]
        if connection.vendor == "postgresql":
            tables = dump_postgres(connection, dump)
        else:
            copy_sqlite(connection, dump)
            tables = fingerprint_sqlite_file(dump)
        media_root = Path(settings.MEDIA_ROOT)
        media = media_fingerprints(media_root) if include_media else {}
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "engine": connection.vendor,
            "database": DUMP_NAMES[connection.vendor],
            "tables": tables,
            "media": media,
            "media_included": include_media,
        }
        manifest_path = Path(tmp) / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
        # Written beside the target, then renamed: a half-written archive never has its name.
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, arcname="manifest.json")
            archive.add(dump, arcname=dump.name)
            for relative in media:
                archive.add(media_root / relative, arcname=f"media/{relative}")
        partial.chmod(0o600)
        os.replace(partial, output)
    return output, manifest


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's online backup) and MEDIA_ROOT into one "
        "timestamped .tar.gz under var/backups/ (or --output), with row counts and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="A folder to put the archive in, or the archive's file name (.tar.gz).",
        )
        parser.add_argument("--no-media", action="store_true", help="Leave MEDIA_ROOT out.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        path, manifest = create_backup(
            options["output"], include_media=not options["no_media"], alias=options["database"]
        )
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
            f"{len(manifest['media'])} media files to {path}"
        )
