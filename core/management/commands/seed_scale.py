import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = (
        "Grow the demo data to a country's load for `make bench` (benchmarks/scale_seed.py): 42 regions, "
        "--cases cases with --steps steps, --applications grant applications. Refuses a second run "
        "without --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000)
        parser.add_argument("--steps", type=int, default=1_000_000)
        parser.add_argument("--applications", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=42, help="Random seed (the same data each run).")
        parser.add_argument(
            "--force", action="store_true", help="Add another set even when the scale data is already there."
        )

    def handle(self, *args, cases, steps, applications, seed, force, **options):
        # The scale data lives in the benchmarks package, outside the apps' one-way dependencies.
        from benchmarks.scale_seed import already_seeded, seed_scale  # noqa: PLC0415

        if min(cases, steps, applications) < 0:
            raise CommandError("--cases, --steps and --applications must be 0 or more.")
        if already_seeded() and not force:
            raise CommandError("De schaaldata staat er al. Gebruik --force om nog een set toe te voegen.")
        started = time.perf_counter()
        call_command("seed_demo", force=True, quiet_accounts=True, stdout=self.stdout)
        report = seed_scale(
            cases=cases, steps=steps, applications=applications, seed=seed, stdout=self.stdout
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Schaaldata geladen in {time.perf_counter() - started:.0f} s: {report.regions} regio's, "
                f"{report.cases:,} casussen, {report.steps:,} stappen ({report.details:,} details, "
                f"{report.actions:,} acties), {report.applications:,} aanvragen, {report.sessions:,} leersessies."
            )
        )
        if not settings.DEBUG:
            self.stdout.write("Alle gegenereerde accounts hebben het demowachtwoord.")
