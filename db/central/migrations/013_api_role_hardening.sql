-- Supabase's default privileges grant anon/authenticated EXECUTE on every new function and ALL on
-- every new table in `public`, so "REVOKE ... FROM PUBLIC" alone does not close anything there.
-- Revoke from the API roles by name:
-- - log_activity_and_webhook is SECURITY DEFINER and takes a tenant id: callable by a signed-in
--   user it would write another tenant's audit trail and queue its webhooks;
-- - the policy helpers alter tables and are for migrations only;
-- - the migration record has no tenant and must not be readable or writable through the API.
REVOKE EXECUTE ON FUNCTION log_activity_and_webhook(uuid, uuid, text, text, uuid, text, text, jsonb, jsonb) FROM anon, authenticated;
REVOKE EXECUTE ON FUNCTION enable_tenant_isolation(regclass) FROM anon, authenticated;
REVOKE EXECUTE ON FUNCTION restrict_writes_to_roles(regclass, app_role[]) FROM anon, authenticated;
REVOKE EXECUTE ON FUNCTION oee_downtime_groups_top_level_cap() FROM anon, authenticated;

ALTER TABLE shopfloor_schema_migrations ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON shopfloor_schema_migrations FROM anon, authenticated;
