from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.models import Region
from reports.content import build_regional_report
from reports.renderers import render_csv, render_pdf, render_xlsx


class Command(BaseCommand):
    help = (
        "Write the regional report of a region and year (the same content as the web request, synchronously)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="Region code, e.g. UTR")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", required=True, choices=["pdf", "csv", "xlsx"])
        parser.add_argument("--output", required=True, help="File to write")

    def handle(self, *args, region, year, format, output, **options):
        found = Region.objects.filter(code__iexact=region).first()
        if found is None:
            raise CommandError(f"Unknown region code: {region}")
        report = build_regional_report(
            region=found, period_start=date(year, 1, 1), period_end=date(year, 12, 31)
        )
        path = Path(output)
        if format == "csv":
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                for line in render_csv(report):
                    handle.write(line)
        else:
            path.write_bytes(render_pdf(report) if format == "pdf" else render_xlsx(report))
        self.stdout.write(f"{path} ({path.stat().st_size} bytes)")
