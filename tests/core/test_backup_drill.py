"""The backup drill: dump, archive, restore into scratch targets and compare (docs/backup.md)."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup
from tests.cases.factories import CaseFactory, DocumentFactory


def drill_databases() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", ["%\\_drill\\_%"])
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def source(region_utr, settings):
    """Committed rows and private files, as pg_dump and the archive see them."""
    cases = CaseFactory.create_batch(3)
    for case in cases[:2]:
        DocumentFactory(case=case)
    nested = Path(settings.MEDIA_ROOT) / "nested"
    nested.mkdir(parents=True)
    (nested / "0b6c1e0e-3f5f-4a43-9f0e-6b1a1f0d3c2a").write_bytes(b"\x00binary\xff" * 1000)
    return cases


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_drill_over_rows_and_files_passes_and_keeps_the_backup(source, tmp_path, capsys):
    target = tmp_path / "backups" / "2026-11-29"

    call_command("backup_drill", to=target)

    out = capsys.readouterr().out
    assert "Backup drill geslaagd" in out
    assert "cases (" in out
    assert sorted(p.name for p in target.iterdir()) == [
        "database.dump",
        "manifest.json",
        "private-files.tar.gz",
    ]
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["tables"]["cases_case"] == 3
    assert len(manifest["files"]["sha256"]) == 3
    assert manifest["created_at"]
    assert all(p.stat().st_mode & 0o077 == 0 for p in target.iterdir()), "the backup is for its owner only"
    assert drill_databases() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_file_lost_in_the_restore_fails_the_drill(source, tmp_path, monkeypatch):
    restore_files = backup.restore_files

    def restore_and_lose_a_file(archive_path, target):
        restore_files(archive_path, target)
        next(p for p in target.rglob("*") if p.is_file()).unlink()

    monkeypatch.setattr(backup, "restore_files", restore_and_lose_a_file)

    with pytest.raises(CommandError, match="MISLUKT.*bestanden ontbrekend: bron 0, hersteld 1"):
        call_command("backup_drill", to=tmp_path / "backup")
    assert (tmp_path / "backup" / "private-files.tar.gz").exists()
    assert drill_databases() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_changed_file_in_the_restore_fails_the_drill(source, tmp_path, monkeypatch):
    restore_files = backup.restore_files

    def restore_and_corrupt_a_file(archive_path, target):
        restore_files(archive_path, target)
        next(p for p in target.rglob("*") if p.is_file()).write_bytes(b"corrupt")

    monkeypatch.setattr(backup, "restore_files", restore_and_corrupt_a_file)

    with pytest.raises(CommandError, match="afwijkende sha256: bron 0, hersteld 1"):
        call_command("backup_drill", to=tmp_path / "backup")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_corrupt_archive_fails_the_drill(source, tmp_path, monkeypatch):
    archive_files = backup.archive_files

    def archive_and_truncate(media_root, archive_path):
        checksums = archive_files(media_root, archive_path)
        data = archive_path.read_bytes()
        archive_path.write_bytes(data[: len(data) // 2])
        return checksums

    monkeypatch.setattr(backup, "archive_files", archive_and_truncate)

    with pytest.raises(CommandError, match="MISLUKT: het archief met privébestanden is niet uit te pakken"):
        call_command("backup_drill", to=tmp_path / "backup")
    assert drill_databases() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_row_count_that_differs_after_restore_fails_the_drill(source, tmp_path, monkeypatch):
    restored_row_counts = backup.restored_row_counts

    def one_case_short(db, scratch_name):
        counts = restored_row_counts(db, scratch_name)
        return {**counts, "cases_case": counts["cases_case"] - 1}

    monkeypatch.setattr(backup, "restored_row_counts", one_case_short)

    with pytest.raises(CommandError, match="tabel cases_case: bron 3, hersteld 2"):
        call_command("backup_drill", to=tmp_path / "backup")
    assert drill_databases() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_scratch_database_is_dropped_when_the_restore_fails(source, tmp_path, monkeypatch):
    def failing_restore(db, dump_path, scratch_name):
        raise backup.BackupError("pg_restore faalde (exit 1)")

    monkeypatch.setattr(backup, "restore_database", failing_restore)

    with pytest.raises(CommandError, match="pg_restore faalde"):
        call_command("backup_drill", to=tmp_path / "backup")
    assert drill_databases() == []


def test_the_drill_refuses_a_database_other_than_postgresql(tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "database_vendor", lambda: "sqlite")

    with pytest.raises(CommandError, match="alleen met PostgreSQL"):
        call_command("backup_drill", to=tmp_path / "backup")
    assert not (tmp_path / "backup").exists()


def test_the_drill_does_not_overwrite_an_earlier_backup(tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "database_vendor", lambda: "postgresql")
    (tmp_path / "database.dump").write_bytes(b"earlier backup")

    with pytest.raises(CommandError, match=r"bevat al een backup \(database.dump\)"):
        call_command("backup_drill", to=tmp_path)
    assert (tmp_path / "database.dump").read_bytes() == b"earlier backup"


def test_the_password_reaches_pg_dump_through_the_environment_only(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(backup.subprocess, "run", lambda args, **kwargs: calls.append((args, kwargs)))
    db = {"NAME": "jeugdcasus", "HOST": "db", "PORT": 5432, "USER": "jeugdcasus", "PASSWORD": "geheim-123"}

    backup.restore_database(db, tmp_path / "database.dump", "jeugdcasus_drill_0123abcd")

    [(args, kwargs)] = calls
    assert not any("geheim-123" in arg for arg in args)
    assert kwargs["env"]["PGPASSWORD"] == "geheim-123"
    assert "shell" not in kwargs
    assert args[1:] == [
        "--no-password",
        *("--host", "db", "--port", "5432", "--username", "jeugdcasus"),
        *(
            "--no-owner",
            "--exit-on-error",
            "--dbname=jeugdcasus_drill_0123abcd",
            str(tmp_path / "database.dump"),
        ),
    ]
