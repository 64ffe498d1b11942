"""On PostgreSQL the database refuses TRUNCATE on the access log (0003 refuses UPDATE and DELETE).

A row trigger does not fire on TRUNCATE, so this is a statement trigger. The one way past it is a
setting stored on the database itself (``ALTER DATABASE <name> SET jeugdcasus.allow_truncate = on``),
which only the database's owner or a superuser can make: the test suite sets it on its throw-away
test database so that pytest-django can flush it between transactional tests. A session's own
``SET jeugdcasus.allow_truncate`` does not count; the trigger reads the catalog, not the session.
The application's role has no TRUNCATE privilege anyway (docs/database-roles.sql); the trigger also
guards a deployment that still connects as the owner. See docs/security.md for the trade-off.

``core_accesslog_restrict_grants()`` takes UPDATE, DELETE and TRUNCATE on the access log from every
role but its owner; docs/database-roles.sql calls it again after granting the app role its rights.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION core_accesslog_no_truncate() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $$
BEGIN
    IF EXISTS (
        SELECT 1
        FROM pg_catalog.pg_db_role_setting AS s
        JOIN pg_catalog.pg_database AS d ON d.oid = s.setdatabase
        WHERE d.datname = pg_catalog.current_database()
          AND s.setrole = 0
          AND 'jeugdcasus.allow_truncate=on' = ANY (s.setconfig)
    ) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'core_accesslog is append-only: TRUNCATE refused';
END;
$$;
CREATE TRIGGER core_accesslog_no_truncate
    BEFORE TRUNCATE ON core_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION core_accesslog_no_truncate();

-- Every role but the owner may only read and append: tables created by the owner get the app
-- role's rights through default privileges (docs/database-roles.sql), the access log included.
CREATE OR REPLACE FUNCTION core_accesslog_restrict_grants() RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $$
DECLARE
    grantee_name text;
BEGIN
    REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON public.core_accesslog FROM PUBLIC;
    FOR grantee_name IN
        SELECT DISTINCT a.grantee::regrole::text
        FROM pg_class AS c, aclexplode(c.relacl) AS a
        WHERE c.oid = 'public.core_accesslog'::regclass
          AND a.grantee <> 0
          AND a.grantee <> c.relowner
          AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES')
    LOOP
        EXECUTE format(
            'REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON public.core_accesslog FROM %s',
            grantee_name
        );
    END LOOP;
END;
$$;
SELECT core_accesslog_restrict_grants();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS core_accesslog_no_truncate ON core_accesslog;
DROP FUNCTION IF EXISTS core_accesslog_no_truncate();
DROP FUNCTION IF EXISTS core_accesslog_restrict_grants();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_calendar_warning")]

    operations = [migrations.RunPython(forward, backward)]
