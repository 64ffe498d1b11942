"""A backup drill: make a backup, restore it into scratch targets, and prove the two are equal.

A backup is only worth what its restore is worth, so :func:`run_drill` never stops at writing files:

1. ``pg_dump -Fc`` of the default database into ``DIR/database.dump``;
2. the private files (``MEDIA_ROOT``) into ``DIR/private-files.tar.gz``;
3. ``DIR/manifest.json`` with the time of the backup, the exact row count of every table in the
   ``public`` schema and the sha256 of every private file;
4. ``pg_restore`` into a scratch database and unpacking into a scratch folder;
5. a comparison of row counts and checksums against the manifest.

The row counts and the dump come from one exported snapshot (``pg_export_snapshot`` + ``pg_dump
--snapshot``), so a drill on a live system does not report the rows written while it ran as a difference.
The files in ``DIR`` are kept: they are the backup. The scratch database and folder are always removed.

Nothing here prints or stores personal data: only table names, counts, checksums and the (random uuid)
file names in the manifest. The database password reaches the client tools through ``PGPASSWORD``.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from psycopg import sql

DUMP_NAME = "database.dump"
ARCHIVE_NAME = "private-files.tar.gz"
MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1
# PostgreSQL truncates identifiers at 63 bytes; the scratch name must stay unique after that.
MAX_IDENTIFIER = 63


class BackupError(Exception):
    """The drill could not run to the end (a tool failed, a precondition is not met)."""


@dataclass(frozen=True)
class Comparison:
    """One line of the verdict: what the source had against what came back from the backup."""

    group: str
    label: str
    expected: int | str
    actual: int | str

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


@dataclass
class DrillResult:
    """The outcome of :func:`run_drill`; ``passed`` only when every comparison holds."""

    target_dir: Path
    comparisons: list[Comparison] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def differences(self) -> list[Comparison]:
        return [c for c in self.comparisons if not c.ok]

    @property
    def passed(self) -> bool:
        return bool(self.comparisons) and not self.differences


# --- the database -----------------------------------------------------------------------------------


def database_vendor() -> str:
    return connections[DEFAULT_DB_ALIAS].vendor


def database_settings() -> dict:
    """The resolved settings of the default database (under pytest: the test database)."""
    return connections[DEFAULT_DB_ALIAS].settings_dict


def _connect(db: dict, dbname: str, **kwargs) -> psycopg.Connection:
    params = {"dbname": dbname, "host": db.get("HOST"), "port": db.get("PORT"), "user": db.get("USER")}
    params.update({"password": db.get("PASSWORD")} if db.get("PASSWORD") else {})
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    params.update({"sslmode": sslmode} if sslmode else {})
    return psycopg.connect(**{k: str(v) for k, v in params.items() if v}, **kwargs)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} niet gevonden op PATH: installeer de PostgreSQL-client "
            "(dezelfde of een nieuwere hoofdversie dan de server)."
        )
    return path


def _run_tool(name: str, args: list[str], db: dict) -> None:
    """Run a PostgreSQL client tool without a shell; the password only in its environment."""
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    connection_args = ["--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            connection_args += [flag, str(db[key])]
    try:
        # A fixed argument list, the executable resolved by shutil.which, no shell: nothing to inject.
        subprocess.run(  # noqa: S603
            [_tool(name), *connection_args, *args], check=True, env=env, capture_output=True, text=True
        )
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{name} faalde (exit {exc.returncode}): {_first_line(exc.stderr)}") from exc


def _first_line(message: str | None) -> str:
    # Only the first line: later lines (DETAIL) of a failed COPY or constraint can quote row values.
    return next(iter((message or "").strip().splitlines()), "")


def count_rows(conn: psycopg.Connection) -> dict[str, int]:
    """The exact row count of every table in the ``public`` schema, by table name."""
    with conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier("public", table)))
            counts[table] = cursor.fetchone()[0]
    return counts


def dump_database(db: dict, dump_path: Path) -> dict[str, int]:
    """Dump the database to ``dump_path`` and return the row counts of the very same snapshot."""
    with _connect(db, db["NAME"]) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction():
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            counts = count_rows(conn)
            # The snapshot is importable while this transaction stays open, so dump inside it.
            _run_tool(
                "pg_dump",
                ["--format=custom", f"--snapshot={snapshot}", f"--file={dump_path}", db["NAME"]],
                db,
            )
    return counts


def scratch_database_name(name: str) -> str:
    suffix = f"_drill_{secrets.token_hex(4)}"
    return name[: MAX_IDENTIFIER - len(suffix)] + suffix


def maintenance_connection(db: dict) -> psycopg.Connection:
    """An autocommit connection to the ``postgres`` database, for CREATE/DROP DATABASE."""
    return _connect(db, "postgres", autocommit=True)


def create_scratch_database(db: dict, name: str) -> None:
    # template0: a clean database, so nothing from template1 shows up as an extra table.
    with maintenance_connection(db) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))


def drop_scratch_database(db: dict, name: str) -> None:
    try:
        with maintenance_connection(db) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise BackupError(
            f"de kladdatabase {name} kon niet worden verwijderd, verwijder hem met de hand: "
            f"{_first_line(str(exc))}"
        ) from exc


def restore_database(db: dict, dump_path: Path, scratch_name: str) -> None:
    _run_tool("pg_restore", ["--no-owner", "--exit-on-error", f"--dbname={scratch_name}", str(dump_path)], db)


def restored_row_counts(db: dict, scratch_name: str) -> dict[str, int]:
    with _connect(db, scratch_name) as conn:
        return count_rows(conn)


# --- the private files ------------------------------------------------------------------------------


class _HashingReader:
    """A file wrapper that hashes exactly the bytes tarfile reads, so the manifest matches the archive."""

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.fileobj.read(size)
        self.sha256.update(data)
        return data


def _regular_files(root: Path) -> Iterator[Path]:
    for folder, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(folder) / filename
            if path.is_file() and not path.is_symlink():
                yield path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def archive_files(media_root: Path, archive_path: Path) -> dict[str, str]:
    """Pack every regular file under ``media_root``; returns sha256 by relative (posix) path."""
    if not media_root.is_dir():
        # A wrong PRIVATE_MEDIA_ROOT would otherwise give a green drill over zero files.
        raise BackupError(f"De map met privébestanden bestaat niet: {media_root}")
    checksums = {}
    with tarfile.open(archive_path, "w:gz") as tar:
        for path in _regular_files(media_root):
            relative = path.relative_to(media_root).as_posix()
            info = tar.gettarinfo(str(path), arcname=relative)
            with path.open("rb") as f:
                reader = _HashingReader(f)
                tar.addfile(info, reader)
            checksums[relative] = reader.sha256.hexdigest()
    return checksums


def restore_files(archive_path: Path, target: Path) -> None:
    with tarfile.open(archive_path, "r:gz") as tar:
        tar.extractall(target, filter="data")


def file_checksums(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): sha256_of(path) for path in _regular_files(root)}


# --- the drill --------------------------------------------------------------------------------------


def compare_tables(expected: dict[str, int], actual: dict[str, int]) -> list[Comparison]:
    return [
        Comparison("tabel", table, expected.get(table, "ontbreekt"), actual.get(table, "ontbreekt"))
        for table in sorted(expected.keys() | actual.keys())
    ]


def compare_files(expected: dict[str, str], actual: dict[str, str]) -> list[Comparison]:
    """Counts only: file names are not printed, the manifest holds them for whoever investigates."""
    same = sum(1 for name, digest in expected.items() if actual.get(name) == digest)
    missing = len(expected.keys() - actual.keys())
    changed = sum(1 for name in expected.keys() & actual.keys() if expected[name] != actual[name])
    extra = len(actual.keys() - expected.keys())
    return [
        Comparison("bestanden", "aantal", len(expected), len(actual)),
        Comparison("bestanden", "zelfde sha256", len(expected), same),
        Comparison("bestanden", "ontbrekend", 0, missing),
        Comparison("bestanden", "afwijkende sha256", 0, changed),
        Comparison("bestanden", "extra", 0, extra),
    ]


def write_manifest(target_dir: Path, *, created_at, db: dict, tables: dict, files: dict) -> Path:
    manifest = {
        "format": MANIFEST_FORMAT,
        "created_at": created_at.isoformat(),
        "database": {"name": db["NAME"], "dump": DUMP_NAME, "dump_sha256": sha256_of(target_dir / DUMP_NAME)},
        "tables": tables,
        "files": {
            "archive": ARCHIVE_NAME,
            "archive_sha256": sha256_of(target_dir / ARCHIVE_NAME),
            "sha256": files,
        },
    }
    path = target_dir / MANIFEST_NAME
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def run_drill(target_dir: Path) -> DrillResult:
    """Back up the default database and ``MEDIA_ROOT`` into ``target_dir`` and prove the restore.

    Returns the comparisons; raises :class:`BackupError` when the drill cannot run (not PostgreSQL,
    a tool or the database failing, an earlier backup in ``target_dir``). The backup files stay in
    ``target_dir`` either way, readable by their owner only; the scratch database and folder are
    always removed.
    """
    if database_vendor() != "postgresql":
        raise BackupError("De backup drill werkt alleen met PostgreSQL (DATABASE_URL=postgres://...).")
    target_dir = Path(target_dir)
    existing = [name for name in (DUMP_NAME, ARCHIVE_NAME, MANIFEST_NAME) if (target_dir / name).exists()]
    if existing:
        raise BackupError(f"{target_dir} bevat al een backup ({', '.join(existing)}); kies een lege map.")
    # The backup holds personal data: everything it writes (also pg_dump's file) is for the owner only.
    previous_umask = os.umask(0o077)
    try:
        return _drill(target_dir, database_settings())
    except psycopg.Error as exc:
        raise BackupError(f"PostgreSQL: {_first_line(str(exc))}") from exc
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise BackupError(f"het archief met privébestanden is niet uit te pakken: {exc}") from exc
    finally:
        os.umask(previous_umask)


def _drill(target_dir: Path, db: dict) -> DrillResult:
    started = timezone.now()
    target_dir.mkdir(parents=True, exist_ok=True)
    tables = dump_database(db, target_dir / DUMP_NAME)
    files = archive_files(Path(settings.MEDIA_ROOT), target_dir / ARCHIVE_NAME)
    manifest_path = write_manifest(target_dir, created_at=started, db=db, tables=tables, files=files)
    # Compare against the manifest as written: the same file an operator checks a restore against.
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))

    result = DrillResult(target_dir=target_dir)
    scratch_name = scratch_database_name(db["NAME"])
    create_scratch_database(db, scratch_name)
    try:
        restore_database(db, target_dir / DUMP_NAME, scratch_name)
        result.comparisons += compare_tables(manifest["tables"], restored_row_counts(db, scratch_name))
    finally:
        drop_scratch_database(db, scratch_name)

    with tempfile.TemporaryDirectory(prefix="backup-drill-") as scratch_folder:
        restore_files(target_dir / ARCHIVE_NAME, Path(scratch_folder))
        result.comparisons += compare_files(manifest["files"]["sha256"], file_checksums(Path(scratch_folder)))

    result.seconds = (timezone.now() - started).total_seconds()
    return result
