-- 050: OEE sites (Kartorium's oee_sites: manufacturing sites with OEE targets and an availability
-- mode). A cell belongs to at most one site (cells.oee_site_id); every terminal serving the cell
-- pulls the site and computes live OEE in its mode, so a plant sets the mode once, centrally.
--   standard  A = run / (elapsed - planned downtime - idle)   planned stops cost no availability
--   strict    A = run / (elapsed - idle)                      planned stops are losses too
--   teep      A = run / calendar time                         idle and planned time are losses
-- (shared/domain/oee.ts is the one implementation; the values are shared/domain/enums.ts's
-- AvailabilityMode, which test/central/schema.test.ts holds this check to.)
CREATE TABLE oee_sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL,
  availability_mode text NOT NULL DEFAULT 'standard' CHECK (availability_mode = ANY (ARRAY['standard', 'strict', 'teep'])),
  -- The OEE the site aims for, as a fraction (0.85 = 85 %).
  oee_target numeric CHECK (oee_target > 0 AND oee_target <= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  UNIQUE (tenant_id, name)
);

ALTER TABLE cells ADD COLUMN oee_site_id uuid REFERENCES oee_sites (id) ON DELETE SET NULL;
CREATE INDEX idx_cells_oee_site ON cells (oee_site_id) WHERE oee_site_id IS NOT NULL;

-- A cell may only join a site of its own tenant.
CREATE FUNCTION cells_site_same_tenant() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NEW.oee_site_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM public.oee_sites s WHERE s.id = NEW.oee_site_id AND s.tenant_id = NEW.tenant_id) THEN
    RAISE EXCEPTION 'oee_site_id: the site % is not in the cell''s tenant', NEW.oee_site_id USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER cells_site_same_tenant BEFORE INSERT OR UPDATE OF oee_site_id, tenant_id ON cells
  FOR EACH ROW EXECUTE FUNCTION cells_site_same_tenant();

SELECT enable_tenant_isolation('public.oee_sites');
SELECT restrict_writes_to_roles('public.oee_sites', ARRAY['admin']::app_role[]);

-- Pulled by terminals like the other reference lists (020).
ALTER TABLE oee_sites ADD COLUMN sync_version bigint, ADD COLUMN sync_xid xid8;
CREATE TRIGGER sync_stamp BEFORE INSERT OR UPDATE ON oee_sites FOR EACH ROW EXECUTE FUNCTION sync_stamp();
ALTER TABLE oee_sites ALTER COLUMN sync_version SET NOT NULL, ALTER COLUMN sync_xid SET NOT NULL;
CREATE INDEX idx_oee_sites_sync_cursor ON oee_sites (sync_xid, sync_version);
CREATE TRIGGER sync_tombstone AFTER DELETE ON oee_sites FOR EACH ROW EXECUTE FUNCTION sync_tombstone();

-- terminal_pull (040) sends the tenant's sites like its other reference lists: the stored
-- definition gains the branch in place (migration_edit_function, 032) rather than being restated.
-- (cells already go out whole, oee_site_id included.)
SELECT migration_edit_function('terminal_pull(text, text, integer)'::regprocedure, '050', ARRAY[
  ARRAY['    (SELECT ''mqtt_publishers'', s.sync_version',
        '    (SELECT ''oee_sites'', s.sync_version, s.sync_xid, false, s.id' || chr(10) ||
        '       FROM public.oee_sites s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv) ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)' || chr(10) ||
        '    UNION ALL' || chr(10)],
  ARRAY['          WHEN page.tb = ''mqtt_publishers'' THEN',
        '          WHEN page.tb = ''oee_sites'' THEN (SELECT (to_jsonb(s) - ''{sync_xid,sync_version}''::text[])::json FROM public.oee_sites s WHERE s.id = page.id)' || chr(10)]
]);
