-- Enrolled terminals and their one-time enrollment codes. Only hashes of the device credential and
-- of the enrollment code are stored (DESIGN 6.6): a copied table yields nothing usable. The health
-- columns (queue depth, oldest pending, dead letters, skew, oee) are reported by the terminal on sync.
CREATE TABLE terminals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL,
  cell_ids uuid[] NOT NULL DEFAULT '{}',
  credential_prefix text NOT NULL,
  credential_hash text NOT NULL,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  high_water_seq bigint NOT NULL DEFAULT 0,
  app_version text,
  queue_depth integer,
  oldest_pending_s numeric,
  dead_letters integer,
  clock_skew_ms integer,
  last_seen_at timestamptz,
  oee jsonb
);
CREATE INDEX idx_terminals_credential_prefix ON terminals (credential_prefix);
CREATE INDEX idx_terminals_tenant ON terminals (tenant_id);

CREATE TABLE terminal_enrollment_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  cell_ids uuid[] NOT NULL DEFAULT '{}',
  code_hash text NOT NULL UNIQUE,
  terminal_name text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  terminal_id uuid REFERENCES terminals (id) ON DELETE SET NULL,
  created_by uuid REFERENCES profiles (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
