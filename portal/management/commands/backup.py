"""Back up the database and the media files into one archive (`make backup`).

The archive (a .tar.gz, mode 600: it holds personal data) contains

- `manifest.json`: when, which engine, and every table's row count and checksum, taken from
  the same snapshot as the dump, so that `restore` can prove it put back exactly that;
- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite, a
  consistent copy made with SQLite's online backup API, safe while the site is serving);
- `media/`: every file under MEDIA_ROOT.

On PostgreSQL the dump and the checksums come from one exported snapshot (a REPEATABLE
READ transaction and `pg_dump --snapshot`), so writes made meanwhile are in neither.

A table's checksum is the SHA-256 of its rows' SHA-256 digests in primary-key order. On
PostgreSQL the database computes it (`fingerprint_sql`): 32 bytes a row reach the
aggregate, nothing of the table reaches Python. SQLite has no hash function in SQL, so its
rows are streamed in key order through a cursor and hashed one at a time (memory stays
flat; SQLite reads a local file, there is no network to spare). The manifest records the
key columns, so `restore` checks with exactly the query the backup used.

With BACKUP_ENCRYPTION_KEY set the archive is encrypted (portal/backupcrypto.py, a
`.tar.gz.enc`): it holds password hashes, session keys, TOTP secrets and personal data.
Without DEBUG, an unencrypted archive is written only when asked for (`--unencrypted`).
"""

import datetime
import hashlib
import json
import os
import re
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

from portal import backupcrypto

# 2: checksums of rows in key order (computed by PostgreSQL itself), key columns recorded.
ARCHIVE_FORMAT = 2
# Names that go into SQL text (the manifest is read back from an archive): nothing else.
SAFE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")
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


def checked_name(name):
    if not isinstance(name, str) or not SAFE_NAME.match(name):
        raise CommandError(f"Unexpected table or column name in the backup: {name!r}")
    return name


def fingerprint_sql(table, order):
    """One query: the row count and checksum of `table` (PostgreSQL), rows in `order`.

    Each row's text is hashed by the server; only the 32-byte digests are aggregated (in
    key order), never the rows themselves, so a table of any size costs 32 bytes a row."""
    columns = ", ".join(f"t.{_quote(checked_name(c))}" for c in order) if order else "t::text"
    return (
        "SELECT count(*), encode(sha256(coalesce(string_agg("  # noqa: S608 - checked names
        f"sha256(convert_to(t::text, 'UTF8')), ''::bytea ORDER BY {columns}), ''::bytea)), "
        f"'hex') FROM {_quote(checked_name(table))} AS t"
    )


def postgres_key_columns(cursor, table):
    cursor.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
        "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indrelid = %s::regclass AND i.indisprimary "
        "ORDER BY array_position(i.indkey::int2[], a.attnum)",
        [_quote(table)],
    )
    return [name for (name,) in cursor.fetchall()]


def fingerprint_postgres(cursor, tables, orders=None):
    """{table: {"rows", "sha256", "order"}}; `orders` (from a manifest) or the primary keys."""
    result = {}
    for table in sorted(tables):
        order = orders[table] if orders else postgres_key_columns(cursor, table)
        cursor.execute(fingerprint_sql(table, order))
        rows, digest = cursor.fetchone()
        result[table] = {"rows": rows, "sha256": digest, "order": order}
    return result


def sqlite_key_columns(sqlite_connection, table):
    info = sqlite_connection.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    keys = sorted((row[5], row[1]) for row in info if row[5])
    return [name for _position, name in keys] or ["rowid"]


def fingerprint_sqlite(sqlite_connection, tables, orders=None):
    """The same checksums as fingerprint_sql, the rows streamed from a cursor in key order."""
    result = {}
    for table in sorted(tables):
        order = orders[table] if orders else sqlite_key_columns(sqlite_connection, table)
        columns = ", ".join(_quote(checked_name(c)) for c in order)
        cursor = sqlite_connection.execute(
            f"SELECT * FROM {_quote(checked_name(table))} ORDER BY {columns}"  # noqa: S608
        )
        digest, count = hashlib.sha256(), 0
        for row in cursor:  # one row at a time: the table is never held in memory
            text = repr(tuple(row)).encode("utf-8", "surrogatepass")
            digest.update(hashlib.sha256(text).digest())
            count += 1
        result[table] = {"rows": count, "sha256": digest.hexdigest(), "order": order}
    return result


def sqlite_user_tables(sqlite_connection):
    rows = sqlite_connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [name for (name,) in rows]


def fingerprint_sqlite_file(path, orders=None):
    """Fingerprints of an SQLite file read with plain sqlite3 (no Django type converters)."""
    copy = sqlite3.connect(path)
    try:
        return fingerprint_sqlite(copy, orders or sqlite_user_tables(copy), orders)
    finally:
        copy.close()


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
            return fingerprint_postgres(cursor, postgres_tables(cursor))
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
        return fingerprint_postgres(cursor, postgres_tables(cursor))


