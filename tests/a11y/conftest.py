import importlib

import pytest
from django.apps import apps
from django.core.management import call_command


@pytest.fixture
def demo_data(reference_data) -> None:
    """The demo data of ``seed_demo`` in a transactional test. The flush between transactional tests
    removes what data migrations loaded, so their loaders run again first (both are idempotent).
    Not ``serialized_rollback``: in a random order it collides with content types recreated after
    another transactional test's flush."""
    importlib.import_module("learning.migrations.0002_themes").load(apps, None)
    call_command("seed_demo", force=True, quiet_accounts=True)
