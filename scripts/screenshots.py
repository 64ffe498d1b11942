"""The README's screenshots, taken again: ``make screenshots``.

Starts the app on a scratch SQLite database with ``seed_demo`` (as ``make run`` does, DEBUG on), signs
in as each demo role with Playwright (headless Chromium, ``CHROMIUM_PATH`` or /usr/bin/chromium) and
saves a 1280x900 PNG of each role's home page, and of an open case's page as its facilitator, into
docs/screenshots/. Only the visible viewport is saved, so the files stay small.

Exits non-zero when the server does not start or a page does not answer 200.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from scripts.local_server import ROOT, manage, scratch_env, serving

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 900}

# (file name, demo account, page): every role's home page, then the case page as its facilitator.
SHOTS = [
    ("home-procesbegeleider", "procesbegeleider", "/"),
    ("home-coordinator", "coordinator", "/"),
    ("home-zorgaanbieder", "gezinshuis", "/"),
    ("home-commissie", "commissie", "/"),
    ("home-gemeente", "gemeente", "/"),
    ("home-leernetwerk", "leernetwerk", "/"),
    ("home-beheer", "beheer", "/"),
    ("casus-procesbegeleider", "procesbegeleider", "{case}"),
]


def demo_facts(env: dict[str, str]) -> tuple[str, str]:
    """The demo password and the address of the facilitator's open case with the longest timeline
    (the case page shows its primary actions only while the case is open)."""
    code = (
        "from django.db.models import Count; from django.urls import reverse; "
        "from cases.models import Case, CaseStatus; from core.demo import DEMO_PASSWORD; "
        "case = Case.objects.filter(facilitator__username='procesbegeleider')"
        ".exclude(status=CaseStatus.CLOSED).annotate(n=Count('steps')).order_by('-n', 'pk').first(); "
        "print(DEMO_PASSWORD); print(reverse('cases:detail', args=[case.reference]))"
    )
    password, case_url = manage(env, "shell", "-c", code).strip().splitlines()[-2:]
    return password, case_url


def take(base_url: str, password: str, case_url: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for name, username, path in SHOTS:
                context = browser.new_context(
                    base_url=base_url, viewport=VIEWPORT, locale="nl-NL", timezone_id="Europe/Amsterdam"
                )
                page = context.new_page()
                page.goto("/account/login/")
                page.fill("input[name=username]", username)
                page.fill("input[name=password]", password)
                page.click("main button[type=submit]")
                page.wait_for_url(lambda url: "/account/login/" not in url)
                response = page.goto(path.format(case=case_url))
                if response is None or response.status != 200:
                    sys.exit(f"{username} {path}: HTTP {response.status if response else '?'}")
                page.wait_for_load_state("networkidle")
                target = OUT / f"{name}.png"
                page.screenshot(path=str(target), full_page=False)
                saved.append(target)
                context.close()
        finally:
            browser.close()
    return saved


def main() -> None:
    if not Path(CHROMIUM).exists():
        sys.exit(f"No Chromium at {CHROMIUM} (set CHROMIUM_PATH or apt-get install chromium).")
    with tempfile.TemporaryDirectory(prefix="jeugdcasus-screenshots-") as folder:
        scratch = Path(folder)
        env = scratch_env(scratch, DEBUG="1", REQUIRE_2FA="0")
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo", "--quiet-accounts")
        password, case_url = demo_facts(env)
        with serving(env, scratch / "server.log") as base_url:
            saved = take(base_url, password, case_url)
    for path in saved:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} kB")


if __name__ == "__main__":
    main()
