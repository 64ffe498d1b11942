"""The planner knows that a case's facilitator determines its team (cases migration 0006)."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_facilitator_and_team_statistics_exist_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stxkind FROM pg_statistic_ext WHERE stxname = %s", ["case_facilitator_team_stats"]
        )
        row = cursor.fetchone()
    assert row is not None
    assert "f" in row[0]  # functional dependencies
