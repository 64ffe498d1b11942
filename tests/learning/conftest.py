import importlib

import pytest

from cases import demo as cases_demo
from core import demo as core_demo
from expertteams import demo as expertteams_demo
from learning import demo as learning_demo


@pytest.fixture
def demo_data(reference_data, settings):
    """The demo data of every app up to ``learning`` (the demo seeds refuse to run without DEBUG)."""
    settings.DEBUG = True
    core_demo.seed()
    cases_demo.seed()
    expertteams_demo.seed()
    learning_demo.seed()


@pytest.fixture
def seeded_themes(reference_data):
    """The themes of migration learning.0002. Transactional tests flush the database, so this loads
    them again when they are gone (the loader is idempotent)."""
    from django.apps import apps

    from learning.models import Theme

    if not Theme.objects.exists():
        importlib.import_module("learning.migrations.0002_themes").load(apps, None)
