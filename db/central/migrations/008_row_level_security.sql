-- Tenant isolation. Every public table with a tenant_id column gets RLS and one policy for the
-- `authenticated` role: rows are visible and writable only when tenant_id = get_user_tenant_id().
-- enable_tenant_isolation() is reusable so later migrations (sync, machine) isolate their tables
-- the same way; test/central/tenant-isolation.test.ts enumerates information_schema, so a new
-- tenant table that forgets to call it fails that test.

CREATE FUNCTION enable_tenant_isolation(p_table regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', p_table);
  -- (SELECT get_user_tenant_id()) is evaluated once per statement, not once per row.
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s FOR ALL TO authenticated '
    'USING (tenant_id = (SELECT public.get_user_tenant_id())) '
    'WITH CHECK (tenant_id = (SELECT public.get_user_tenant_id()))', p_table);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO authenticated', p_table);
  EXECUTE format('GRANT ALL ON %s TO service_role', p_table);
END $$;

DO $$
DECLARE t text;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
    WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND tb.table_type = 'BASE TABLE'
  LOOP
    PERFORM enable_tenant_isolation(format('public.%I', t)::regclass);
  END LOOP;
END $$;

-- tenants: a user sees only their own tenant row and cannot create or delete tenants.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_self ON tenants FOR SELECT TO authenticated USING (id = (SELECT get_user_tenant_id()));
CREATE POLICY tenant_self_update ON tenants FOR UPDATE TO authenticated
  USING (id = (SELECT get_user_tenant_id()) AND (SELECT get_user_role()) = 'admin')
  WITH CHECK (id = (SELECT get_user_tenant_id()));
GRANT SELECT, UPDATE ON tenants TO authenticated;
GRANT ALL ON tenants TO service_role;

-- operation_resources has no tenant_id (as in the seed): it is isolated through its operation and
-- may only link a resource of the same tenant.
ALTER TABLE operation_resources ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON operation_resources FOR ALL TO authenticated
  USING (EXISTS (SELECT 1 FROM operations o WHERE o.id = operation_id AND o.tenant_id = (SELECT get_user_tenant_id())))
  WITH CHECK (
    EXISTS (SELECT 1 FROM operations o WHERE o.id = operation_id AND o.tenant_id = (SELECT get_user_tenant_id()))
    AND EXISTS (SELECT 1 FROM resources r WHERE r.id = resource_id AND r.tenant_id = (SELECT get_user_tenant_id())));
GRANT SELECT, INSERT, UPDATE, DELETE ON operation_resources TO authenticated;
GRANT ALL ON operation_resources TO service_role;

-- The helpers are callable by signed-in users; nothing here is granted to anon.
REVOKE EXECUTE ON FUNCTION log_activity_and_webhook(uuid, uuid, text, text, uuid, text, text, jsonb, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION log_activity_and_webhook(uuid, uuid, text, text, uuid, text, text, jsonb, jsonb) TO service_role;
REVOKE EXECUTE ON FUNCTION enable_tenant_isolation(regclass) FROM PUBLIC;
