-- Supabase grants its API roles USAGE on every sequence the migrating role creates in `public`
-- (default privileges), so triggers that draw from a sequence (e.g. a change-version stamp) work
-- when a signed-in user writes a row. Do the same on a vanilla Postgres so both behave alike.
-- Sequences only: table access stays explicit (enable_tenant_isolation grants per table with RLS).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO authenticated, service_role;
