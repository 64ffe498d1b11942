"""Role fixtures shared by every app's tests.

The reference data migration loads the real regions (``UTR``, ``FLE``, ...), their expert teams and
organisations, so fixtures use those. Every role fixture returns a fresh ``User``.
"""

import importlib
import os
import shutil

import pytest
from django.apps import apps
from django.conf import settings

from core.models import ExpertTeam, Organisation, Region, Role
from tests.factories import user_with_role


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Login and password-reset throttles count in the cache (core/throttle.py): each test starts at zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL the access log refuses TRUNCATE (core migration 0005) unless the database
    itself allows it; pytest-django flushes transactional tests' databases with TRUNCATE, so the
    throw-away test database does. Only an ``ALTER DATABASE`` (owner or superuser) can do this."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                f"ALTER DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])} "
                "SET jeugdcasus.allow_truncate = on"
            )


@pytest.fixture
def reference_data(db) -> None:
    """The reference data of migration core.0002. Transactional tests flush the database, so this
    loads it again when it is gone (the loader is idempotent)."""
    if not Region.objects.filter(code="UTR").exists():
        importlib.import_module("core.migrations.0002_reference_data").load(apps, None)


@pytest.fixture
def region_utr(reference_data) -> Region:
    return Region.objects.get(code="UTR")


@pytest.fixture
def region_fle(reference_data) -> Region:
    return Region.objects.get(code="FLE")


@pytest.fixture
def team_utr(reference_data) -> ExpertTeam:
    return ExpertTeam.objects.get(region__code="UTR")


@pytest.fixture
def team_fle(reference_data) -> ExpertTeam:
    return ExpertTeam.objects.get(region__code="FLE")


@pytest.fixture
def family_home(reference_data) -> Organisation:
    return Organisation.objects.get(name="Gezinshuis De Linde")


@pytest.fixture
def facilitator(team_utr):
    return user_with_role(Role.FACILITATOR, "pb_utr", expert_team=team_utr)


@pytest.fixture
def facilitator_other(team_utr):
    """A second facilitator in the same team, with no cases of their own."""
    return user_with_role(Role.FACILITATOR, "pb_utr_2", expert_team=team_utr)


@pytest.fixture
def facilitator_fle(team_fle):
    return user_with_role(Role.FACILITATOR, "pb_fle", expert_team=team_fle)


@pytest.fixture
def coordinator(team_utr):
    return user_with_role(Role.COORDINATOR, "coord_utr", expert_team=team_utr)


@pytest.fixture
def coordinator_fle(team_fle):
    return user_with_role(Role.COORDINATOR, "coord_fle", expert_team=team_fle)


@pytest.fixture
def provider_user(family_home):
    return user_with_role(Role.PROVIDER, "aanbieder", organisation=family_home)


@pytest.fixture
def committee_member(reference_data):
    return user_with_role(Role.COMMITTEE, "commissielid")


@pytest.fixture
def municipal_user(region_utr):
    return user_with_role(Role.MUNICIPAL, "gemeente_utr", region=region_utr)


@pytest.fixture
def municipal_user_fle(region_fle):
    return user_with_role(Role.MUNICIPAL, "gemeente_fle", region=region_fle)


@pytest.fixture
def learner(reference_data):
    return user_with_role(Role.LEARNER, "lerende")


@pytest.fixture
def admin_user(reference_data):
    user = user_with_role(Role.ADMIN, "beheerder")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns the test client logged in as ``user``."""

    def login(user):
        client.force_login(user)
        # The first request renews the idle timeout (a session write); query budgets measure the
        # requests after it, as a user clicking around sees them. (The health probes are answered
        # before the session middleware, so a public page does it.)
        client.get("/toegankelijkheid/")
        return client

    return login


# --- Browser tests ------------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not path:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI for the browser tests (apt-get install chromium).")
        pytest.skip("Browser test skipped: no Chromium at /usr/bin/chromium (apt-get install chromium).")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login_in_browser(page):
    from tests.factories import TEST_PASSWORD

    def login(user):
        page.goto("/account/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/account/login/" not in url)
        return page

    return login


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres``/``redis`` need those services; elsewhere they are skipped with a reason."""
    db_engine = settings.DATABASES["default"]["ENGINE"]
    broker = os.environ.get("CELERY_BROKER_URL", "")
    for item in items:
        if "postgres" in item.keywords and "postgresql" not in db_engine:
            if os.environ.get("CI") == "true":
                raise pytest.UsageError("CI runs on PostgreSQL: DATABASE_URL is not a postgres:// URL.")
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://..."))
        if "redis" in item.keywords and not broker.startswith("redis"):
            if os.environ.get("CI") == "true":
                raise pytest.UsageError("CI runs with Redis: CELERY_BROKER_URL is not a redis:// URL.")
            item.add_marker(pytest.mark.skip(reason="needs Redis: set CELERY_BROKER_URL=redis://..."))
