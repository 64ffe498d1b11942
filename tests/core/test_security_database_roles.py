"""An access log that survives its own database user (PostgreSQL): TRUNCATE refused by a statement
trigger, and the application's role (docs/database-roles.sql) may only SELECT and INSERT on it."""

import re
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from core import audit
from core.models import AccessLog

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ROLES_SQL = Path(__file__).resolve().parents[2] / "docs" / "database-roles.sql"
APP_ROLE = "jeugdcasus_test_app"


def run(sql: str, params=None) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def refuse_truncate_bypass() -> None:
    """This test's transaction forgets the test database's flush permission (conftest)."""
    run(
        f"ALTER DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])} RESET jeugdcasus.allow_truncate"
    )


def grants_section(*, owner_role: str, app_role: str) -> str:
    """The "Grants" section of docs/database-roles.sql with its psql variables filled in."""
    text = ROLES_SQL.read_text()
    section = text[text.index("-- Grants (BEGIN)") : text.index("-- Grants (END)")]
    return section.replace(':"owner_role"', f'"{owner_role}"').replace(':"app_role"', f'"{app_role}"')


@pytest.fixture
def app_role():
    """A role made as docs/database-roles.sql makes the app's, beside the owner (the test's user).
    Everything happens in the test's transaction, so the role is gone afterwards."""
    owner = run("SELECT current_user")[0][0]
    run(f'CREATE ROLE "{APP_ROLE}" NOLOGIN')
    run(grants_section(owner_role=owner, app_role=APP_ROLE))
    return APP_ROLE


def as_role(role: str, sql: str, params=None):
    """Run ``sql`` as ``role`` in a savepoint; a failure rolls the SET ROLE back with it."""
    with transaction.atomic():
        run(f'SET ROLE "{role}"')
        result = run(sql, params)
        run("RESET ROLE")
        return result


@pytest.fixture
def row(facilitator, region_utr) -> AccessLog:
    return audit.record(facilitator, AccessLog.Action.VIEW, region_utr)


def test_truncate_is_refused_even_for_the_tables_owner(row):
    refuse_truncate_bypass()

    with pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"), transaction.atomic():
        run("TRUNCATE core_accesslog")

    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_a_sessions_own_setting_does_not_open_the_bypass(row):
    refuse_truncate_bypass()

    with pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic():
        run("SET jeugdcasus.allow_truncate = 'on'")
        run("TRUNCATE core_accesslog")


def test_a_search_path_cannot_fake_the_catalog(row):
    refuse_truncate_bypass()
    run("CREATE SCHEMA fake")
    run("CREATE TABLE fake.pg_db_role_setting (setdatabase oid, setrole oid, setconfig text[])")
    run(
        "INSERT INTO fake.pg_db_role_setting SELECT oid, 0, ARRAY['jeugdcasus.allow_truncate=on'] "
        "FROM pg_database WHERE datname = current_database()"
    )

    with pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic():
        run("SET LOCAL search_path = fake, pg_catalog, public")
        run("TRUNCATE public.core_accesslog")


def test_the_app_role_may_read_and_append_to_the_access_log(app_role, row):
    before = AccessLog.objects.count()

    as_role(
        app_role,
        "INSERT INTO core_accesslog (timestamp, username, role, object_type, object_id, action, user_agent,"
        " reason, detail) VALUES (now(), 'x', '-', 'core.region', '1', 'view', '', '', '')",
    )

    assert as_role(app_role, "SELECT count(*) FROM core_accesslog")[0][0] == before + 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_accesslog SET username = 'weg'",
        "DELETE FROM core_accesslog",
        "TRUNCATE core_accesslog",
        "ALTER TABLE core_accesslog DISABLE TRIGGER ALL",
        "DROP TRIGGER core_accesslog_no_truncate ON core_accesslog",
    ],
)
def test_the_app_role_cannot_change_wipe_or_unguard_the_access_log(app_role, row, statement):
    with pytest.raises(DatabaseError, match="permission denied|must be owner"):
        as_role(app_role, statement)

    assert AccessLog.objects.get(pk=row.pk).username == row.username


def test_the_app_role_works_normally_on_the_other_tables(app_role, facilitator):
    as_role(app_role, "UPDATE core_user SET first_name = 'Anna' WHERE id = %s", [facilitator.pk])

    assert run("SELECT first_name FROM core_user WHERE id = %s", [facilitator.pk])[0][0] == "Anna"


def test_the_migration_takes_update_delete_and_truncate_from_every_role_but_the_owner(app_role):
    run(f'GRANT ALL ON core_accesslog TO "{app_role}"')

    run("SELECT core_accesslog_restrict_grants()")

    privileges = {
        privilege: run("SELECT has_table_privilege(%s, 'core_accesslog', %s)", [app_role, privilege])[0][0]
        for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")
    }
    assert privileges == {"SELECT": True, "INSERT": True, "UPDATE": False, "DELETE": False, "TRUNCATE": False}


def test_the_roles_script_grants_no_more_and_has_no_passwords_in_it():
    text = ROLES_SQL.read_text()

    assert re.search(r"PASSWORD\s+:'owner_password'", text) and re.search(r"PASSWORD\s+:'app_password'", text)
    assert not re.search(r"PASSWORD\s+'", text)
    assert "GRANT ALL" not in text.upper()
