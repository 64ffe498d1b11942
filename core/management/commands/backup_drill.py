"""Make a backup into ``--to DIR`` and prove it by restoring it into scratch targets (see docs/backup.md)."""

from itertools import groupby
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import ARCHIVE_NAME, DUMP_NAME, MANIFEST_NAME, BackupError, run_drill

ROW = "  {label:<38} {expected:>10} {actual:>10}  {mark}"


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database and the private files into DIR, restore both into a scratch "
        "database and folder, and compare row counts and checksums. Exits non-zero on any difference. "
        "Use -v 2 to list every table."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", required=True, type=Path, metavar="DIR", help="Folder for the backup files."
        )

    def handle(self, *args, to: Path, verbosity: int = 1, **options):
        try:
            result = run_drill(to)
        except BackupError as exc:
            raise CommandError(f"Backup drill MISLUKT: {exc}") from exc

        tables = [c for c in result.comparisons if c.group == "tabel"]
        files = [c for c in result.comparisons if c.group == "bestanden"]
        self._header("Database (rijen per app)")
        for app, group in groupby(tables, key=lambda c: c.label.split("_", 1)[0]):
            group = list(group)
            self._row(
                f"{app} ({len(group)} tabellen)",
                _rows(c.expected for c in group),
                _rows(c.actual for c in group),
                ok=all(c.ok for c in group),
            )
            # A table is listed on its own when it differs, or on request.
            for comparison in group:
                if verbosity >= 2 or not comparison.ok:
                    self._row(
                        f"  {comparison.label}", comparison.expected, comparison.actual, ok=comparison.ok
                    )
        self._header("Privébestanden")
        for comparison in files:
            self._row(comparison.label, comparison.expected, comparison.actual, ok=comparison.ok)

        self.stdout.write(f"\nBackup in {result.target_dir}: {DUMP_NAME}, {ARCHIVE_NAME}, {MANIFEST_NAME}")
        self.stdout.write(f"Duur: {result.seconds:.1f} s")
        if not result.passed:
            differences = "; ".join(
                f"{c.group} {c.label}: bron {c.expected}, hersteld {c.actual}" for c in result.differences
            )
            raise CommandError(f"Backup drill MISLUKT: {differences or 'niets vergeleken'}")
        self.stdout.write(self.style.SUCCESS("Backup drill geslaagd"))

    def _header(self, title: str) -> None:
        self.stdout.write(f"\n{title:<40} {'bron':>10} {'hersteld':>10}")

    def _row(self, label: str, expected, actual, *, ok: bool) -> None:
        mark = "ok" if ok else "VERSCHIL"
        self.stdout.write(ROW.format(label=label, expected=str(expected), actual=str(actual), mark=mark))


def _rows(counts) -> int:
    """The rows of an app on one side; a missing table ("ontbreekt") adds none and marks the group."""
    return sum(count for count in counts if isinstance(count, int))
