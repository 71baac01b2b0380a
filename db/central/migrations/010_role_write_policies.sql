-- Who may write what, within a tenant, for signed-in users (the `authenticated` role of a Supabase
-- dashboard). Tenant isolation (008) still applies; these RESTRICTIVE policies are AND-ed with it.
-- Without them any operator could make themselves admin, mint machine keys or re-route terminals.
-- Reads are unchanged. Terminals never write through this role: they use the sync functions.
--   admin only:           identity, credentials and integrations
--   admin or supervisor:  plant master data and reason lists
--   nobody (read-only):   audit trail and webhook queue, written by SECURITY DEFINER functions
--   any tenant user:      work facts (time entries, issues, quantities, downtime, counts, notes)

CREATE FUNCTION restrict_writes_to_roles(p_table regclass, p_roles app_role[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_check text := format('(SELECT public.get_user_role()) = ANY (%L::public.app_role[])', p_roles);
BEGIN
  EXECUTE format('DROP POLICY IF EXISTS role_insert ON %s', p_table);
  EXECUTE format('DROP POLICY IF EXISTS role_update ON %s', p_table);
  EXECUTE format('DROP POLICY IF EXISTS role_delete ON %s', p_table);
  EXECUTE format('CREATE POLICY role_insert ON %s AS RESTRICTIVE FOR INSERT TO authenticated WITH CHECK (%s)', p_table, v_check);
  EXECUTE format('CREATE POLICY role_update ON %s AS RESTRICTIVE FOR UPDATE TO authenticated USING (%s) WITH CHECK (%s)', p_table, v_check, v_check);
  EXECUTE format('CREATE POLICY role_delete ON %s AS RESTRICTIVE FOR DELETE TO authenticated USING (%s)', p_table, v_check);
END $$;
REVOKE EXECUTE ON FUNCTION restrict_writes_to_roles(regclass, app_role[]) FROM PUBLIC;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['profiles', 'api_keys', 'webhooks', 'mqtt_publishers', 'terminals', 'terminal_enrollment_codes'] LOOP
    PERFORM restrict_writes_to_roles(t::regclass, ARRAY['admin']::app_role[]);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['cells', 'jobs', 'parts', 'operations', 'resources', 'operation_resources', 'sync_imports',
    'scrap_reasons', 'issue_categories', 'oee_downtime_groups', 'oee_downtime_reasons', 'oee_station_custom_fields'] LOOP
    PERFORM restrict_writes_to_roles(t::regclass, ARRAY['admin', 'supervisor']::app_role[]);
  END LOOP;
END $$;

REVOKE INSERT, UPDATE, DELETE ON activity_log, webhook_deliveries FROM authenticated;