def encryption_key(required=False):
    """The key from BACKUP_ENCRYPTION_KEY as bytes, or None when unset."""
    value = getattr(settings, "BACKUP_ENCRYPTION_KEY", "")
    if not value:
        if required:
            raise CommandError(
                "This backup is encrypted: set BACKUP_ENCRYPTION_KEY to the key it was made "
                "with. Nothing was changed."
            )
        return None
    return backupcrypto.load_key(value)


def _size_text(size):
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"  # pragma: no cover


def report_tables(progress, tables):
    """One line per table (its name and rows) to `progress`, when given."""
    if progress is None:
        return
    for table, fingerprint in sorted(tables.items()):
        progress(f"  table {table}: {fingerprint['rows']} rows")


def report_media(progress, media):
    """One line per top-level media folder (files and size) to `progress`, when given."""
    if progress is None:
        return
    folders = {}
    for relative, fingerprint in media.items():
        folder = relative.split("/", 1)[0] if "/" in relative else "."
        files, size = folders.get(folder, (0, 0))
        folders[folder] = (files + 1, size + fingerprint["bytes"])
    for folder, (files, size) in sorted(folders.items()):
        progress(f"  media {folder}/: {files} files, {_size_text(size)}")


def write_status(folder, path, manifest):
    """last-backup.json beside the archives: when the last backup succeeded, for the admin's
    work queue (portal.workqueues.last_backup_at) on any server, without a table."""
    status = {
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "archive": path.name,
        "tables": len(manifest["tables"]),
        "media_files": len(manifest["media"]),
    }
    target = Path(folder) / "last-backup.json"
    partial = target.with_name(".last-backup.json.tmp")
    partial.write_text(json.dumps(status, indent=1))
    os.replace(partial, target)


def _write_archive(destination, members, key):
    """The tar.gz of `members` ((path, name in the archive)), encrypted when `key` is set."""
    with open(destination, "wb") as raw:
        sink = raw if key is None else backupcrypto.EncryptingWriter(raw, key)
        # A stream ("w|gz"), so the encrypting writer never has to seek.
        with tarfile.open(fileobj=sink, mode="w|gz") as archive:
            for path, name in members:
                archive.add(path, arcname=name)
        if key is not None:
            sink.close()


def create_backup(
    output=None, include_media=True, alias=DEFAULT_DB_ALIAS, unencrypted=False, progress=None
):
    """Write the archive and return (its path, the manifest). `progress`, a callable taking a
    line, hears of each table and media folder as the backup reaches it."""
    connection = connections[alias]
    if connection.vendor not in DUMP_NAMES:
        raise CommandError(f"Unsupported database engine: {connection.vendor}")
    key = encryption_key()
    if key is None and not (settings.DEBUG or unencrypted):
        raise CommandError(
            "BACKUP_ENCRYPTION_KEY is not set: a backup holds password hashes, session keys, "
            "TOTP secrets and personal data. Set it (docs/operations.md, Backups), or pass "
            "--unencrypted to write a plain archive knowingly."
        )
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    name = f"portal-{connection.vendor}-{stamp}.tar.gz" + (".enc" if key else "")
    output = Path(output) if output else default_backup_dir()
    if output.is_dir() or not output.name.endswith((".tar.gz", ".tgz", ".enc")):
        output = output / name
    output.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as tmp:
        dump = Path(tmp) / DUMP_NAMES[connection.vendor]
        if connection.vendor == "postgresql":
            tables = dump_postgres(connection, dump)
        else:
            copy_sqlite(connection, dump)
            tables = fingerprint_sqlite_file(dump)
        report_tables(progress, tables)
        media_root = Path(settings.MEDIA_ROOT)
        media = media_fingerprints(media_root) if include_media else {}
        report_media(progress, media)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "engine": connection.vendor,
            "database": DUMP_NAMES[connection.vendor],
            "tables": tables,
            "media": media,
            "media_included": include_media,
            "encrypted": key is not None,
        }
        manifest_path = Path(tmp) / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
        # Written beside the target, then renamed: a half-written archive never has its name.
        partial = Path(tmp) / "archive"
        members = [(manifest_path, "manifest.json"), (dump, dump.name)]
        members += [(media_root / relative, f"media/{relative}") for relative in media]
        _write_archive(partial, members, key)
        partial.chmod(0o600)
        os.replace(partial, output)
    write_status(output.parent, output, manifest)
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
        parser.add_argument(
            "--unencrypted",
            action="store_true",
            help="Without BACKUP_ENCRYPTION_KEY, write a plain archive even in production.",
        )
        parser.add_argument(
            "--quiet", action="store_true", help="Print nothing but errors (for cron)."
        )
        parser.add_argument(
            "--generate-key",
            action="store_true",
            help="Print a new random value for BACKUP_ENCRYPTION_KEY and stop.",
        )

    def handle(self, *args, **options):
        if options["generate_key"]:
            self.stdout.write(backupcrypto.generate_key())
            return
        path, manifest = create_backup(
            options["output"],
            include_media=not options["no_media"],
            alias=options["database"],
            unencrypted=options["unencrypted"],
            progress=None if options["quiet"] else self.stdout.write,
        )
        if options["quiet"]:
            return
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
            f"{len(manifest['media'])} media files to {path}"
            + (" (encrypted)" if manifest["encrypted"] else " (NOT encrypted)")
        )
