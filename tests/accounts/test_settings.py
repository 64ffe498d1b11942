"""REQUIRE_2FA: on by default in production (DEBUG off), off for ``make run`` (DEBUG on), and the
environment decides either way."""

import pytest

from tests.core.test_settings import random_secret, run_manage

SCRIPT = "from django.conf import settings; print(settings.REQUIRE_2FA)"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBUG": "0", "SECRET_KEY": random_secret()}, "True"),
        ({"DEBUG": "1"}, "False"),
        ({"DEBUG": "1", "REQUIRE_2FA": "1"}, "True"),
    ],
)
def test_two_factor_is_required_by_default_when_debug_is_off(env, expected):
    result = run_manage("shell", "--no-imports", "-c", SCRIPT, **env)

    assert result.stdout.strip() == expected, result.stderr
