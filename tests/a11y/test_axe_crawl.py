"""WCAG 2.1 AA: every page each demo role reaches passes axe-core's A and AA rules.

For each demo account the crawl logs in, follows every same-origin link from the home page (GET only)
and runs axe-core (vendored in ``tests/a11y/vendor``, no network) on each page. Pages are deduplicated by
their URL pattern: one case page per role is enough, but every distinct pattern is visited (step forms
per step kind, admin changelists and change forms per model). Any violation fails with rule, page and
target, so CI keeps the application at zero.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from core.demo import DEMO_USERS
from core.models import User

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MAX_PAGES_PER_ROLE = 90
# Never followed: they end the session, change state on GET in other apps' eyes, or return files.
SKIPPED = re.compile(r"logout|uitloggen|download|export|format=|/health|/status/$|/jsi18n/")
SKIPPED_URL_NAMES = {"logout", "password_change", "password_reset"}
# URL arguments that select a different template, so each value is its own page (step kinds, the tabs
# of the case page).
TEMPLATE_SELECTING_KWARGS = {"kind", "tab"}

RUN_AXE = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return result.violations.map(v => ({
        rule: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')), count: v.nodes.length,
    }));
}"""


def pattern_key(url: str) -> tuple | None:
    """The URL pattern a page belongs to, or None for pages the crawl does not visit."""
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name in SKIPPED_URL_NAMES:
        return None
    if match.namespace == "admin" and match.url_name.endswith(("_history", "_delete")):
        return ("admin", match.url_name.rsplit("_", 1)[1])  # Django's stock pages: one of each kind
    selecting = tuple(sorted((k, v) for k, v in match.kwargs.items() if k in TEMPLATE_SELECTING_KWARGS))
    return (match.route, selecting)


def login_cookie(username: str, live_server_url: str) -> dict:
    client = Client()
    client.force_login(
        User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server_url}


def crawl(page, origin: str, start: str = "/") -> tuple[list[str], list[dict]]:
    """Visit every link pattern reachable from ``start``; return the pages and the violations."""
    queue = [f"{origin}{start}"]
    seen_patterns: set = set()
    visited: list[str] = []
    violations: list[dict] = []
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        key = pattern_key(url)
        if key is None or key in seen_patterns:
            continue
        seen_patterns.add(key)
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a file (PDF, export) the crawl cannot tell from its link
            if "Download is starting" in str(error):
                continue
            raise
        assert response is not None and response.status < 500, f"{url}: {response and response.status}"
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        landed = pattern_key(page.url)  # after redirects: a page reached by two links is checked once
        if landed != key:
            if landed in seen_patterns:
                continue
            seen_patterns.add(landed)
        visited.append(url)
        page.add_script_tag(path=str(AXE))
        for violation in page.evaluate(RUN_AXE, WCAG_TAGS):
            violations.append(
                {"page": urlsplit(page.url).path + (urlsplit(page.url).query and "?…"), **violation}
            )
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            href = urldefrag(href).url
            if href.startswith(origin) and not SKIPPED.search(href) and href not in queue:
                queue.append(href)
    unvisited = {pattern_key(url) for url in queue} - seen_patterns - {None}
    assert not unvisited, f"the crawl stopped at {MAX_PAGES_PER_ROLE} pages: raise the bound ({unvisited})"
    return visited, violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_every_page_a_demo_role_reaches_has_no_axe_violations(username, browser, live_server, demo_data):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam", bypass_csp=True
    )
    context.set_default_timeout(15_000)
    context.add_cookies([login_cookie(username, live_server.url)])
    page = context.new_page()
    try:
        visited, violations = crawl(page, live_server.url)
    finally:
        context.close()

    print(f"{username}: {len(visited)} pages")
    assert len(visited) >= 3, f"{username} reached only {visited}"
    if username == "beheer":  # the administrator's screens: the admin's lists and change forms too
        assert any(url.endswith("/change/") and "/beheer/admin/" in url for url in visited), visited
    assert not violations, f"{username}: axe violations on {len(visited)} pages\n{report(violations)}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_pages_before_signing_in_have_no_axe_violations(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    try:
        visited, violations = crawl(page, live_server.url, start="/account/login/")
    finally:
        context.close()

    assert {"/account/login/", "/toegankelijkheid/", "/privacyverklaring/"} <= {
        urlsplit(u).path for u in visited
    }
    assert not violations, f"axe violations on {len(visited)} public pages\n{report(violations)}"


def report(violations: list[dict]) -> str:
    """One paragraph per rule: the pages it fails on and the elements (selectors) that fail."""
    by_rule: dict[str, list[dict]] = {}
    for violation in violations:
        by_rule.setdefault(violation["rule"], []).append(violation)
    lines = []
    for rule, found in by_rule.items():
        targets = sorted({target for v in found for target in v["targets"]})
        lines.append(f"{rule} ({found[0]['impact']}): {found[0]['help']}")
        lines.append(f"  pages ({len(found)}): {', '.join(v['page'] for v in found)}")
        lines.append(f"  targets: {'; '.join(targets[:12])}")
    return "\n".join(lines)
