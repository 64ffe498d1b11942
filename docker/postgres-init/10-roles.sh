#!/bin/sh
# First start of the database container only: the owner and app roles of docs/database-roles.sql.
# The passwords come from the environment (DB_OWNER_PASSWORD, DB_APP_PASSWORD; compose requires them).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v owner_role=jeugdcasus_owner -v app_role=jeugdcasus_app \
    -v owner_password="$DB_OWNER_PASSWORD" -v app_password="$DB_APP_PASSWORD" \
    -f /jeugdcasus/database-roles.sql
