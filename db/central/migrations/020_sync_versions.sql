-- 020: change versions for the terminal pull (DESIGN 6.4). Every row a terminal pulls carries
-- sync_version (a server sequence, never a clock) and sync_xid (the writing transaction's id).
-- The pull returns only rows whose xid is below the oldest running transaction's xid and pages by
-- (sync_xid, sync_version), so a row written by a long-running transaction that commits after a
-- later row was already read still arrives: its xid is below the cursor's horizon only once it
-- has committed, and the cursor never moves past an xid that was still running.
-- Hard deletes leave a tombstone in sync_tombstones; soft deletes (deleted_at) are ordinary updates.

CREATE SEQUENCE sync_version_seq;

-- SECURITY DEFINER: any role that may write these tables (the admin app as `authenticated`, an
-- ERP import) stamps rows without needing its own grant on the version sequence.
CREATE FUNCTION sync_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  NEW.sync_version := nextval('public.sync_version_seq');
  NEW.sync_xid := pg_current_xact_id();
  RETURN NEW;
END $$;

CREATE TABLE sync_tombstones (
  id bigserial PRIMARY KEY,
  table_name text NOT NULL,
  row_id uuid NOT NULL,
  tenant_id uuid,
  -- The cell a tombstoned operation / custom field belonged to, for scoping.
  cell_id uuid,
  deleted_at timestamptz NOT NULL DEFAULT now(),
  sync_version bigint NOT NULL DEFAULT nextval('sync_version_seq'),
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX idx_sync_tombstones_cursor ON sync_tombstones (sync_xid, sync_version);
-- tenant_id may be NULL (a child row whose parents were deleted in the same statement); the
-- isolation policy then hides it from every tenant, which is the safe default.
SELECT enable_tenant_isolation('public.sync_tombstones');

CREATE FUNCTION sync_tombstone() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_row jsonb := to_jsonb(OLD);
  v_tenant uuid := (v_row ->> 'tenant_id')::uuid;
BEGIN
  IF TG_TABLE_NAME = 'operation_resources' THEN
    v_tenant := coalesce(
      (SELECT tenant_id FROM public.operations WHERE id = OLD.operation_id),
      (SELECT tenant_id FROM public.resources WHERE id = (v_row ->> 'resource_id')::uuid));
  END IF;
  INSERT INTO public.sync_tombstones (table_name, row_id, tenant_id, cell_id)
  VALUES (TG_TABLE_NAME, OLD.id, v_tenant, (v_row ->> 'cell_id')::uuid);
  RETURN OLD;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['tenants', 'cells', 'jobs', 'parts', 'operations', 'resources', 'operation_resources',
    'profiles', 'api_keys', 'oee_downtime_groups', 'oee_downtime_reasons', 'scrap_reasons', 'issue_categories',
    'oee_station_custom_fields', 'mqtt_publishers'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN sync_version bigint, ADD COLUMN sync_xid xid8', t);
    EXECUTE format('CREATE TRIGGER sync_stamp BEFORE INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION sync_stamp()', t);
    EXECUTE format('UPDATE %I SET sync_version = NULL', t); -- stamps rows that predate this migration
    EXECUTE format('ALTER TABLE %I ALTER COLUMN sync_version SET NOT NULL, ALTER COLUMN sync_xid SET NOT NULL', t);
    EXECUTE format('CREATE INDEX %I ON %I (sync_xid, sync_version)', 'idx_' || t || '_sync_cursor', t);
    EXECUTE format('CREATE TRIGGER sync_tombstone AFTER DELETE ON %I FOR EACH ROW EXECUTE FUNCTION sync_tombstone()', t);
  END LOOP;
END $$;

-- A terminal pulls a part's whole routing (it checks sequence at Start), and the part and job of
-- every operation in its cells. When an operation is added to a cell or moved into one, its part,
-- job and sibling operations may be older than the terminal's cursor: re-stamp them so they flow.
CREATE FUNCTION sync_restamp_routing() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE public.parts p SET sync_version = NULL
   WHERE p.id IN (SELECT DISTINCT n.part_id FROM new_ops n);
  UPDATE public.jobs j SET sync_version = NULL
   WHERE j.id IN (SELECT DISTINCT p.job_id FROM public.parts p JOIN new_ops n ON n.part_id = p.id);
  UPDATE public.operations o SET sync_version = NULL
   WHERE o.part_id IN (SELECT DISTINCT n.part_id FROM new_ops n)
     AND o.id NOT IN (SELECT n.id FROM new_ops n);
  RETURN NULL;
END $$;
CREATE TRIGGER sync_restamp_routing_ins AFTER INSERT ON operations
  REFERENCING NEW TABLE AS new_ops FOR EACH STATEMENT EXECUTE FUNCTION sync_restamp_routing();
-- Moves between cells only: the re-stamp itself never changes cell_id, so it cannot recurse.
CREATE FUNCTION sync_restamp_routing_moved() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  -- Statement triggers fire even for zero rows; without this guard the re-stamp would recurse.
  IF NOT EXISTS (SELECT 1 FROM new_ops n JOIN old_ops o ON o.id = n.id WHERE o.cell_id IS DISTINCT FROM n.cell_id) THEN
    RETURN NULL;
  END IF;
  UPDATE public.parts p SET sync_version = NULL
   WHERE p.id IN (SELECT DISTINCT n.part_id FROM new_ops n JOIN old_ops o ON o.id = n.id WHERE o.cell_id IS DISTINCT FROM n.cell_id);
  UPDATE public.jobs j SET sync_version = NULL
   WHERE j.id IN (SELECT DISTINCT p.job_id FROM public.parts p JOIN new_ops n ON n.part_id = p.id JOIN old_ops o ON o.id = n.id
                  WHERE o.cell_id IS DISTINCT FROM n.cell_id);
  UPDATE public.operations x SET sync_version = NULL
   WHERE x.part_id IN (SELECT DISTINCT n.part_id FROM new_ops n JOIN old_ops o ON o.id = n.id WHERE o.cell_id IS DISTINCT FROM n.cell_id)
     AND x.id NOT IN (SELECT n.id FROM new_ops n);
  RETURN NULL;
END $$;
CREATE TRIGGER sync_restamp_routing_upd AFTER UPDATE ON operations
  REFERENCING NEW TABLE AS new_ops OLD TABLE AS old_ops FOR EACH STATEMENT EXECUTE FUNCTION sync_restamp_routing_moved();

-- The pull's scope joins (routing of the terminal's cells) look operations up by part and cell and
-- parts by job; the seed's indexes on those are partial (deleted_at IS NULL) and cannot serve a
-- pull that must also deliver soft-deleted rows.
CREATE INDEX idx_operations_part ON operations (part_id);
CREATE INDEX idx_operations_cell_part ON operations (cell_id, part_id);
CREATE INDEX idx_parts_job ON parts (job_id);
CREATE INDEX idx_sync_tombstones_row ON sync_tombstones (row_id);
