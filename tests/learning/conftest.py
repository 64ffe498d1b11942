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
