"""``make bench`` against a database seeded by ``seed_scale`` (``BENCH_DATABASE_URL``, PostgreSQL).

Serves the app with gunicorn (2 sync workers, ``DEBUG`` off, ``benchmarks.settings``), signs in as each
role and requests every measured page interleaved with its minimal reference page
(``benchmarks.reference``): same scoped query, plain template. Prints p50/p95 per page and the ratio of
the p50s; then the regional report's PDF and CSV and the reminder sweep, timed in-process. A
measurement, not a test: docs/scaling.md says how to read it and keeps the figures.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from scripts.local_server import manage, scratch_env, serving

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
PASSWORD = "jeugdcasus-demo"  # noqa: S105 (the documented demo password of seed_demo/seed_scale)


@dataclass
class Measured:
    label: str
    real: list[float] = field(default_factory=list)
    reference: list[float] = field(default_factory=list)
    size: int = 0

    @staticmethod
    def p(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def line(self) -> str:
        real50, ref50 = statistics.median(self.real) * 1000, statistics.median(self.reference) * 1000
        return (
            f"{self.label:<52} {real50:7.1f} {self.p(self.real, 0.95):7.1f}   "
            f"{ref50:7.1f} {self.p(self.reference, 0.95):7.1f}   {real50 / ref50:5.1f}x  {self.size / 1024:6.0f} KB"
        )


def server_env(database_url: str, scratch: Path) -> dict[str, str]:
    return scratch_env(
        scratch,
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        REQUIRE_2FA="0",
        EMAIL_URL="dummymail://",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=str(scratch / "static"),
        AXES_FAILURE_LIMIT="1000",
    )


def login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/account/login/", timeout=60)
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if found is None:
        raise RuntimeError(f"no login form at {page.url} ({page.status_code}): {page.text[:300]}")
    token = found.group(1)
    response = session.post(
        f"{base}/account/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/account/login/"},
        timeout=60,
    )
    if "sessionid" not in session.cookies or "/account/login/" in response.url:
        raise RuntimeError(f"could not sign in as {username}")
    return session


def targets() -> dict:
    """The users and cases to measure, read from the bench database (Django set up in-process)."""
    from django.db.models import Count  # noqa: PLC0415

    from cases.models import Case  # noqa: PLC0415
    from core.models import Role, RoleAssignment, User  # noqa: PLC0415

    mine = Case.objects.filter(facilitator__username="procesbegeleider").annotate(n=Count("steps"))
    long_case = mine.order_by("-n").first()
    short_case = mine.filter(n__gte=8, n__lte=12).first() or mine.order_by("n").last()
    # A coordinator of an ordinary region (the "2,500 cases in the team"), besides the demo
    # coordinator of Utrecht Stad (the big region).
    coordinator = (
        User.objects.filter(username__startswith="schaal-", username__contains="-coord-")
        .exclude(username__endswith="-UTR")
        .order_by("username")
        .first()
    )
    team = RoleAssignment.objects.filter(user=coordinator, role=Role.COORDINATOR).first()
    return {
        "short": short_case,
        "long": long_case,
        "coordinator": coordinator.username if coordinator else "coordinator",
        "team_cases": Case.objects.filter(expert_team_id=team.expert_team_id).count() if team else 0,
        "big_cases": Case.objects.filter(region__code="UTR").count(),
    }


def measure_pages(base: str, found: dict) -> list[Measured]:
    facilitator, coordinator = login(base, "procesbegeleider"), login(base, "coordinator")
    region_coordinator, committee = login(base, found["coordinator"]), login(base, "commissie")
    short, long = found["short"], found["long"]
    pages = [
        (
            f"case page, {short.n} steps (facilitator)",
            facilitator,
            f"/casussen/{short.reference}/",
            f"/_bench/casus/{short.reference}/",
        ),
        (
            f"case page, {short.n} steps (coordinator)",
            coordinator,
            f"/casussen/{short.reference}/",
            f"/_bench/casus/{short.reference}/",
        ),
        (
            f"case page, {long.n:,} steps (facilitator)",
            facilitator,
            f"/casussen/{long.reference}/",
            f"/_bench/casus/{long.reference}/",
        ),
        ("case list (facilitator)", facilitator, "/casussen/", "/_bench/casussen/"),
        (
            f"case list (coordinator, {found['big_cases']:,} cases)",
            coordinator,
            "/casussen/",
            "/_bench/casussen/",
        ),
        (
            f"case list (coordinator, {found['team_cases']:,} cases)",
            region_coordinator,
            "/casussen/",
            "/_bench/casussen/",
        ),
        ("dashboard (facilitator)", facilitator, "/", "/_bench/dashboard/"),
        (f"dashboard (coordinator, {found['big_cases']:,} cases)", coordinator, "/", "/_bench/dashboard/"),
        (
            f"dashboard (coordinator, {found['team_cases']:,} cases)",
            region_coordinator,
            "/",
            "/_bench/dashboard/",
        ),
        ("committee queue", committee, "/subsidies/commissie/", "/_bench/commissie/"),
    ]
    only = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
    pages = [page for page in pages if not only or any(word in page[0] for word in only)]
    results = [Measured(label) for label, *_ in pages]
    for n in range(ROUNDS + 2):  # two warm-up rounds
        for result, (_label, session, real, reference) in zip(results, pages, strict=True):
            order = [(real, result.real), (reference, result.reference)]
            for url, into in order if n % 2 else reversed(order):
                started = time.perf_counter()
                response = session.get(base + url, timeout=180)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: {response.status_code}")
                if n >= 2:
                    into.append(elapsed)
                if url == real:
                    result.size = len(response.content)
    return results


def in_process_timings() -> list[str]:
    """PDF and CSV of the big region's year report, and the reminder sweep (twice: a rerun inserts nothing)."""
    import tracemalloc  # noqa: PLC0415
    from datetime import date  # noqa: PLC0415

    from core.models import Region  # noqa: PLC0415
    from reports.content import build_regional_report  # noqa: PLC0415
    from reports.renderers import render_csv, render_pdf  # noqa: PLC0415
    from subsidies.models import Reminder  # noqa: PLC0415
    from subsidies.reminders import send_due_reminders  # noqa: PLC0415

    region = Region.objects.get(code="UTR")
    year = date.today().year
    period = {"region": region, "period_start": date(year, 1, 1), "period_end": date(year, 12, 31)}
    lines = []
    started = time.perf_counter()
    pdf = render_pdf(build_regional_report(**period))
    lines.append(
        f"regional report PDF ({region.name}, {year}): {time.perf_counter() - started:.2f} s, {len(pdf):,} bytes"
    )
    tracemalloc.start()
    started = time.perf_counter()
    size = sum(len(line) for line in render_csv(build_regional_report(**period)))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    lines.append(
        f"regional report CSV: {time.perf_counter() - started:.2f} s, {size:,} bytes, peak {peak / 1024:.0f} KiB"
    )
    for attempt in ("first", "rerun"):
        before = Reminder.objects.count()
        started = time.perf_counter()
        send_due_reminders()
        lines.append(
            f"reminder sweep ({attempt}): {time.perf_counter() - started:.2f} s, "
            f"{Reminder.objects.count() - before:,} reminders inserted"
        )
    return lines


