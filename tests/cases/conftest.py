import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The "stalled" threshold is cached per day; every test starts without it."""
    cache.clear()
    yield
    cache.clear()
