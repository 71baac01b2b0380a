-- Downtime, machine counts, per-cell custom fields and shift notes, modelled on Kartorium's OEE
-- tables (names kept). Kartorium hangs these on sites/stations/equipment; here a station is a
-- cell and equipment is a resource.

-- Groups typed unplanned/planned/idle. The top level is capped at 8 (trigger below) because
-- reason trees wider than that end with everything filed under "Other" (DESIGN 9).
CREATE TABLE oee_downtime_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  parent_group_id uuid REFERENCES oee_downtime_groups (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('unplanned', 'planned', 'idle')),
  code text NOT NULL,
  name text NOT NULL,
  color text,
  active boolean NOT NULL DEFAULT true,
  sort integer NOT NULL DEFAULT 0,
  UNIQUE (tenant_id, code)
);

CREATE FUNCTION oee_downtime_groups_top_level_cap() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.parent_group_id IS NULL AND NEW.active THEN
    -- Serialise concurrent inserts per tenant so two sessions cannot both add the 8th group.
    PERFORM pg_advisory_xact_lock(hashtext('oee_downtime_groups:' || NEW.tenant_id::text));
    IF (SELECT count(*) FROM oee_downtime_groups
        WHERE tenant_id = NEW.tenant_id AND parent_group_id IS NULL AND active AND id <> NEW.id) >= 8 THEN
      RAISE EXCEPTION 'oee_downtime_groups: a tenant has at most 8 active top-level downtime groups'
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER oee_downtime_groups_top_level_cap BEFORE INSERT OR UPDATE OF parent_group_id, active, tenant_id
  ON oee_downtime_groups FOR EACH ROW EXECUTE FUNCTION oee_downtime_groups_top_level_cap();

CREATE TABLE oee_downtime_reasons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  group_id uuid NOT NULL REFERENCES oee_downtime_groups (id) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  -- Whether the next machine count closes a stop with this reason ('next_count'), or only a person
  -- does ('manual'): a setup must not be cut short by the first test piece.
  count_closes text NOT NULL DEFAULT 'next_count' CHECK (count_closes IN ('next_count', 'manual')),
  color text,
  active boolean NOT NULL DEFAULT true,
  sort integer NOT NULL DEFAULT 0,
  UNIQUE (tenant_id, code)
);
CREATE INDEX idx_oee_downtime_reasons_group ON oee_downtime_reasons (group_id);

-- Kartorium's unified event log: batches, downtimes and incidents on a cell or a resource.
CREATE TABLE oee_machine_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  event_type text NOT NULL CHECK (event_type IN ('batch', 'downtime', 'incident')),
  cell_id uuid NOT NULL REFERENCES cells (id),
  resource_id uuid REFERENCES resources (id) ON DELETE SET NULL,
  operation_id uuid REFERENCES operations (id) ON DELETE SET NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  duration_s numeric CHECK (duration_s IS NULL OR duration_s >= 0),
  reason_id uuid REFERENCES oee_downtime_reasons (id) ON DELETE SET NULL,
  source text NOT NULL DEFAULT 'operator' CHECK (source IN ('operator', 'machine')),
  micro_stop boolean NOT NULL DEFAULT false,
  split_parent_id uuid REFERENCES oee_machine_events (id) ON DELETE SET NULL,
  note text,
  created_by uuid REFERENCES profiles (id),
  categorised_by uuid REFERENCES profiles (id),
  categorised_at timestamptz,
  terminal_id uuid REFERENCES terminals (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX idx_oee_machine_events_cell ON oee_machine_events (cell_id, started_at DESC);
CREATE INDEX idx_oee_machine_events_open ON oee_machine_events (tenant_id) WHERE ended_at IS NULL;

-- Machine cycle counts. (machine_profile_id, machine_seq) is unique so a replayed post counts once.
CREATE TABLE cycle_counts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  machine_profile_id uuid NOT NULL REFERENCES profiles (id),
  cell_id uuid NOT NULL REFERENCES cells (id),
  resource_id uuid REFERENCES resources (id) ON DELETE SET NULL,
  machine_seq bigint NOT NULL CHECK (machine_seq >= 0),
  delta integer NOT NULL CHECK (delta >= 0),
  counter bigint CHECK (counter IS NULL OR counter >= 0),
  counter_reset boolean NOT NULL DEFAULT false,
  counted_at timestamptz NOT NULL,
  terminal_id uuid REFERENCES terminals (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (machine_profile_id, machine_seq)
);
CREATE INDEX idx_cycle_counts_cell ON cycle_counts (cell_id, counted_at DESC);

-- Per-cell custom fields (Kartorium keys them by station; a station is a cell here).
CREATE TABLE oee_station_custom_fields (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  cell_id uuid NOT NULL REFERENCES cells (id) ON DELETE CASCADE,
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,63}$'),
  label text NOT NULL,
  field_type text NOT NULL CHECK (field_type IN ('text', 'number', 'boolean', 'select')),
  phase text NOT NULL CHECK (phase IN ('start', 'complete')),
  required boolean NOT NULL DEFAULT false,
  options text[],
  min numeric,
  max numeric,
  sort integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  UNIQUE (cell_id, key),
  CHECK (field_type <> 'select' OR coalesce(array_length(options, 1), 0) > 0),
  CHECK (min IS NULL OR max IS NULL OR min <= max)
);

CREATE TABLE oee_batch_custom_field_values (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  machine_event_id uuid REFERENCES oee_machine_events (id) ON DELETE CASCADE,
  operation_id uuid REFERENCES operations (id) ON DELETE CASCADE,
  time_entry_id uuid REFERENCES time_entries (id) ON DELETE CASCADE,
  cell_id uuid NOT NULL REFERENCES cells (id),
  field_id uuid REFERENCES oee_station_custom_fields (id) ON DELETE SET NULL,
  key text NOT NULL,
  phase text NOT NULL CHECK (phase IN ('start', 'complete')),
  value jsonb NOT NULL,
  captured_by uuid REFERENCES profiles (id),
  captured_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_oee_batch_custom_field_values_operation ON oee_batch_custom_field_values (operation_id);

CREATE TABLE shift_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  cell_id uuid NOT NULL REFERENCES cells (id) ON DELETE CASCADE,
  author_id uuid NOT NULL REFERENCES profiles (id),
  text text NOT NULL,
  terminal_id uuid REFERENCES terminals (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_shift_notes_cell ON shift_notes (cell_id, created_at DESC);
