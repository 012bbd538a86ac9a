"""Backups that are known to work: the database and the stored documents in one archive.

An archive is a .tar.gz holding `manifest.json` (when it was made, the
database engine, the row count of every table and the SHA-256 of every stored
file), the database (SQLite's online backup, or a pg_dump custom-format dump)
and the stored files under `media/`. Restoring checks every checksum before it
touches anything, and every row count after.
"""

import datetime
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import dj_database_url
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connection

FORMAT = 1
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"


class BackupError(Exception):
    """A backup or restore that cannot go ahead, and why."""


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    directories, files = storage.listdir(folder) if storage.exists(folder or ".") else ([], [])
    for name in sorted(files):
        yield str(PurePosixPath(folder, name)) if folder else name
    for directory in sorted(directories):
        yield from _stored_files(storage, str(PurePosixPath(folder, directory)))


def _row_counts_here() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _postgres_environment(config: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                      ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):  # fmt: skip
        if config.get(key):
            env[name] = str(config[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)") from None
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from None


def backup_create(folder: Path, storage: Storage = default_storage) -> Path:
    """Write a dated archive of the database and the stored files into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%d-%H%M%S")
    target = folder / f"allies-notes-{stamp}.tar.gz"
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups of {vendor} databases are not supported")
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / (SQLITE_FILE if vendor == "sqlite" else POSTGRES_FILE)
        # Counted in the same moment as the dump is taken, as far as the
        # engine allows: the counts are what restore checks against.
        counts = _row_counts_here()
        if vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(dump) as copy:
                connection.connection.backup(copy)
        else:
            env = _postgres_environment(connection.settings_dict)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={dump}"], env)
        files = {name: storage.open(name, "rb").read() for name in _stored_files(storage)}
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(tz=datetime.UTC).isoformat(),
            "engine": vendor,
            "database": dump.name,
            "database_sha256": sha256(dump.read_bytes()),
            "tables": counts,
            "files": {name: sha256(data) for name, data in files.items()},
        }
        partial = target.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname=dump.name)
            for name, data in files.items():
                _add(archive, f"media/{name}", data)
        partial.replace(target)  # a backup is either whole or absent
    return target


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now(tz=datetime.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def _read_archive(path: Path, work: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, filter="data")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path.name} is not a readable backup archive: {error}") from None
    try:
        manifest: dict[str, Any] = json.loads((work / "manifest.json").read_text())
    except (OSError, ValueError):
        raise BackupError(f"{path.name} has no readable manifest.json") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path.name} is in an unknown backup format")
    database = work / manifest["database"]
    if not database.exists() or sha256(database.read_bytes()) != manifest["database_sha256"]:
        raise BackupError("the database in the archive is missing or damaged")
    for name, checksum in manifest["files"].items():
        stored = work / "media" / name
        if not stored.is_file() or sha256(stored.read_bytes()) != checksum:
            raise BackupError(f"the stored file {name} is missing or damaged in the archive")
    return manifest


def _row_counts(config: dict[str, Any], tables: list[str]) -> dict[str, int]:
    """Rows in each of `tables` that exists in the database `config` describes."""
    db: Any
    if config["ENGINE"].endswith("sqlite3"):
        db = _sqlite(config["NAME"])
        listing = "SELECT name FROM sqlite_master WHERE type = 'table'"
    else:
        import psycopg

        db = psycopg.connect(_postgres_url(config))
        listing = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    try:
        present = {row[0] for row in db.execute(listing).fetchall()}
        return {
            table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in tables
            if table in present
        }
    finally:
        db.close()


def _sqlite(name: str | Path) -> sqlite3.Connection:
    # Django names an in-memory test database with a file: URI.
    return sqlite3.connect(name, uri=str(name).startswith("file:"))


def _postgres_url(config: dict[str, Any]) -> str:
    parts = {"host": config.get("HOST"), "port": config.get("PORT"), "user": config.get("USER"),
             "password": config.get("PASSWORD"), "dbname": config.get("NAME")}  # fmt: skip
    return " ".join(f"{key}={value}" for key, value in parts.items() if value)


def backup_restore(
    path: Path, *, database_url: str | None = None, storage: Storage = default_storage
) -> RestoreReport:
    """Bring back an archive into an empty database and storage, then check every count."""
    config = dict(dj_database_url.parse(database_url) if database_url else connection.settings_dict)
    engine = "sqlite" if config["ENGINE"].endswith("sqlite3") else "postgresql"
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        manifest = _read_archive(path, work)
        if manifest["engine"] != engine:
            raise BackupError(
                f"the archive holds a {manifest['engine']} database; restore it into one"
            )
        tables = list(manifest["tables"])
        if any(_row_counts(config, tables).values()):
            raise BackupError("the target database is not empty; restore into an empty one")
        clashes = [
            name
            for name, checksum in manifest["files"].items()
            if storage.exists(name) and sha256(storage.open(name, "rb").read()) != checksum
        ]
        if clashes:
            raise BackupError(f"the target storage holds a different {clashes[0]}")
        database = work / manifest["database"]
        if engine == "sqlite":
            with sqlite3.connect(database) as source, _sqlite(config["NAME"]) as target:
                source.backup(target)
        else:
            env = _postgres_environment(config)
            _run(["pg_restore", "--no-owner", "--no-acl", "--clean", "--if-exists",
                  "--single-transaction", "--exit-on-error", f"--dbname={config['NAME']}",
                  str(database)], env)  # fmt: skip
        for name in manifest["files"]:
            if storage.exists(name):
                continue  # the same file is there already (checked above)
            saved = storage.save(name, ContentFile((work / "media" / name).read_bytes()))
            if saved != name:
                raise BackupError(f"the storage renamed {name} to {saved}")
        counts = _row_counts(config, tables)
        wrong = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
        if wrong:
            table, (expected, found) = next(iter(wrong.items()))
            raise BackupError(f"table {table} has {found} rows after restoring, not {expected}")
        return RestoreReport(
            tables=len(tables), rows=sum(counts.values()), files=len(manifest["files"])
        )