def main(database_url: str) -> None:
    """``BENCH_ROUNDS`` (30) rounds; ``BENCH_ONLY=dashboard,case list`` measures only the pages whose
    label contains one of the words; ``BENCH_SKIP_IN_PROCESS=1`` leaves out the report and the sweep."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["EMAIL_URL"] = "dummymail://"
    sys.path.insert(0, str(ROOT))
    import django  # noqa: PLC0415

    django.setup()
    found = targets()
    if found["long"] is None:
        raise SystemExit("No scale data: run `manage.py seed_scale` on BENCH_DATABASE_URL first.")
    with tempfile.TemporaryDirectory(prefix="jeugdcasus-bench-") as folder:
        scratch = Path(folder)
        env = server_env(database_url, scratch)
        manage(env, "collectstatic", "--noinput", "-v0")
        with serving(env, scratch / "gunicorn.log", gunicorn=["--timeout", "180"]) as base:
            results = measure_pages(base, found)
    print(f"{ROUNDS} rounds, interleaved with the reference pages; gunicorn, 2 sync workers, DEBUG off")
    print(f"{'page':<52} {'p50':>7} {'p95':>7}   {'ref p50':>7} {'ref p95':>7}   ratio  size")
    for result in results:
        print(result.line())
    if not os.environ.get("BENCH_SKIP_IN_PROCESS"):
        for line in in_process_timings():
            print(line)
