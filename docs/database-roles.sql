-- The database roles of Jeugdcasus (see docs/security.md, "Database roles").
--
--   owner role (jeugdcasus_owner): owns the database and every table; runs `manage.py migrate`
--                                  and the backup drill (CREATEDB for its scratch database).
--   app role   (jeugdcasus_app):   what web, worker and beat connect as. Reads and writes the
--                                  tables, but on the access log (core_accesslog) only SELECT and
--                                  INSERT: no UPDATE, DELETE or TRUNCATE, and as it owns nothing
--                                  it cannot drop or disable the triggers that also refuse them.
--
-- Run once, as a superuser, on the database the application uses (docker compose does this on the
-- database's first start through docker/postgres-init/10-roles.sh):
--
--   psql -v ON_ERROR_STOP=1 -d jeugdcasus \
--        -v owner_role=jeugdcasus_owner -v app_role=jeugdcasus_app \
--        -v owner_password="$DB_OWNER_PASSWORD" -v app_password="$DB_APP_PASSWORD" \
--        -f docs/database-roles.sql
--
-- It may run before or after the first `migrate`: tables the owner creates later get the app's
-- rights through the default privileges below, and core migration 0005 takes UPDATE, DELETE and
-- TRUNCATE on core_accesslog from every role but the owner. Running it again on an existing
-- database (after an upgrade) only re-applies the grants; CREATE ROLE then fails, so run the
-- section "Grants" on its own (tests/core/test_security_database_roles.py runs that section).

\set ON_ERROR_STOP on

-- Roles --------------------------------------------------------------------------------------------
CREATE ROLE :"owner_role" LOGIN CREATEDB PASSWORD :'owner_password';
CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password';
SELECT format('ALTER DATABASE %I OWNER TO %I', current_database(), :'owner_role') \gexec
ALTER SCHEMA public OWNER TO :"owner_role";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
-- Tables that exist already (the database was migrated as another user) move to the owner.
SELECT format('ALTER TABLE %I.%I OWNER TO %I', schemaname, tablename, :'owner_role')
FROM pg_tables WHERE schemaname = 'public' \gexec
SELECT format('ALTER SEQUENCE %I.%I OWNER TO %I', schemaname, sequencename, :'owner_role')
FROM pg_sequences WHERE schemaname = 'public' AND NOT EXISTS (
    -- identity sequences follow their table
    SELECT 1 FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
    WHERE c.relname = sequencename AND d.deptype = 'i'
) \gexec
SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, :'owner_role')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' \gexec

-- Grants (BEGIN) ---------------------------------------------------------------------------------
-- Plain SQL with two psql variables, owner_role and app_role: safe to run again after an upgrade.
GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app_role";
-- The access log: SELECT and INSERT only, for every role but its owner. On a fresh database the
-- table does not exist yet; core migration 0005 then makes the same restriction when it runs.
DO $$
BEGIN
    IF to_regprocedure('public.core_accesslog_restrict_grants()') IS NOT NULL THEN
        PERFORM public.core_accesslog_restrict_grants();
    END IF;
END;
$$;
-- Grants (END) -------------------------------------------------------------------------------------
