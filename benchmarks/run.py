"""``make bench``: performance figures.

With ``BENCH_DATABASE_URL`` (PostgreSQL seeded by ``manage.py seed_scale``): the pages served by
gunicorn against minimal reference pages, the regional report and the reminder sweep
(``benchmarks.pages``; docs/scaling.md). Without it: the regional report alone (PDF of a region with
10,000 cases in under 5 seconds; CSV streaming in constant memory) on a throwaway SQLite database in a
temporary folder, never on the developer's ``db.sqlite3``. Prints the figures; a measurement, not a test.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

AMS = ZoneInfo("Europe/Amsterdam")
BIG, SMALL = 10_000, 1_000


def setup_django(workdir: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("DEBUG", "1")
    os.environ["PRIVATE_MEDIA_ROOT"] = workdir
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(region_code: str, count: int) -> None:
    """``count`` cases referred over 2026, a fifth with an outcome, one in twenty with a Raad step."""
    from cases.models import Case, CaseStatus, LivingSituation
    from core.models import Region, User
    from expertteams.models import Escalation, Outcome, Step, StepKind

    rng = random.Random(count)
    region = Region.objects.get(code=region_code)
    municipality = region.municipalities.first()
    user, _ = User.objects.get_or_create(username=f"bench-{region_code}")
    start = datetime(2026, 1, 1, 9, tzinfo=AMS)
    cases = []
    for n in range(count):
        created = start + timedelta(days=rng.randrange(360), hours=rng.randrange(8))
        closed = created + timedelta(days=rng.randrange(10, 120)) if n % 3 == 0 else None
        cases.append(
            Case(
                reference=f"{region_code}-2026-{n + 1:05d}",
                region=region,
                municipality=municipality,
                expert_team=region.expert_team,
                facilitator=user,
                status=CaseStatus.CLOSED if closed else CaseStatus.ACTIVE,
                referrer_name="Wijkteam",
                youth_name="Bench",
                youth_initials="B.",
                youth_birth_year=2010,
                help_question="-",
                created_by=user,
                closed_at=closed,
            )
        )
    Case.objects.bulk_create(cases, batch_size=2000)
    ids = list(Case.objects.filter(region=region).values_list("pk", flat=True))
    # auto_now_add stamped them all today: spread the referrals over the year, 500 at a time.
    for first in range(0, len(ids), 500):
        Case.objects.filter(pk__in=ids[first : first + 500]).update(
            created_at=start + timedelta(days=(first // 500) * 17)
        )
    situations = LivingSituation.values
    steps = [
        Step(
            case_id=pk,
            kind=StepKind.OUTCOME if n % 5 == 0 else StepKind.ESCALATION,
            occurred_on=date(2026, 1 + n % 12, 15),
            title="-",
            author=user,
        )
        for n, pk in enumerate(ids)
        if n % 5 == 0 or n % 20 == 1
    ]
    Step.objects.bulk_create(steps, batch_size=2000)
    outcomes, escalations = [], []
    for n, step in enumerate(Step.objects.filter(case__region=region).only("pk", "kind")):
        if step.kind == StepKind.OUTCOME:
            outcomes.append(
                Outcome(
                    step=step,
                    living_situation=situations[n % len(situations)],
                    out_of_home_placement_prevented=n % 2 == 0,
                )
            )
        else:
            escalations.append(Escalation(step=step, kind="melding", threatened_measure="secure_care"))
    Outcome.objects.bulk_create(outcomes, batch_size=2000)
    Escalation.objects.bulk_create(escalations, batch_size=2000)


def measure(region_code: str) -> dict:
    from core.models import Region
    from reports.content import build_regional_report
    from reports.renderers import render_csv, render_pdf

    region = Region.objects.get(code=region_code)
    period = {"region": region, "period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)}

    started = time.perf_counter()
    pdf = render_pdf(build_regional_report(**period))
    pdf_seconds = time.perf_counter() - started

    tracemalloc.start()
    started = time.perf_counter()
    size = sum(len(line) for line in render_csv(build_regional_report(**period)))
    csv_seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "pdf_seconds": pdf_seconds,
        "pdf_bytes": len(pdf),
        "csv_seconds": csv_seconds,
        "csv_bytes": size,
        "csv_peak": peak,
    }


def main() -> None:
    if os.environ.get("BENCH_DATABASE_URL"):
        from benchmarks.pages import main as pages_main  # noqa: PLC0415

        pages_main(os.environ["BENCH_DATABASE_URL"])
        return
    with tempfile.TemporaryDirectory(prefix="jeugdcasus-bench-") as workdir:
        setup_django(workdir)
        started = time.perf_counter()
        populate("UTR", BIG)
        populate("FLE", SMALL)
        print(f"populated {BIG:,} + {SMALL:,} cases in {time.perf_counter() - started:.1f} s")
        measure("FLE")  # warm-up: templates, fonts
        big, small = measure("UTR"), measure("FLE")
        print(
            f"PDF, year report, {BIG:,} cases:  {big['pdf_seconds']:.2f} s ({big['pdf_bytes']:,} bytes; target < 5 s)"
        )
        print(f"PDF, year report, {SMALL:,} cases:   {small['pdf_seconds']:.2f} s")
        print(
            f"CSV stream, {BIG:,} cases: {big['csv_seconds']:.2f} s, peak memory {big['csv_peak'] / 1024:.0f} KiB "
            f"({big['csv_bytes']:,} bytes)"
        )
        print(
            f"CSV stream, {SMALL:,} cases:  {small['csv_seconds']:.2f} s, peak memory {small['csv_peak'] / 1024:.0f} KiB"
        )
        ratio = big["csv_peak"] / max(small["csv_peak"], 1)
        print(f"CSV peak memory ratio 10,000 / 1,000 cases: {ratio:.2f} (constant memory: close to 1)")
        verdict = "OK" if big["pdf_seconds"] < 5 and ratio < 1.5 else "OVER TARGET"
        print(f"verdict: {verdict}")


if __name__ == "__main__":
    main()
